"""Follow-ups list who reports back on what; the report is saved on the commitment.
The wrap-up shows the group's figure since the last meeting."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, Input, Label

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.now_panel import NowPanel
from peertui.ui.widgets.report_back import ReportBack, ReportDialog
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ledger.seed import meeting_today, seed
from tests.ui.helpers import live_screen, notifications, wait_until


def rows_of(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_who_reports_back_and_the_report_is_saved(store: Store, fake_time: FakeTime,
                                                        size: tuple[int, int]) -> None:
    seed(store)
    meeting_id = meeting_today(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = live_screen(app)
        panel = screen.query_one(ReportBack)
        table = panel.query_one("#rb-table", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, what="the report-back rows")
        rows = rows_of(table)
        # Fell due since September: Art's undated one (due today), Priya's two, Tom's one;
        # the July one fell due before the last meeting and is not listed.
        assert [(r[0], r[3]) for r in rows] == [
            ("Art Delgado", "due today"), ("Priya Raman", "kept"), ("Priya Raman", "missed"),
            ("Tom Becker", "missed")]
        assert table.region.right <= size[0]
        table.focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        box = dialog.query_one("#report-dialog").region
        assert box.right <= size[0] and box.bottom <= size[1]
        assert dialog.query_one("#report-done", Checkbox).region.bottom <= box.bottom
        await pilot.press("enter")  # nothing typed: said so, nothing saved
        await pilot.pause()
        assert "Type something" in str(dialog.query_one("#report-error", Label).render())
        dialog.query_one(Input).value = "Phased, plant by plant"
        dialog.query_one("#report-done", Checkbox).value = True
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        item = next(i for i in store.items("m-sept") if i.id == "s3")
        assert item.status == "done" and item.history[-1].new == "done"
        assert [(r.text, r.captured_in) for r in item.reports] == [
            ("Phased, plant by plant", meeting_id)]
        await wait_until(pilot, lambda: rows_of(table)[0][3] == "kept",
                         what="the list showing it kept")
        assert rows_of(table)[0][4] == "reported"
        assert "Saved: done" in str(panel.query_one("#rb-message", Label).render())


async def test_wrap_up_shows_the_groups_figure_since_the_last_meeting(
        store: Store, fake_time: FakeTime) -> None:
    seed(store)
    meeting_today(store, fake_time, segment="wrapup")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = live_screen(app)
        now = screen.query_one(NowPanel)
        await wait_until(pilot, lambda: bool(now.now.kept), what="the wrap-up figure")
        # s1 kept; s2, s4 missed; s3 (undated, due at this meeting) still open.
        assert now.now.kept == "Commitments kept since the last meeting: 1 of 4"
        assert "Commitments kept since the last meeting: 1 of 4" in str(now.render())


async def test_at_80_columns_the_wrap_up_figure_is_said_in_a_toast(
        store: Store, fake_time: FakeTime) -> None:
    seed(store)
    meeting_today(store, fake_time, segment="wrapup")
    app = create_app(store, fake_time, today=TODAY)
    said = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live_screen(app)
        assert not screen.query_one(NowPanel).region.width  # folded away at 80 columns
        await wait_until(pilot, lambda: "Commitments kept since the last meeting: 1 of 4"
                         in said, what="the toast")


async def test_letters_typed_at_the_report_table_go_to_the_note_box(
        store: Store, fake_time: FakeTime) -> None:
    seed(store)
    meeting_today(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = live_screen(app)
        table = screen.query_one("#rb-table", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, what="the report-back rows")
        table.focus()
        await pilot.press("o", "k")
        await pilot.pause()
        assert screen.query_one("#note-text", Input).value == "ok"
        assert app.screen is screen
