"""Text that looks like markup ('[/b]', '[red]') shows as typed on every review screen."""

from __future__ import annotations

from msgspec.structs import replace
from textual.widgets import DataTable

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.widgets.result_list import ResultList
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import SIZE, settle
from tests.review.test_review_screens import cells, wait_for

HOSTILE = "[/b] [red]oops[/] *not bold* # no heading | pipe"


async def test_markup_in_names_and_text(store: Store, fake_time: FakeTime, meeting_id: str,
                                        sample: dict[str, str]) -> None:
    group = store.groups()[0]
    for member in group.members:
        if member.id == sample["Priya"]:
            member.name = "[/b]Priya [i]Raman"
    store.save_group(group)
    store.change_meeting(meeting_id, lambda m: replace(m, topic=HOSTILE))
    for item in store.items(meeting_id):
        if item.kind in ("recommendation", "action") and item.giver_id is not None:
            store.change_item(meeting_id, item.id, lambda i: replace(i, text=HOSTILE))
            break
    from peertui.services.meetings import refresh_summary

    refresh_summary(store, meeting_id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        review = app.screen.query_one("#review-table", DataTable)
        assert cells(review, 0)[2].startswith("[/b] [red]oops")
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, MeetingDetailScreen)
        assert "\\[/b\\] \\[red\\]oops" in detail.minutes_text  # escaped in the Markdown
        for tab in "123456":
            await pilot.press(tab)
        recs = detail.query_one("#detail-recs", DataTable)
        assert cells(recs, 0)[0] == "[/b]Priya [i]Raman"
        await pilot.press("escape", "slash")
        for key in "oops":
            await pilot.press(key)
        results = app.screen.query_one("#search-results", ResultList)
        await wait_for(pilot, lambda: results.row_count == 1)
        assert "[red]oops" in cells(results, 0)[4]
        await pilot.press("escape", "o")
        await settle(pilot)
        owners = {cells(app.screen.query_one("#actions-table", DataTable), i)[1]
                  for i in range(2)}
        assert "[/b]Priya [i]Raman" in owners
