"""Creating meetings and finding the one in progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from peertui.domain.agenda import build_slots, planned_minutes
from peertui.domain.ids import new_id
from peertui.domain.models import AgendaTemplate, Group
from peertui.domain.records import ITEM_KINDS, Meeting, MeetingSummary
from peertui.store import Store

__all__ = ["ITEM_KINDS", "create_meeting", "in_progress", "new_meeting", "refresh_summary",
           "running_meeting"]


def new_meeting(
    group: Group,
    template: AgendaTemplate,
    present: Sequence[str],
    presenter: str | None,
    topic: str,
    day: date,
    orders: Mapping[str, list[str]] | None = None,
    framing: Mapping[str, str] | None = None,
) -> Meeting:
    """The record a meeting starts from: the plan frozen for the members present."""
    slots = build_slots(template, present, presenter, group.names, dict(orders or {}))
    return Meeting(
        id=f"{day.isoformat()}-{new_id()[:6]}",
        group_id=group.id,
        date=day.isoformat(),
        presenter_id=presenter,
        topic=topic,
        framing=dict(framing or {}),
        present=tuple(present),
        template=template,
        planned_minutes=planned_minutes(template, present, presenter),
        slots=tuple(slots),
    )


def create_meeting(store: Store, meeting: Meeting) -> None:
    store.create_meeting(meeting)


def in_progress(meetings: Sequence[MeetingSummary]) -> MeetingSummary | None:
    """The meeting in progress (set up or started, not ended) among these, newest first."""
    live = [m for m in meetings if m.in_progress]
    return live[-1] if live else None


def running_meeting(store: Store, group_id: str) -> MeetingSummary | None:
    """The group's meeting in progress, if any."""
    return in_progress(store.meetings(group_id))


def refresh_summary(store: Store, meeting_id: str) -> MeetingSummary | None:
    """Bring the index's cached line for one meeting up to date (lists are right without it;
    with it, the next start need not read that meeting's file)."""
    return store.refresh_summary(meeting_id)
