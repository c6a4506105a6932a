"""A running meeting whose feed holds a long note attributed to a named speaker."""

from __future__ import annotations

import msgspec

from peertui.services.live import LiveMeeting
from peertui.store import Store
from tests.fakes import FakeTime
from tests.reliability.test_escapes import running_meeting
from tests.review.conftest import build_sample

#: 300 characters of plain words, with a distinct last word to look for.
LONG_NOTE = ("Priya walked the group through the data migration plan in detail: the vendor "
             "shortlist, the budget with a twenty percent contingency, the cutover weekend, "
             "the rollback rehearsal, who signs off each stage, and the two risks she still "
             "worries about most, namely the payroll interface and the archive of old "
             "contracts, zanzibar.")[:300]


def meeting_with_long_note(store: Store, fake_time: FakeTime) -> tuple[str, dict[str, str]]:
    """The sample, a meeting in Follow-ups, and LONG_NOTE said by Priya, saved last."""
    names = build_sample(store)
    meeting_id = running_meeting(store, fake_time)
    live = LiveMeeting(store, meeting_id, fake_time)
    item = msgspec.structs.replace(live.stamp("note", LONG_NOTE), speaker_id=names["Priya"])
    store.add_item(meeting_id, item)
    return meeting_id, names
