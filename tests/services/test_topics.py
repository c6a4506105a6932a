"""The topic bank through the store: add, edit, drop, take (services/topics.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peertui.domain.models import Group
from peertui.domain.topics import bank_topic
from peertui.services.meetings import new_meeting
from peertui.services.sample import load_sample
from peertui.services.topics import (
    add_topic,
    bank_rows,
    drop_topic,
    edit_topic,
    start_with_topic,
    take_topic,
)
from peertui.store import Store
from tests.conftest import TODAY


def _group(store: Store) -> Group:
    return load_sample(store, TODAY)


def test_add_edit_drop_are_saved_in_the_group(store: Store) -> None:
    group = _group(store)
    priya = group.members[1]
    added = add_topic(store, group.id, priya.id, "  ERP\nvendor   exit ", "a", TODAY)
    assert (added.issue, added.urgency, added.added) == ("ERP vendor exit", "A", "2026-11-27")
    saved = store.group(group.id)
    assert saved is not None and saved.topics == [added]
    edited = edit_topic(store, group.id, added.id, group.members[0].id, "Cloud exit", "C")
    assert (edited.member_id, edited.issue, edited.urgency, edited.added) == \
        (group.members[0].id, "Cloud exit", "C", "2026-11-27")
    assert store.group(group.id).topics == [edited]  # type: ignore[union-attr]
    assert drop_topic(store, group.id, added.id) == edited
    assert store.group(group.id).topics == []  # type: ignore[union-attr]


@pytest.mark.parametrize(("member", "issue", "urgency", "message"), [
    (None, "ERP", "A", "Choose whose topic it is."),
    ("first", "   ", "A", "Write the issue in one line"),
    ("first", "x" * 121, "A", "Keep the issue to one line: 121 characters"),
    ("first", "ERP", "D", "Urgency is A (needs the group now), B (soon) or C (some day)."),
])
def test_bad_input_says_why_and_saves_nothing(store: Store, member: str | None, issue: str,
                                              urgency: str, message: str) -> None:
    group = _group(store)
    member_id = group.members[0].id if member else None
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_topic(store, group.id, member_id, issue, urgency, TODAY)
    assert store.group(group.id).topics == []  # type: ignore[union-attr]


def test_a_retired_member_gets_no_new_topic(store: Store) -> None:
    group = _group(store)
    group.members[0].status = "retired"
    store.save_group(group)
    with pytest.raises(ValueError, match="has retired"):
        add_topic(store, group.id, group.members[0].id, "ERP", "B", TODAY)


def test_taking_a_topic_links_the_meeting_and_the_bank_lists_it_taken(store: Store) -> None:
    group = _group(store)
    priya = group.members[1]
    waiting_one = add_topic(store, group.id, priya.id, "Old topic", "B",
                            TODAY - timedelta(weeks=6))
    chosen = add_topic(store, group.id, priya.id, "ERP vendor exit", "A", TODAY)
    group = store.group(group.id)  # type: ignore[assignment]
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, priya.id,  # type: ignore[arg-type]
                         "Leaving our ERP vendor", TODAY)
    linked = start_with_topic(store, record, chosen.id)
    meeting = store.meeting(record.id)
    assert meeting is not None and meeting.topic_id == chosen.id == linked.topic_id
    assert meeting.topic == "Leaving our ERP vendor"  # the meeting's own words stay
    group = store.group(group.id)  # type: ignore[assignment]
    assert bank_topic(group, meeting) == \
        next(t for t in group.topics if t.id == chosen.id)
    rows = bank_rows(group, store.meetings(group.id), TODAY)
    assert [(r.topic.issue, r.weeks, r.taken_on) for r in rows] == \
        [("Old topic", 6, ""), ("ERP vendor exit", None, TODAY.isoformat())]
    assert rows[0].member_name == priya.name
    with pytest.raises(ValueError, match="already taken"):
        take_topic(store, group.id, chosen.id, "another-meeting")
    assert waiting_one.taken_in == ""


def test_an_edit_of_a_dropped_topic_says_so(store: Store) -> None:
    group = _group(store)
    added = add_topic(store, group.id, group.members[0].id, "ERP", "B", TODAY)
    drop_topic(store, group.id, added.id)
    with pytest.raises(ValueError, match="no longer in the bank"):
        edit_topic(store, group.id, added.id, group.members[0].id, "ERP", "A")


def test_the_exports_name_the_bank_topic_the_deep_dive_took(store: Store) -> None:
    import json

    from peertui.services.exports import export_meeting

    group = _group(store)
    priya = group.members[1]
    chosen = add_topic(store, group.id, priya.id, "ERP vendor exit", "A", TODAY)
    group = store.group(group.id)  # type: ignore[assignment]
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, priya.id,  # type: ignore[arg-type]
                         "Leaving our ERP vendor", TODAY)
    start_with_topic(store, record, chosen.id)
    minutes = export_meeting(store, record.id, "md").text.splitlines()
    assert minutes[2:4] == ["- **Deep dive:** Priya Raman: Leaving our ERP vendor",
                            "- **From the topic bank:** 'ERP vendor exit' (A, added "
                            "2026-11-27)"]
    doc = json.loads(export_meeting(store, record.id, "json").text)
    assert doc["meeting"]["topic_id"] == chosen.id
    assert doc["bank_topic"]["issue"] == "ERP vendor exit"
    assert doc["bank_topic"]["member"] == "Priya Raman"
    past = store.meetings(group.id)[0].id  # took no topic: no such line, no such key
    assert "topic bank" not in export_meeting(store, past, "md").text
    assert "bank_topic" not in json.loads(export_meeting(store, past, "json").text)
