"""LiveMeeting: events and items go through the store; what is shown never runs backwards."""

from __future__ import annotations

from peertui.domain.timesource import FakeTime
from peertui.services.groups import load_groups
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, running_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY


def _meeting(store: Store, fake_time: FakeTime) -> LiveMeeting:
    group = load_sample(store, TODAY)
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[1], "Topic", TODAY)  # type: ignore[arg-type]
    create_meeting(store, record)
    return LiveMeeting(store, record["id"], fake_time)


def test_system_clock_stepping_back_never_shrinks_elapsed(store: Store,
                                                          fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    live.act("start")
    fake_time.advance(120)
    shown = live.state().current.elapsed  # type: ignore[union-attr]
    fake_time.advance(-60)  # NTP steps the clock back a minute
    assert live.state().current.elapsed == shown  # type: ignore[union-attr]
    fake_time.advance(90)
    assert live.state().current.elapsed == 150  # type: ignore[union-attr]


def test_another_process_sees_events_and_items(store: Store, fake_time: FakeTime) -> None:
    driver = _meeting(store, fake_time)
    other = LiveMeeting(Store.open(store.root), driver.meeting_id, fake_time)
    driver.act("start")
    driver.new_item("note", "From the driver")
    assert other.refresh_if_changed() is True
    assert other.state().status == "running"
    assert [i["text"] for i in other.items] == ["From the driver"]
    assert other.refresh_if_changed() is False


def test_start_and_end_keep_the_index_summary_true(store: Store, fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    group = load_groups(store)[0]
    assert running_meeting(store, group.id)["status"] == "setup"  # type: ignore[index]
    live.act("start")
    assert running_meeting(store, group.id)["status"] == "running"  # type: ignore[index]
    live.new_item("decision", "We meet in January")
    fake_time.advance(600)
    live.act("end")
    assert running_meeting(store, group.id) is None
    summary = next(m for m in store.list_meetings(group.id) if m["id"] == live.meeting_id)
    assert summary["counts"]["decision"] == 1
    assert summary["status"] == "ended"
