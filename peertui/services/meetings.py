"""Creating meetings and keeping their index summaries true."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from peertui.domain.agenda import build_slots, planned_minutes
from peertui.domain.ids import new_id
from peertui.domain.models import AgendaTemplate, Group
from peertui.domain.timesource import to_iso
from peertui.store import Store

ITEM_KINDS = ("note", "recommendation", "action", "decision")


def new_meeting(
    group: Group,
    template: AgendaTemplate,
    present: Sequence[str],
    presenter: str | None,
    topic: str,
    day: date,
    orders: dict[str, list[str]] | None = None,
    framing: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The record a meeting starts from: the plan frozen for the members present."""
    names = {m.id: m.name for m in group.members}
    slots = build_slots(template, present, presenter, names, orders)
    return {
        "id": f"{day.isoformat()}-{new_id()[:6]}",
        "group_id": group.id,
        "date": day.isoformat(),
        "presenter_id": presenter,
        "topic": topic,
        "framing": framing or {},
        "present": list(present),
        "template": template.to_dict(),
        "planned_minutes": planned_minutes(template, present, presenter),
        "slots": [s.to_dict() for s in slots],
        "events": [],
        "status": "setup",
        "outcome_log": [],
        "rating": {},
    }


#: What the index keeps of each open action item: enough for the home screen's list.
OPEN_ITEM_FIELDS = ("id", "text", "owner_id", "due", "private")


def summary_of(record: dict[str, Any], items: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """What the index keeps per meeting, so lists never open the meeting files.

    The open action items themselves are kept too ("open_items"): home lists them at every
    start, and with years of history reading each meeting that has one would be slow.
    """
    counts = {kind: 0 for kind in ITEM_KINDS}
    open_items = []
    for item in items:
        counts[item.get("kind", "note")] = counts.get(item.get("kind", "note"), 0) + 1
        if item.get("kind") == "action" and item.get("status", "open") == "open":
            open_items.append({k: item.get(k) for k in OPEN_ITEM_FIELDS})
    events = record.get("events", [])
    started = next((e["at"] for e in events if e.get("type") == "start"), None)
    ended = next((e["at"] for e in events if e.get("type") == "end"), None)
    return {
        "id": record["id"],
        "group_id": record["group_id"],
        "date": record["date"],
        "presenter_id": record.get("presenter_id"),
        "topic": record.get("topic", ""),
        "present": record.get("present", []),
        "status": record.get("status", "setup"),
        "planned_minutes": record.get("planned_minutes", 0),
        "started_at": started,
        "ended_at": ended,
        "counts": counts,
        "open_actions": len(open_items),
        "open_items": open_items,
    }


def create_meeting(store: Store, record: dict[str, Any]) -> None:
    store.create_meeting(record, summary_of(record))


def refresh_summary(store: Store, meeting_id: str) -> dict[str, Any]:
    with store.locked():  # read and write as one step, or another process's save goes stale
        record = store.get_meeting(meeting_id)
        if record is None:
            raise KeyError(meeting_id)
        summary = summary_of(record, store.list_items(meeting_id))
        store.put_meeting_summary(summary)
    return summary


def running_meeting(store: Store, group_id: str) -> dict[str, Any] | None:
    """The meeting in progress (set up or started, not ended), newest first."""
    live = [m for m in store.list_meetings(group_id) if m.get("status") in ("setup", "running")]
    return live[-1] if live else None


def stamp(ts: float) -> str:
    return to_iso(ts)
