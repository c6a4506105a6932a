"""Changing who speaks when: at setup for the whole round, live for those still to come."""

from __future__ import annotations

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.setup import SetupScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import live_screen

SIZE = (120, 36)


def _round(screen, key: str = "updates") -> list[str]:  # type: ignore[no-untyped-def]
    return [s.slot.speaker_id for s in screen.live.state().slots if s.slot.segment_key == key]


async def test_setup_order_is_the_meetings_order(store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    ids = [m.id for m in group.members]
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("f3")
        await pilot.press("d")  # first speaker moves down one place
        await pilot.press("enter")
        await pilot.press("f2")
        assert _round(live_screen(app)) == [ids[1], ids[0], *ids[2:]]


async def test_live_reorder_touches_only_who_has_not_spoken(store: Store,
                                                            fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    ids = [m.id for m in group.members]
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2", "f4", "f4")  # into the updates round
        await pilot.press("f4")  # second speaker now
        screen = live_screen(app)
        assert screen.live.state().current.slot.speaker_id == ids[1]
        await pilot.press("ctrl+o")
        await pilot.press("down", "d", "enter")  # swap the 2nd and 3rd still waiting
        order = _round(screen)
        assert order[:2] == ids[:2]
        assert order[2:] == [ids[2], ids[4], ids[3], *ids[5:]]
