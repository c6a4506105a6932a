"""LiveMeeting: events and items go through the store; what is shown never runs backwards."""

from __future__ import annotations

import pytest

from peertui.services.groups import load_groups
from peertui.services.live import Draft, LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, running_meeting
from peertui.services.sample import load_sample
from peertui.services.schedule import next_meeting_for
from peertui.store import Store
from tests.conftest import TODAY
from tests.fakes import FakeTime


def _meeting(store: Store, fake_time: FakeTime) -> LiveMeeting:
    group = load_sample(store, TODAY)
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[1], "Topic", TODAY)  # type: ignore[arg-type]
    create_meeting(store, record)
    return LiveMeeting(store, record.id, fake_time)


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
    assert [i.text for i in other.items] == ["From the driver"]
    assert other.items == driver.items
    assert other.record == driver.record
    assert other.refresh_if_changed() is False


def test_start_and_end_keep_the_index_summary_true(store: Store, fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    group = load_groups(store)[0]
    assert running_meeting(store, group.id).status == "setup"  # type: ignore[union-attr]
    live.act("start")
    assert running_meeting(store, group.id).status == "running"  # type: ignore[union-attr]
    live.new_item("decision", "We meet in January")
    fake_time.advance(600)
    live.act("end")
    assert running_meeting(store, group.id) is None
    summary = next(m for m in store.meetings(group.id) if m.id == live.meeting_id)
    assert summary.counts["decision"] == 1
    assert summary.status == "ended" and summary.ended_at == live.record.ended_at
    assert live.record.status == "ended"


def test_items_are_edited_deleted_and_restored_through_the_store(
    store: Store, fake_time: FakeTime
) -> None:
    live = _meeting(store, fake_time)
    live.act("start")
    first = live.new_item("note", "  first \x1b[31mnote  ")
    assert first.text == "first note"  # cleaned before it is saved
    fake_time.advance(5)
    second = live.new_item("note", "second")
    edited = live.edit_text(first.id, "first, edited")
    assert edited.text == "first, edited" and edited.at == first.at
    assert store.items(live.meeting_id) == live.items == (edited, second)
    removed = live.delete_item(first.id)
    assert removed == edited and store.items(live.meeting_id) == (second,)
    live.restore_item(removed)
    assert {i.id for i in store.items(live.meeting_id)} == {first.id, second.id}
    assert live.items == (edited, second)  # back in its place by its stamp


def test_items_are_stamped_with_the_slot_of_the_moment(store: Store,
                                                       fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    live.act("start")
    state = live.act("next")
    current = state.current
    assert current is not None
    item = live.new_item("decision", "We meet in January")
    assert (item.slot_index, item.segment_key, item.segment_title) == (
        current.index, current.slot.segment_key, current.slot.segment_title)
    assert item.status == ""
    action = live.new_item("action", "Call", owner_id=live.record.present[0])
    assert action.status == "open" and action.is_open_action


def test_capture_rules_refuse_what_is_missing_and_save_nothing(store: Store,
                                                              fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    live.act("start")
    for draft, problem in [
        (Draft(kind="action", text="Call the bank"), "needs an owner"),
        (Draft(kind="note", text="a: Call the bank"), "needs an owner"),
        (Draft(kind="recommendation", text="Sell it"), "who gave"),
        (Draft(kind="recommendation", text="Sell it", giver_id=live.record.presenter_id),
         "From and To are both"),  # the presenter is the default To
        (Draft(kind="note", text="   "), "Type something"),
    ]:
        with pytest.raises(ValueError, match=problem):
            live.capture(draft, TODAY)
    assert store.items(live.meeting_id) == ()
    owner = live.record.present[0]
    item = live.capture(Draft(kind="note", text="a: Call the bank", owner_id=owner,
                              due_text="next meeting"), TODAY)
    group = store.groups()[0]
    home_says = next_meeting_for(store, group, TODAY).day  # what home shows as next
    assert (item.kind, item.text, item.owner_id) == ("action", "Call the bank", owner)
    assert (item.due, item.due_text, item.status) == (home_says.isoformat(), "next meeting",
                                                      "open")
    assert item.due == group.next_meeting  # the sample's hand-set date, after today's
    assert store.items(live.meeting_id) == (item,)


def test_act_records_typed_events_with_their_arguments(store: Store,
                                                      fake_time: FakeTime) -> None:
    live = _meeting(store, fake_time)
    live.act("start")
    live.act("extend", seconds=120)
    order = tuple(reversed([s.speaker_id for s in live.record.slots
                            if s.segment_key == "updates"]))
    live.act("reorder", segment="updates", order=order)  # type: ignore[arg-type]
    events = store.meeting(live.meeting_id).events  # type: ignore[union-attr]
    assert [e.type for e in events] == ["start", "extend", "reorder"]
    assert events[1].seconds == 120 and events[2].segment == "updates"
    assert events[2].order == order
    assert live.state().current.extension == 120  # type: ignore[union-attr]
