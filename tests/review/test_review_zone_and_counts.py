"""The review screens as the group sees them: clock times in the group's own zone, and the
past list's counts following items changed after the meeting ended."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from peertui.domain.records import Item
from peertui.store import Store
from peertui.ui.app import PeerApp
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.screens.review.past import ReviewScreen
from peertui.ui.screens.review.search import SearchScreen
from tests.review.conftest import SIZE, settle
from tests.review.test_exports_zone import in_new_york
from tests.review.test_review_screens import cells


async def test_detail_shows_times_in_the_groups_zone(app: PeerApp, store: Store,
                                                     meeting_id: str) -> None:
    in_new_york(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "enter")
        screen = app.screen
        assert isinstance(screen, MeetingDetailScreen)
        assert "(started 12:00, ended 14:23, EDT, America/New_York)" in screen.minutes_text
        await pilot.press("2")
        items = screen.query_one("#detail-items", DataTable)
        first = store.items(meeting_id)[0]
        assert first.at.startswith("2026-09-18T17:05")  # stored in UTC
        assert cells(items, 0)[0] == "13:05"  # shown in New York
        zone = str(screen.query_one("#detail-items-zone").render())
        assert zone == "Times in EDT, America/New_York"


async def test_past_list_counts_an_item_added_after_the_end(app: PeerApp, store: Store,
                                                            meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#review-table", DataTable)
        assert cells(table, 0)[6:] == ["3", "8", "3"]  # notes, recommendations, actions
        assert not screen._changed()
        # as another terminal would: straight into the meeting file, the index untouched
        store.add_item(meeting_id, Item(id="late", kind="action", text="Send the slides",
                                        status="open", at="2026-09-19T09:00:00+00:00"))
        assert screen._changed()
        screen._follow_changes()  # what its timer runs every POLL_SECONDS
        assert cells(table, 0)[6:] == ["3", "8", "4"]
        screen._follow_changes()  # once more: that listing wrote the index's cache back
        assert not screen._changed()
        store.remove_item(meeting_id, "late")
        screen._follow_changes()
        assert cells(table, 0)[6:] == ["3", "8", "3"]


async def test_search_dates_default_to_all_time(app: PeerApp, meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "slash")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        start = screen.query_one("#search-from", Input)
        end = screen.query_one("#search-to", Input)
        assert (start.value, end.value) == ("", "")
        assert (start.placeholder, end.placeholder) == ("From: any date", "To: any date")
        status = str(screen.query_one("#search-status").render())
        assert "from all time" in status, status
        assert len(screen.hits) > 0 and {h.meeting_date for h in screen.hits} == {"2026-09-18"}
        start.value = "2026-10-01"
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.hits == []
        assert "from 2026-10-01 on" in str(screen.query_one("#search-status").render())
