"""A store with a meeting in progress, for the room tests."""

from __future__ import annotations

from peertui.domain.timesource import TimeSource
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY


def start_meeting(store: Store, time: TimeSource, started: bool = True) -> str:
    """The sample group's meeting with everyone present, its clock started (or not)."""
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "ERP cut-over", TODAY)
    create_meeting(store, record)
    if started:
        LiveMeeting(store, record.id, time).act("start")
    return str(record.id)
