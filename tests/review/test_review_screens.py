"""Review screen → a meeting's detail, and search → result → its meeting at that item."""

from __future__ import annotations

from msgspec.structs import replace
from textual.widgets import DataTable, Input, TabbedContent

from peertui.domain.records import Item
from peertui.store import Store
from peertui.store.layout import meeting_path
from peertui.ui.app import PeerApp
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.review.actions import ActionsScreen
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.screens.review.past import ReviewScreen
from peertui.ui.screens.review.search import SearchScreen
from peertui.ui.widgets.damaged_line import DamagedLine
from peertui.ui.widgets.result_list import ResultList
from tests.review.conftest import SIZE, settle


def cells(table: DataTable | ResultList, row: int) -> list[str]:  # type: ignore[type-arg]
    return [str(c) for c in table.get_row_at(row)]


async def wait_for(pilot, check, tries: int = 50) -> None:  # type: ignore[no-untyped-def]
    """Let workers and timers run until check() holds (no real sleeps beyond a few ms)."""
    for _ in range(tries):
        await pilot.pause(0.02)
        if check():
            return
    raise AssertionError("condition never became true")


async def test_review_table_then_meeting_detail(app: PeerApp, sample: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#review-table", DataTable)
        assert table.row_count == 1
        row = cells(table, 0)
        assert row[0] == "2026-09-18" and row[1] == "Art Delgado"
        assert row[2].startswith("Replacing our 20-year-old ERP")
        assert row[3].startswith("8: Art, Priya")
        assert row[4] == "2h 28m" and row[5] == "2h 24m"
        assert row[6:] == ["3", "8", "3"]  # notes, recommendations, actions

        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingDetailScreen)
        minutes = screen.minutes_text
        assert "## Recommendations to Art Delgado" in minutes
        assert "### From Priya Raman" in minutes
        assert "🔒 Tom Becker: Tom is weighing a move" in minutes  # private, with a lock
        assert "| Tom Becker | 4:00 | 5:10 | +1:10 |" in minutes

        await pilot.press("3")
        assert screen.query_one(TabbedContent).active == "recs"
        recs = screen.query_one("#detail-recs", DataTable)
        givers = [cells(recs, i)[0] for i in range(recs.row_count)]
        assert givers[0] == "Priya Raman"
        # Tom gave two: grouped, his name only on the first of them
        tom_row = givers.index("Tom Becker")
        assert givers[tom_row + 1] == ""
        assert "SECRET-rec" in cells(recs, tom_row + 1)[1]

        await pilot.press("4")
        actions = screen.query_one("#detail-actions", DataTable)
        rows = [cells(actions, i) for i in range(actions.row_count)]
        assert rows[0][:3] == ["overdue by 2 weeks", "Priya Raman", "open"]
        assert {r[1] for r in rows} == {"Art Delgado", "Priya Raman"}

        await pilot.press("5")
        timing = screen.query_one("#detail-timing", DataTable)
        titles = [cells(timing, i)[0] for i in range(timing.row_count)]
        assert "Business updates" in titles and "Recommendations" in titles
        parts = [cells(timing, i)[1] for i in range(timing.row_count)]
        assert "Presentation (Art Delgado)" in parts and "Kwame Mensah" in parts

        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_review_sorts_by_column(app: PeerApp, store: Store, meeting_id: str) -> None:
    from peertui.domain.ids import new_id

    record = store.meeting(meeting_id)
    assert record is not None
    older = replace(record, id="2026-05-14-" + new_id()[:6], date="2026-05-14",
                    topic="Zero-trust network rollout")
    from peertui.services.meetings import create_meeting, refresh_summary

    create_meeting(store, older)
    refresh_summary(store, older.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        table = app.screen.query_one("#review-table", DataTable)
        assert [cells(table, i)[0] for i in range(2)] == ["2026-09-18", "2026-05-14"]  # newest
        await pilot.press("s", "s")  # date → presenter → topic
        assert [cells(table, i)[2][:4] for i in range(2)] == ["Zero", "Repl"]
        await pilot.press("S")
        assert [cells(table, i)[2][:4] for i in range(2)] == ["Repl", "Zero"]


async def test_search_one_word_opens_meeting_at_the_item(app: PeerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results", ResultList)
        for key in "contingency":
            await pilot.press(key)
        await wait_for(pilot, lambda: results.row_count == 1)
        row = cells(results, 0)
        assert row[:4] == ["2026-09-18", "rec", "Recommendations", "Grace Okafor"]
        assert "Budget 20% contingency" in row[4]
        status = str(screen.query_one("#search-status").render())
        assert status.startswith("1 result")
        await pilot.press("enter")  # from the box to the results
        assert results.has_focus
        await pilot.press("enter")  # open the meeting at that item
        detail = app.screen
        assert isinstance(detail, MeetingDetailScreen)
        assert detail.query_one(TabbedContent).active == "recs"
        recs = detail.query_one("#detail-recs", DataTable)
        assert recs.has_focus
        assert "Budget 20% contingency" in cells(recs, recs.cursor_row)[1]


async def test_search_filters_and_bad_dates(app: PeerApp, sample: dict[str, str]) -> None:
    from textual.widgets import Select

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        results = screen.query_one("#search-results", ResultList)
        await wait_for(pilot, lambda: results.row_count > 10)  # empty query lists everything
        screen.query_one("#search-kind", Select).value = "action"
        await wait_for(pilot, lambda: results.row_count == 3)
        screen.query_one("#search-member", Select).value = sample["Priya"]
        await wait_for(pilot, lambda: results.row_count == 1)
        assert "data-migration checklist" in cells(results, 0)[4]
        screen.query_one("#search-from", Input).value = "2026-13-01"
        await wait_for(pilot, lambda: "not a date" in str(screen.query_one("#search-status")
                                                          .render()))
        assert screen.query_one("#search-from", Input).value == "2026-13-01"  # text kept
        screen.query_one("#search-from", Input).value = "2026-10-01"
        await wait_for(pilot, lambda: results.row_count == 0)


async def test_search_shows_the_newest_then_more(app: PeerApp, store: Store,
                                                 meeting_id: str) -> None:
    from peertui.ui.screens.review.search import RESULT_LIMIT

    for n in range(RESULT_LIMIT + 5):
        store.add_item(meeting_id, Item(id=f"many-{n}", kind="note",
                                        text=f"Cloud bill review number {n}",
                                        at=f"2026-09-18T19:{n // 60:02d}:{n % 60:02d}+00:00"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results", ResultList)
        for key in "cloud":
            await pilot.press(key)
        await wait_for(pilot, lambda: screen.shown_query is not None
                       and screen.shown_query.text == "cloud")
        assert results.row_count == RESULT_LIMIT
        assert "Cloud bill review number 54" in cells(results, 0)[4]  # newest first
        assert "ctrl+n shows more" in str(screen.query_one("#search-status").render())
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: results.row_count == RESULT_LIMIT + 5)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert results.row_count == RESULT_LIMIT + 5


def damage_a_second_meeting(store: Store, meeting_id: str) -> str:
    """A second, older ended meeting whose file is then cut short mid-record; its id."""
    from peertui.services.meetings import create_meeting

    record = store.meeting(meeting_id)
    assert record is not None
    damaged = replace(record, id="2026-05-14-damage", date="2026-05-14",
                      topic="Zero-trust network rollout")
    create_meeting(store, damaged)
    store.add_item(damaged.id, Item(id="lost-action", kind="action", status="open",
                                    text="Zero-trust pilot in the plant", due="2026-06-01"))
    cached = store.refresh_summary(damaged.id)  # the index now lists its open action ...
    assert cached is not None and cached.open_actions == 1
    meeting_path(store.root, damaged.id).write_bytes(  # ... which no list may trust now
        b'{"meeting": {"1": {"id": "2026-05-14-damage", "group_id": "')
    return damaged.id


def damaged_line(screen: object) -> str:
    assert isinstance(screen, (HomeScreen, ReviewScreen, SearchScreen, ActionsScreen))
    line = screen.query_one(DamagedLine)
    return line.text if line.display else ""


async def test_one_damaged_meeting_file_is_named_and_the_rest_listed(
        app: PeerApp, store: Store, meeting_id: str) -> None:
    damaged = damage_a_second_meeting(store, meeting_id)
    before = meeting_path(store.root, damaged).read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen  # home first: the good meeting's open items, and the line
        assert isinstance(home, HomeScreen)
        assert f"meetings/{damaged}.json" in damaged_line(home)
        open_items = home.query_one("#open-actions", DataTable)
        assert open_items.row_count == 3  # the good meeting's open items (conftest)
        assert all("Zero-trust" not in " ".join(cells(open_items, n)) for n in range(3))
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#review-table", DataTable)
        assert table.row_count == 1  # the good meeting, still listed
        assert cells(table, 0)[0] == "2026-09-18"
        assert cells(table, 0)[2].startswith("Replacing our 20-year-old ERP")
        line = damaged_line(screen)
        assert f"meetings/{damaged}.json" in line
        assert "cannot be read" in line and "Left as found" in line

        await pilot.press("o")  # the action items: the good meeting's, and the same line
        await settle(pilot)
        actions = app.screen
        assert isinstance(actions, ActionsScreen)
        assert actions.query_one("#actions-table", DataTable).row_count == 3
        assert f"meetings/{damaged}.json" in damaged_line(actions)

        await pilot.press("escape", "slash")  # search: results from the good one, the line
        search = app.screen
        assert isinstance(search, SearchScreen)
        for key in "contingency":
            await pilot.press(key)
        results = search.query_one("#search-results", ResultList)
        await wait_for(pilot, lambda: results.row_count == 1)
        await wait_for(pilot, lambda: f"meetings/{damaged}.json" in damaged_line(search))
    assert meeting_path(store.root, damaged).read_bytes() == before  # left exactly as found


async def test_no_damaged_line_when_every_file_reads(app: PeerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert damaged_line(app.screen) == ""
