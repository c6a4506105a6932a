"""Snapshots of the ledger's new views at 80x24 and 200x60, on a frozen clock: the member
view (from the roster), the follow-ups' report back, and its dialog.  The lead generates
and looks at the pictures (`--snapshot-update`) after merging."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.member_ledger import LOAD_GROUP as MEMBER_LOAD
from peertui.ui.widgets.report_back import LOAD_GROUP as REPORT_LOAD
from tests.conftest import MEETING_START, TODAY
from tests.fakes import FakeTime
from tests.ledger.seed import meeting_today, seed

SIZES = {"80x24": (80, 24), "200x60": (200, 60)}


async def _finish(pilot: Pilot[None], group: str) -> None:
    await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers
                                               if w.group == group])
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def _member_view(pilot: Pilot[None]) -> None:
    await pilot.press("m")
    await pilot.pause()
    table = pilot.app.screen.query_one("#roster-table", DataTable)
    names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    await pilot.press("home", *["down"] * names.index("Priya Raman"), "enter")
    await pilot.pause()
    await _finish(pilot, MEMBER_LOAD)


async def _report_back(pilot: Pilot[None]) -> None:
    await _finish(pilot, REPORT_LOAD)


async def _report_dialog(pilot: Pilot[None]) -> None:
    await _finish(pilot, REPORT_LOAD)
    pilot.app.screen.query_one("#rb-table", DataTable).focus()
    await pilot.press("home", "enter")
    await _finish(pilot, REPORT_LOAD)


VIEWS = {"member_view": (_member_view, False), "report_back": (_report_back, True),
         "report_dialog": (_report_dialog, True)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_ledger_view(snap_compare, tmp_path: Path, view: str, size: str) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "snap-store")
    time = FakeTime(MEETING_START)
    seed(store)
    steps, live = VIEWS[view]
    if live:
        meeting_today(store, time)
    app = create_app(store, time, today=TODAY)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steps)
