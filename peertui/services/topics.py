"""The topic bank's edits: add, edit, drop, and take a topic for a deep dive.

Each reads the group afresh under the store's lock and saves it whole (save_group), so a
topic added from a note box in the meeting and one added at home never undo each other.
ValueError says, in words for the form, what is wrong; nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from msgspec.structs import replace

from peertui.domain.models import Group, Topic, Urgency
from peertui.domain.records import Meeting, MeetingSummary
from peertui.domain.text import clean_text
from peertui.domain.topics import URGENCIES, taken, waiting, weeks_waiting
from peertui.services.groups import save_group
from peertui.store import Store

MAX_ISSUE = 120  # one line: the issue in a sentence, as the bank lists it


@dataclass(frozen=True)
class BankRow:
    """One topic as the bank lists it: who, how urgent, what, and how long or where taken."""

    topic: Topic
    member_name: str
    weeks: int | None  # waiting for, in weeks (None: no date)
    taken_on: str = ""  # the date of the meeting that took it ("" while it waits)


def clean_issue(text: str) -> str:
    """The issue as one plain line; ValueError when empty or too long."""
    issue = " ".join(clean_text(text).split())
    if not issue:
        raise ValueError("Write the issue in one line, e.g. 'ERP vendor exit'.")
    if len(issue) > MAX_ISSUE:
        raise ValueError(f"Keep the issue to one line: {len(issue)} characters, at most "
                         f"{MAX_ISSUE}.")
    return issue


def check_urgency(urgency: str) -> Urgency:
    found = next((u for u in URGENCIES if u == urgency.strip().upper()), None)
    if found is None:
        raise ValueError("Urgency is A (needs the group now), B (soon) or C (some day).")
    return found


def _check_member(group: Group, member_id: str | None) -> str:
    member = group.member(member_id)
    if member is None:
        raise ValueError("Choose whose topic it is.")
    if member.status == "retired":
        raise ValueError(f"{member.name} has retired from the group: their topics "
                         "are no longer suggested.")
    return member.id


def _change(store: Store, group_id: str, change: Callable[[Group], Topic]) -> Topic:
    """Read the group under the lock, apply *change* (which returns the topic it made or
    changed), save the group whole."""
    with store.locked():
        group = store.group(group_id)
        if group is None:
            raise ValueError("The group is no longer in this store.")
        topic = change(group)
        save_group(store, group)
    return topic


def _find(group: Group, topic_id: str) -> int:
    index = next((i for i, t in enumerate(group.topics) if t.id == topic_id), None)
    if index is None:
        raise ValueError("That topic is no longer in the bank (dropped meanwhile?).")
    return index


def add_topic(store: Store, group_id: str, member_id: str | None, issue: str,
              urgency: str, today: date) -> Topic:
    """A new waiting topic, dated today."""

    def add(group: Group) -> Topic:
        topic = Topic(member_id=_check_member(group, member_id), issue=clean_issue(issue),
                      urgency=check_urgency(urgency), added=today.isoformat())
        group.topics.append(topic)
        return topic

    return _change(store, group_id, add)


def edit_topic(store: Store, group_id: str, topic_id: str, member_id: str | None,
               issue: str, urgency: str) -> Topic:
    """Change whose, what and how urgent; its date and any deep dive that took it stay."""

    def edit(group: Group) -> Topic:
        index = _find(group, topic_id)
        edited = replace(group.topics[index], member_id=_check_member(group, member_id),
                         issue=clean_issue(issue), urgency=check_urgency(urgency))
        group.topics[index] = edited
        return edited

    return _change(store, group_id, edit)


def drop_topic(store: Store, group_id: str, topic_id: str) -> Topic:
    """Take a topic out of the bank (it is returned, so it can be added back)."""

    def drop(group: Group) -> Topic:
        return group.topics.pop(_find(group, topic_id))

    return _change(store, group_id, drop)


def take_topic(store: Store, group_id: str, topic_id: str, meeting_id: str) -> Topic:
    """Mark a topic taken by a meeting's deep dive (Topic.taken_in: the meeting's id)."""

    def take(group: Group) -> Topic:
        index = _find(group, topic_id)
        if group.topics[index].taken_in not in ("", meeting_id):
            raise ValueError("That topic was already taken by another deep dive.")
        group.topics[index] = replace(group.topics[index], taken_in=meeting_id)
        return group.topics[index]

    return _change(store, group_id, take)


def start_with_topic(store: Store, meeting: Meeting, topic_id: str) -> Meeting:
    """Create the meeting linked to the bank's topic its deep dive takes, and mark the
    topic taken.  The meeting's own topic text stays the meeting's: the link is the id.
    ValueError (nothing written) if the topic was dropped or taken meanwhile."""
    linked = replace(meeting, topic_id=topic_id)
    with store.locked():  # checked, created and taken with no other writer in between
        group = store.group(meeting.group_id)
        if group is None:
            raise ValueError("The group is no longer in this store.")
        if group.topics[_find(group, topic_id)].taken_in:
            raise ValueError("That topic was already taken by another deep dive.")
        store.create_meeting(linked)
        take_topic(store, meeting.group_id, topic_id, meeting.id)
    return linked


def bank_rows(group: Group, meetings: list[MeetingSummary], today: date) -> list[BankRow]:
    """What waits (most urgent, then longest waiting, first), then what was taken (latest
    meeting first), each with its member's name."""
    dates = {m.id: m.date for m in meetings}
    rows = [BankRow(t, group.name_of(t.member_id), weeks_waiting(t, today))
            for t in waiting(group.topics)]
    done = [BankRow(t, group.name_of(t.member_id), None, dates.get(t.taken_in, ""))
            for t in taken(group.topics)]
    return rows + sorted(done, key=lambda r: r.taken_on, reverse=True)
