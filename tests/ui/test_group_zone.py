"""Every clock time in the room is in the group's time zone, whatever this machine's is.

The suite runs with TZ=UTC (tests/conftest.py); a New York group must still read its own
wall-clock times on the live screen, in its feed and on the projector.
"""

from __future__ import annotations

from textual.widgets import Input

from peertui.services.live import LiveMeeting
from peertui.services.schedule import save_cadence
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.display_app import DisplayApp, pace_line
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.meeting_bar import MeetingBar
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen


def _new_york(store: Store) -> None:
    group = store.groups()[0]
    form = {"every_months": "2", "mode": "weekday", "week": "3", "weekday": "3", "day": "21",
            "start": "11:00", "minutes": "150", "timezone": "America/New_York"}
    assert save_cadence(store, group.id, form) == {}


async def test_the_live_screen_and_its_feed_read_the_groups_time(store: Store,
                                                                fake_time: FakeTime) -> None:
    start_meeting(store, fake_time)  # 16:00 UTC: 11:00 in New York in November
    _new_york(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = live_screen(app)
        bar = screen.query_one(MeetingBar)
        await pilot.pause()
        assert "planned end 13:28" in bar.text, bar.text  # 2 h 28 min after 11:00
        box = screen.query_one("#note-text", Input)
        box.focus()
        box.value = "Noted at eleven"
        await pilot.press("enter")
        await pilot.pause()
        feed = screen.query_one(Feed)
        assert feed.row_count >= 1
        assert str(feed.get_row_at(feed.row_count - 1)[0]) == "11:00"


async def test_the_projector_reads_the_groups_time(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    _new_york(store)
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(120, 36)) as pilot:
        app.poll_store()
        await pilot.pause()
        followed = app.follower.followed
        assert followed is not None and followed.zone == "America/New_York"
        state = app.follower.state()
        assert state is not None
        assert "planned end 13:28" in pace_line(state, 120, followed.zone)
        LiveMeeting(store, meeting, fake_time).act("end")
        app.poll_store()
        app.tick(force=True)
        await pilot.pause()
        assert "Meeting ended at 11:00" in str(app.query_one("#room-waiting-text").render())
