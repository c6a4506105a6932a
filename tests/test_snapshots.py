"""Snapshots at 120x36 on a frozen clock. Regenerate only on purpose: make snapshots."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from tests.conftest import MEETING_START, TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown

SIZE = (120, 36)


def _app(tmp_path: Path, sample: bool = True) -> tuple[PeerApp, FakeTime]:
    store = Store.open(tmp_path / "snap-store")
    if sample:
        load_sample(store, TODAY)
    time = FakeTime(MEETING_START)
    return create_app(store, time, today=TODAY), time


async def _steady(pilot: Pilot[None]) -> None:
    """No blinking cursors, no pending work: the same picture every run."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_welcome(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(tmp_path, sample=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady)


def test_home(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady)


def test_setup(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(tmp_path)

    async def open_setup(pilot: Pilot[None]) -> None:
        await pilot.press("n")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_setup)


def _live(tmp_path: Path, minutes_into_updates: float, pause: bool = False):  # type: ignore[no-untyped-def]
    app, time = _app(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await pilot.press("n", "f2", "f2")
        time.advance(5 * 60)
        await pilot.press("f4")
        time.advance(12 * 60)
        await pilot.press("f4")
        time.advance(minutes_into_updates * 60)
        if pause:
            await pilot.press("f2")
            time.advance(90)
        await clock_shown(pilot)  # the screen's own next tick shows the moved clock
        pilot.app.screen.query_one("#feed").focus()
        await _steady(pilot)

    return app, run


def test_live_running(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, run = _live(tmp_path, 1.5)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_live_overtime(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, run = _live(tmp_path, 5 + 23 / 60)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_live_paused(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, run = _live(tmp_path, 2, pause=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
