"""What became of each deep dive: its outcome log and what happened to each recommendation.

The outcome log lives on the deep dive's own meeting record ("outcome_log"), so the review of
that meeting shows everything said about it at later meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peertui.domain.ids import new_id
from peertui.domain.text import clean_item_text
from peertui.services.actions import change_item
from peertui.store import Store

OUTCOMES = {"adopted": "Adopted", "tried": "Tried", "set_aside": "Set aside"}


@dataclass
class DeepDive:
    """A past deep dive as the follow-ups segment needs it."""

    meeting_id: str
    date: str
    presenter_id: str | None
    topic: str
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)
    outcome_log: list[dict[str, Any]] = field(default_factory=list)


def last_deep_dive(store: Store, group_id: str, before: str,
                   exclude_meeting: str | None = None) -> DeepDive | None:
    """The latest ended meeting with a presenter dated before `before` (ISO date) or None."""
    past = [m for m in store.list_meetings(group_id)
            if m.get("status") == "ended" and m.get("presenter_id")
            and str(m.get("date", "")) <= before and m["id"] != exclude_meeting]
    if not past:
        return None
    return deep_dive(store, past[-1]["id"])


def deep_dive(store: Store, meeting_id: str) -> DeepDive | None:
    record = store.get_meeting(meeting_id)
    if record is None:
        return None
    items = store.list_items(meeting_id)
    presenter = record.get("presenter_id")
    recs = [i for i in items if i.get("kind") == "recommendation"
            and (i.get("recipient_id") in (None, presenter))]
    commitments = [i for i in items if i.get("kind") == "action" and presenter
                   and i.get("owner_id") == presenter]
    return DeepDive(meeting_id, str(record.get("date", "")), presenter,
                    str(record.get("topic", "")), recs, commitments,
                    list(record.get("outcome_log") or []))


def add_outcome(store: Store, meeting_id: str, text: str, at: str, *,
                captured_in: str | None = None, private: bool = False,
                by: str = "") -> dict[str, Any]:
    """Append 'what happened since' to the deep dive's outcome log; ValueError if empty."""
    entry = {"id": new_id(), "at": at, "date": at[:10], "text": clean_item_text(text),
             "captured_in": captured_in, "private": private, "by": by}
    record = store.get_meeting(meeting_id)
    if record is None:
        raise KeyError(meeting_id)
    log = [*(record.get("outcome_log") or []), entry]
    store.update_meeting(meeting_id, {"outcome_log": log})
    return entry


def set_outcome(store: Store, meeting_id: str, item_id: str, status: str, why: str,
                at: str) -> dict[str, Any]:
    """Mark a recommendation adopted, tried or set aside, with a line of why."""
    if status not in OUTCOMES:
        raise ValueError(f"Choose one of: {', '.join(OUTCOMES.values()).lower()}.")
    try:
        reason = clean_item_text(why)
    except ValueError:
        raise ValueError("Say why in a line.") from None
    return change_item(store, meeting_id, item_id,
                       {"outcome": {"status": status, "why": reason, "at": at}}, at)


def outcome_counts(recommendations: list[dict[str, Any]]) -> dict[str, int]:
    """How many recommendations were adopted, tried, set aside, or not yet followed up."""
    counts = {key: 0 for key in OUTCOMES} | {"open": 0}
    for rec in recommendations:
        status = (rec.get("outcome") or {}).get("status")
        counts[status if status in OUTCOMES else "open"] += 1
    return counts
