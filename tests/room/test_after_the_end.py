"""After the meeting ends, a note-taker's item is refused with a plain reason (issue 13.3)."""

from __future__ import annotations

import pytest

from peertui.services.live import Draft, LiveMeeting
from peertui.store import Store
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting


def test_an_item_typed_after_another_terminal_ended_the_meeting_is_refused(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    driver = LiveMeeting(store, meeting, fake_time)
    notes = LiveMeeting(Store.open(store.root), meeting, fake_time)  # a second terminal
    notes.draft_item(Draft("note", "Before the end"), TODAY)  # accepted while it runs
    fake_time.advance(60)
    driver.act("end")
    assert notes.refresh_if_changed(), "the note-taker's poll sees the end"
    with pytest.raises(ValueError, match="The meeting has ended: nothing more can be added"):
        notes.draft_item(Draft("note", "After the end"), TODAY)
    assert all(i.text != "After the end" for i in store.meeting_doc(meeting)[1])
