"""The group's health over its last meetings: rating, say/do and share of experience.

Three signs a forum watches together: how members rated the meetings, whether they did what
they said (the commitment ledger's say/do, passed in: domain/ledger.py computes it), and
how much of the peers' input was experience rather than advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from peertui.domain.advice import experience_share
from peertui.services.ledger import read_ledger
from peertui.services.roster import editing
from peertui.store import Store
from peertui.store.store import MeetingDoc


@dataclass(frozen=True)
class HealthPoint:
    """One meeting's three figures; None where the meeting has none (nobody rated it, no
    recommendation, no commitment due)."""

    meeting_id: str
    date: str
    rating: float | None  # the average score, 1-10
    experience: float | None  # fraction of recommendations shared as experience, 0-1
    say_do: float | None  # fraction of commitments done, 0-1


def health_points(docs: Sequence[MeetingDoc],
                  say_do: Sequence[float | None] = ()) -> list[HealthPoint]:
    """One point per meeting (docs oldest first).  *say_do* runs oldest first too and is
    matched from the newest end, so a shorter ledger lines up with the latest meetings."""
    offset = len(docs) - len(say_do)
    points: list[HealthPoint] = []
    for position, (meeting, items) in enumerate(docs):
        scores = [r.score for r in meeting.rating.values()]
        index = position - offset
        points.append(HealthPoint(
            meeting.id, meeting.date,
            rating=sum(scores) / len(scores) if scores else None,
            experience=experience_share(items),
            say_do=say_do[index] if 0 <= index < len(say_do) else None))
    return points


def set_advice_nudge(store: Store, group_id: str, on: bool) -> None:
    """Turn the gentle 'you should' nudge at capture on or off for the group."""
    with editing(store, group_id) as group:
        group.advice_nudge = on


def say_do_at(store: Store, group_id: str, docs: Sequence[MeetingDoc]) -> list[float | None]:
    """The group's say/do as of each of these meetings' dates (the ledger's figure then:
    commitments done by their due date out of those that had fallen due), oldest first."""
    ledger = read_ledger(store, group_id)
    return [ledger.figure(None, date.fromisoformat(meeting.date)).ratio for meeting, _ in docs]
