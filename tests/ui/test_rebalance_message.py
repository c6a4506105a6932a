"""F7 says what it did: which segments lost or got back how much (issue 13.4)."""

from __future__ import annotations

from peertui.store import Store
from peertui.ui.app import create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, notifications

SIZE = (120, 36)


async def test_f7_cuts_when_behind_and_gives_back_when_ahead_saying_what_moved(
        store: Store, fake_time: FakeTime) -> None:
    start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = live_screen(app)
        await pilot.press("f7")
        await pilot.pause()
        assert said[-1] == "On time already: nothing to rebalance."

        await pilot.press("f4")  # the welcome closed at once: 5 minutes ahead, nothing cut
        await pilot.press("f7")
        await pilot.pause()
        assert said[-1].startswith("Ahead of plan, and the flexible segments left already "
                                   "have their full planned time"), said[-1]

        fake_time.advance(600 + 600)  # the follow-ups run ten minutes over: 5 min behind
        await pilot.press("f7")
        await pilot.pause()
        assert said[-1].startswith("Cut 5 min: "), said[-1]
        assert "Recommendations" in said[-1] and " → " in said[-1]
        assert said[-1].endswith("The meeting now ends as planned. If the meeting gets ahead "
                                 "again, F7 gives the time back.")
        assert abs(screen.live.state().behind_by) <= 1

        for _ in range(4):  # three updates over at once: ahead by more than was cut
            await pilot.press("f4")
        await pilot.pause()
        assert -screen.live.state().behind_by > 5 * 60
        await pilot.press("f7")
        await pilot.pause()
        assert said[-1].startswith("Gave "), said[-1]
        assert " back: " in said[-1] and "Recommendations" in said[-1]
        assert " ahead: the flexible segments left have their full planned time again." \
            in said[-1]
        state = screen.live.state()
        assert all(s.planned == s.slot.planned for s in state.slots[state.index + 1:])
