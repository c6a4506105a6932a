"""Only the countdown ticks each second: meeting time, pace, rail and deep-dive hour move by
the minute (calm to watch, and one small repaint a second: tests/bench, idle CPU)."""

from __future__ import annotations

from textual.widgets import Static

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.agenda_rail import AgendaRail
from peertui.ui.widgets.clock_digits import ClockDigits
from peertui.ui.widgets.meeting_bar import MeetingBar
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown, live_screen

SIZE = (120, 36)


def rail_row(rail: AgendaRail, title: str) -> str:
    rows = [rail.render_line(y).text for y in range(rail.size.height)]
    return next(row for row in rows if title in row)


async def test_seconds_on_the_countdown_minutes_everywhere_else(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2")
        screen = live_screen(app)
        bar, rail = screen.query_one(MeetingBar), screen.query_one(AgendaRail)
        digits = screen.query_one(ClockDigits)
        assert bar.text.startswith("Meeting <1 min") and "on time" in bar.text
        fake_time.advance(125.4)
        await clock_shown(pilot)
        assert digits.value == "2:55"  # welcome is 5:00
        assert bar.text.startswith("Meeting 2 min")
        assert rail_row(rail, "Welcome").rstrip().endswith("2 min")
        told = screen.minute_state
        fake_time.advance(10)
        await clock_shown(pilot)
        assert digits.value == "2:45" and bar.text.startswith("Meeting 2 min")
        assert screen.minute_state is told, "bar and rail are not even told of a new second"
        fake_time.advance(50)
        await clock_shown(pilot)
        assert screen.minute_state is not told and bar.text.startswith("Meeting 3 min")

        await pilot.press("f4")  # welcome done early: its time is exact, and we are ahead
        await pilot.pause()
        assert rail_row(rail, "Welcome").rstrip().endswith("3:05")
        assert "ahead by 1 min" in bar.text
        fake_time.advance(15 * 60)  # follow-ups planned 10:00
        await clock_shown(pilot)
        assert "behind by 3 min" in bar.text  # 1:55 saved, 5:00 over
        assert rail_row(rail, "Follow-ups").rstrip().endswith("15 min")
        assert bar.text.startswith("Meeting 18 min")


async def test_the_deep_dive_hour_counts_down_in_minutes(store: Store,
                                                         fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2")
        screen = live_screen(app)
        while screen.live.state().current.slot.segment_key != "deepdive":
            await pilot.press("f4")
        await pilot.pause()
        extra = screen.query_one("#segment-extra", Static)
        assert str(extra.render()).startswith("Deep dive hour: 1 h left")
        fake_time.advance(61)
        await clock_shown(pilot)
        assert str(extra.render()).startswith("Deep dive hour: 59 min left")
        fake_time.advance(59 * 60)
        await clock_shown(pilot)
        assert str(extra.render()).startswith("Deep dive hour: time is up")
