"""What became of each deep dive: its outcome log and what happened to each recommendation.

The outcome log lives on the deep dive's own meeting record (`outcome_log`), so the review of
that meeting shows everything said about it at later meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from msgspec.structs import replace

from peertui.domain.ids import new_id
from peertui.domain.records import Item, Outcome, OutcomeEntry, OutcomeStatus
from peertui.domain.text import clean_item_text
from peertui.services.actions import set_outcome_of
from peertui.store import Store

OUTCOMES: dict[OutcomeStatus, str] = {"adopted": "Adopted", "tried": "Tried",
                                      "set_aside": "Set aside"}


@dataclass
class DeepDive:
    """A past deep dive as the follow-ups segment needs it."""

    meeting_id: str
    date: str
    presenter_id: str | None
    topic: str
    recommendations: list[Item] = field(default_factory=list)
    commitments: list[Item] = field(default_factory=list)
    outcome_log: list[OutcomeEntry] = field(default_factory=list)


def last_deep_dive(store: Store, group_id: str, before: str,
                   exclude_meeting: str | None = None) -> DeepDive | None:
    """The latest ended meeting with a presenter dated before `before` (ISO date) or None."""
    past = [m for m in store.meetings(group_id)
            if m.status == "ended" and m.presenter_id
            and m.date <= before and m.id != exclude_meeting]
    if not past:
        return None
    return deep_dive(store, past[-1].id)


def deep_dive(store: Store, meeting_id: str) -> DeepDive | None:
    doc = store.meeting_doc(meeting_id)
    if doc is None:
        return None
    record, items = doc
    presenter = record.presenter_id
    recs = [i for i in items if i.kind == "recommendation"
            and i.recipient_id in (None, presenter)]
    commitments = [i for i in items if i.kind == "action" and presenter
                   and i.owner_id == presenter]
    return DeepDive(meeting_id, record.date, presenter, record.topic, recs, commitments,
                    list(record.outcome_log))


def add_outcome(store: Store, meeting_id: str, text: str, at: str, *,
                captured_in: str | None = None, private: bool = False,
                by: str = "") -> OutcomeEntry:
    """Append 'what happened since' to the deep dive's outcome log; ValueError if empty."""
    entry = OutcomeEntry(id=new_id(), at=at, date=at[:10], text=clean_item_text(text),
                         captured_in=captured_in, private=private, by=by)
    store.change_meeting(meeting_id,
                         lambda m: replace(m, outcome_log=(*m.outcome_log, entry)))
    return entry


def set_outcome(store: Store, meeting_id: str, item_id: str, status: str, why: str,
                at: str) -> Item:
    """Mark a recommendation adopted, tried or set aside, with a line of why."""
    chosen = next((key for key in OUTCOMES if key == status), None)
    if chosen is None:
        raise ValueError(f"Choose one of: {', '.join(OUTCOMES.values()).lower()}.")
    try:
        reason = clean_item_text(why)
    except ValueError:
        raise ValueError("Say why in a line.") from None
    return set_outcome_of(store, meeting_id, item_id,
                          Outcome(status=chosen, why=reason, at=at), at)


def outcome_counts(recommendations: Iterable[Item]) -> dict[str, int]:
    """How many recommendations were adopted, tried, set aside, or not yet followed up."""
    counts = dict.fromkeys(OUTCOMES, 0) | {"open": 0}
    for rec in recommendations:
        counts[rec.outcome.status if rec.outcome else "open"] += 1
    return counts
