"""The issue's 'done when', as a new user would do it with only what the screen shows:
search one word, open the meeting, mark an action item done, export the minutes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.review.actions import ActionsScreen
from peertui.ui.screens.review.dialogs import ExportDialog
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.screens.review.search import SearchScreen
from peertui.ui.widgets.result_list import ResultList
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import SIZE, settle
from tests.review.test_review_screens import cells, wait_for


async def test_find_open_mark_done_export(store: Store, fake_time: FakeTime,
                                          exports_folder: Path) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")  # the command palette lists the search
        for key in "search":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        for key in "contingency":
            await pilot.press(key)
        results = search.query_one("#search-results", ResultList)
        await wait_for(pilot, lambda: search.shown_query is not None
                       and search.shown_query.text == "contingency")
        assert results.row_count == 1
        assert "Budget 20% contingency for data migration" in cells(results, 0)[4]
        await pilot.press("enter", "enter")  # to the results, then open the first
        detail = app.screen
        assert isinstance(detail, MeetingDetailScreen)
        recs = detail.query_one("#detail-recs", DataTable)
        assert "Budget 20% contingency" in cells(recs, recs.cursor_row)[1]

        await pilot.press("4")  # the Actions tab, named on screen
        actions = detail.query_one("#detail-actions", DataTable)
        assert cells(actions, 0)[2] == "open"
        await pilot.press("ctrl+d")
        await settle(pilot)
        rows = [cells(actions, i) for i in range(actions.row_count)]
        assert ["done", "Priya Raman", "✓ done"] in [r[:3] for r in rows]

        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#export-path", Input).value
        assert path == str(exports_folder / "minutes-2026-09-18.md")
        assert f"Exports go to {exports_folder}" in str(dialog.query_one("#export-where").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail
        said = [n.message for n in app._notifications]
        assert f"Exported to {path}. 1 private item was left out" in said[-1]
    minutes = Path(path).read_text()
    assert "## Recommendations to Art Delgado" in minutes
    assert "| Priya Raman | Share the data-migration checklist with the group. | 2026-11-13 " \
           "| done |" in minutes
    assert "Tom is weighing" not in minutes
    assert "_1 private item left out" in minutes


async def test_home_tables_lead_to_the_review(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#past", DataTable).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingDetailScreen)
        await pilot.press("escape")
        home.query_one("#open-actions", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)


async def test_export_dialog_reports_problems_inline(store: Store, fake_time: FakeTime,
                                                     tmp_path: Path) -> None:
    load_sample(store, TODAY)
    meeting_id = store.meetings()[0].id
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ExportDialog(meeting_id, "2026-09-18", "ics"))
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-path", Input).value = str(tmp_path / "missing" / "x.ics")
        from textual.widgets import Select

        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value.endswith("x.ics")  # typed: kept
        await pilot.press("enter")
        said = str(dialog.query_one("#export-error").render())
        assert "Cannot write" in said and "that folder does not exist" in said, said
        assert "No file was written." in said and app.screen is dialog
        assert not (tmp_path / "missing").exists()
