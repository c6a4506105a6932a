"""Whose turn it is to present: never presented first, then longest since their deep dive."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peertui.domain.models import Member
from peertui.domain.records import MeetingSummary


@dataclass(frozen=True)
class DeepDive:
    """One deep dive that took place: who presented, when, on what."""

    date: str
    presenter_id: str
    topic: str
    meeting_id: str


def deep_dives(meetings: Iterable[MeetingSummary]) -> list[DeepDive]:
    """Deep dives of ended meetings, newest first."""
    dives = [
        DeepDive(m.date, m.presenter_id, m.topic, m.id)
        for m in meetings
        if m.presenter_id and m.status == "ended"
    ]
    return sorted(dives, key=lambda d: d.date, reverse=True)


def last_presented(meetings: Iterable[MeetingSummary]) -> dict[str, str]:
    """Member id -> date of their latest deep dive."""
    last: dict[str, str] = {}
    for dive in deep_dives(meetings):
        last.setdefault(dive.presenter_id, dive.date)
    return last


def presenter_order(members: Sequence[Member], meetings: Iterable[MeetingSummary]) -> list[Member]:
    """Active members in the order they should present next.

    Never presented first (longest in the group first), then the longest since their
    last deep dive; ties by name so the order is stable.
    """
    last = last_presented(meetings)
    active = [m for m in members if m.active]

    def key(m: Member) -> tuple[bool, str, str]:
        return (m.id in last, last.get(m.id, m.joined), m.name.lower())

    return sorted(active, key=key)


def next_presenter(members: Sequence[Member],
                   meetings: Iterable[MeetingSummary]) -> Member | None:
    order = presenter_order(members, meetings)
    return order[0] if order else None
