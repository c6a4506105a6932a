"""A clock key repaints what changed; it does not lay out or redraw the whole live screen.

Each layout of the live screen costs tens of milliseconds (tests/bench bar 7): a new speaker
changes words, not sizes, so F4 and F3 must not ask for one, and home under the live screen
must not turn them into a full redraw."""

from __future__ import annotations

import pytest
from textual._compositor import Compositor
from textual.screen import Screen

from peertui.store import Store
from peertui.ui.app import create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, wait_until


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_next_and_back_lay_nothing_out(store: Store, fake_time: FakeTime,
                                             monkeypatch: pytest.MonkeyPatch,
                                             size: tuple[int, int]) -> None:
    meeting = start_meeting(store, fake_time)
    from peertui.services.live import LiveMeeting

    live = LiveMeeting(store, meeting, fake_time)
    live.act("next")
    live.act("next")  # the updates round: F4 and F3 move between speakers
    app = create_app(store, fake_time, today=TODAY)
    counts = {"layout": 0, "full": 0}
    layout, full = Screen._refresh_layout, Compositor.render_full_update

    def counted_layout(self: Screen[object], size: object = None, scroll: bool = False
                       ) -> None:
        if not scroll:  # a scroll (the rail following the speaker) moves, it does not measure
            counts["layout"] += 1
        layout(self, size, scroll)  # type: ignore[arg-type]

    def counted_full(self: Compositor, *args: object, **kwargs: object) -> object:
        counts["full"] += 1
        return full(self, *args, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=size) as pilot:
        screen = live_screen(app)
        await wait_until(pilot, lambda: app.store_watch.live, what="the store watch")
        await pilot.pause(0.3)
        monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
        monkeypatch.setattr(Compositor, "render_full_update", counted_full)
        speakers = []
        for key in ("f4", "f3", "f4", "f3"):
            await pilot.press(key)
            await pilot.pause()
            assert screen.state is not None and screen.state.current is not None
            speakers.append(screen.state.current.slot.title)
        assert speakers[0] != speakers[1] and speakers[0] == speakers[2]
        # before update_steady every key laid the screen out (and home turned it into a full
        # redraw); a layout now and then still comes from Textual itself (not traced to any
        # widget's refresh), never one a key
        assert counts["full"] == 0 and counts["layout"] < len(speakers), counts
