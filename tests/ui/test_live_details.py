"""Live-meeting details: bells, editing an item, and keys that need a running clock."""

from __future__ import annotations

from textual.widgets import Input

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown, live_screen, notifications, submit_note

SIZE = (120, 36)


async def test_bell_rings_at_warning_and_at_zero_once_each(store: Store,
                                                           fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    rings: list[str] = []
    app.bell = lambda: rings.append("ding")  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2")
        for seconds in (200, 30, 30, 30, 30, 30):  # welcome is 5:00: warn at 1:00 left
            fake_time.advance(seconds)
            await clock_shown(pilot)
            if seconds == 200:
                assert rings == []
        assert rings == ["ding", "ding"]


async def test_edit_an_item_from_the_feed(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2")
        screen = live_screen(app)
        await submit_note(pilot, "Teh typo")
        screen.query_one("#feed").focus()
        await pilot.press("ctrl+e")
        editor = app.screen.query_one("#note-text", Input)
        editor.value = "The typo, fixed"
        await pilot.press("enter")
        assert [i.text for i in store.items(screen.meeting_id)] == ["The typo, fixed"]


async def test_next_before_start_explains_instead_of_acting(store: Store,
                                                             fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f4", "f5")
        screen = live_screen(app)
        assert screen.live.record.events == ()
        assert any("Start the clock first" in message for message in said)
