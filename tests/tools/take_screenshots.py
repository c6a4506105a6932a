"""Write the README's screenshots (SVG) from the app itself, on a sample store and fake clock.

Run: .venv/bin/python -m tests.tools.take_screenshots   (or: make screenshots)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from tests.fakes import FakeTime

OUT = Path(__file__).resolve().parents[2] / "screenshots"
SIZE = (120, 36)
TODAY = date(2026, 11, 27)
START = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)

Steps = Callable[[Pilot[None], FakeTime], Awaitable[None]]


async def _shoot(name: str, steps: Steps) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "store")
        load_sample(store, TODAY, history=True)
        clock = FakeTime(START)
        app = create_app(store, clock, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await steps(pilot, clock)
            for widget in app.screen.query(Input):
                widget.cursor_blink = False
            await pilot.pause()
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))


async def _home(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.pause()


async def _live(pilot: Pilot[None], clock: FakeTime) -> None:
    from tests.ui.helpers import clock_shown, member_id, submit_note

    await pilot.press("n", "f2", "f2")
    clock.advance(5 * 60)
    await pilot.press("f4")
    await submit_note(pilot, "Art hired the integrator; go-live moved to March.")
    clock.advance(11 * 60)
    await pilot.press("f4")
    clock.advance(2 * 60 + 40)
    await submit_note(pilot, "Priya: board approved the zero-trust budget.")
    await submit_note(pilot, "Send the vendor shortlist", kind="action",
                      owner=member_id(pilot.app, "Priya"), due="in 2 weeks")  # type: ignore[arg-type]
    await clock_shown(pilot)  # the screen's own next tick shows the moved clock


async def _setup(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.press("n")


async def _review(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.press("p", "enter")


async def _health(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.press("h")


async def _member_view(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.press("m")
    await pilot.pause(0.3)
    await pilot.press("down")  # Dan Novak, the roster being by name
    await pilot.pause(0.2)
    await pilot.press("l")
    await pilot.pause(0.5)  # the ledger is read in a thread


async def _topic_bank(pilot: Pilot[None], clock: FakeTime) -> None:
    await pilot.press("b")


async def main() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as config:
        # never the user's own settings; the name question answered (skipped) beforehand
        os.environ["PEERTUI_CONFIG"] = config
        from peertui.services.machine import save_machine_name

        save_machine_name("")
        await _shoot("home", _home)
        await _shoot("setup", _setup)
        await _shoot("live-meeting", _live)
        await _shoot("meeting-detail", _review)
        await _shoot("health", _health)
        await _shoot("member-view", _member_view)
        await _shoot("topic-bank", _topic_bank)


if __name__ == "__main__":
    asyncio.run(main())
