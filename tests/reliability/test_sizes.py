"""Terminal sizes from 40x12 to 300x100, and live resizing: no crash, and a plain notice where
a screen cannot fit (each screen has a minimum; the live screen needs 80x20)."""

from __future__ import annotations

from textual.pilot import Pilot

from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.live.screen import LiveScreen
from peertui.ui.screens.setup import SetupScreen
from peertui.ui.screens.welcome import WelcomeScreen
from peertui.ui.widgets.too_small import TooSmall, min_size
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.figures import add

SIZES = [(40, 12), (99, 23), (300, 100), (80, 24), (120, 36)]


def notice_shown(pilot: Pilot[None]) -> bool:
    notices = list(pilot.app.screen.query_children(TooSmall))
    return bool(notices) and notices[0].display


async def check_sizes(pilot: Pilot[None], screen_type: type) -> None:
    """Resize through every size: the screen stays, and the notice matches its minimum."""
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, screen_type), f"{width}x{height}: {screen!r}"
        need = min_size(screen)
        small = width < need[0] or height < need[1]
        assert notice_shown(pilot) == small, f"{screen_type.__name__} at {width}x{height}"
        if small:
            text = str(screen.query_one(TooSmall).render())
            assert "too small" in text and f"{need[0]} × {need[1]}" in text
        add("sizes_tried")


async def test_welcome_at_every_size(store: Store, fake_time: FakeTime) -> None:
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(40, 12)) as pilot:
        assert notice_shown(pilot)  # already at start, before any resize
        await check_sizes(pilot, WelcomeScreen)


async def test_home_setup_and_live_at_every_size(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await check_sizes(pilot, HomeScreen)
        await pilot.resize_terminal(120, 36)
        await pilot.press("n")
        await check_sizes(pilot, SetupScreen)
        await pilot.resize_terminal(40, 12)  # start the meeting while squeezed
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen) and notice_shown(pilot)
        await pilot.press("f2")
        await check_sizes(pilot, LiveScreen)
        assert app.screen.live.state().status == "running"  # type: ignore[attr-defined]


async def test_live_keeps_working_while_resized(store: Store, fake_time: FakeTime) -> None:
    """Typing and timer keys keep working through resizes; the note typed at 40x12 is saved."""
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "Sizes", TODAY)
    create_meeting(store, record)
    LiveMeeting(store, record.id, fake_time).act("start")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        for width, height in [(40, 12), (200, 15), (100, 24)]:
            await pilot.resize_terminal(width, height)
            fake_time.advance(61)
            await pilot.press("f4")
            await pilot.press(*"ok", "enter")
            await pilot.pause()
            add("sizes_tried")
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        assert screen.live.state().index == 3
        assert [i.text for i in store.items(record.id)] == ["ok"] * 3
        assert not notice_shown(pilot)  # 100x24 is enough
