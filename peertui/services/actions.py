"""Action items across meetings: list them overdue-first and change them with a history.

Every change goes through store.update_item, appends {at, field, old, new} to the item's
"history", and refreshes that meeting's summary so counts on other screens stay true.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from peertui.domain.dates import describe_due, parse_due
from peertui.services.meetings import refresh_summary
from peertui.services.search import index_for
from peertui.store import Store

STATUSES = ("open", "done")


@dataclass(frozen=True)
class ActionRow:
    """An action item with the meeting it was agreed at."""

    meeting_id: str
    meeting_date: str
    item: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.item["id"])

    @property
    def status(self) -> str:
        return str(self.item.get("status") or "open")

    @property
    def due(self) -> date | None:
        try:
            return date.fromisoformat(str(self.item.get("due") or ""))
        except ValueError:
            return None

    def overdue(self, today: date) -> bool:
        due = self.due
        return self.status == "open" and due is not None and due < today

    def due_words(self, today: date) -> str:
        """'due in 3 days', 'overdue by 2 weeks', 'done', 'no due date'."""
        if self.status == "done":
            return "done"
        due = self.due
        return describe_due(due, today) if due else "no due date"


def sort_key(row: ActionRow, today: date) -> tuple[int, int, str, str]:
    """Open before done, overdue first, then soonest due; undated open items after dated."""
    due = row.item.get("due") or "9999-12-31"
    return (row.status != "open", not row.overdue(today), due, row.meeting_date)


def list_actions(store: Store, group_id: str | None = None, *, status: str | None = None,
                 owner_id: str | None = None, today: date, overdue_only: bool = False,
                 include_private: bool = True, before: str | None = None,
                 exclude_meeting: str | None = None, open_meetings_only: bool | None = None,
                 also_meetings: Collection[str] = ()) -> list[ActionRow]:
    """Action items of every meeting (of one group), filtered, open and overdue first.

    `before` keeps only meetings dated before that ISO date.  With open_meetings_only (the
    default when listing open items) only meetings whose summary counts open actions are
    read, plus `also_meetings`, so years of history cost nothing here.
    """
    def wanted(summary: dict[str, Any]) -> bool:
        return bool(summary.get("open_actions")) or summary["id"] in also_meetings

    rows = []
    only_open = status == "open" if open_meetings_only is None else open_meetings_only
    for summary, item in index_for(store).items(group_id, wanted if only_open else None):
        if item.get("kind") != "action":
            continue
        if exclude_meeting is not None and summary["id"] == exclude_meeting:
            continue
        if before is not None and str(summary.get("date", "")) >= before:
            continue
        row = ActionRow(summary["id"], str(summary.get("date", "")), item)
        if status is not None and row.status != status:
            continue
        if owner_id is not None and item.get("owner_id") != owner_id:
            continue
        if overdue_only and not row.overdue(today):
            continue
        if not include_private and item.get("private"):
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: sort_key(r, today))


def count_private(rows: Iterable[ActionRow]) -> int:
    return sum(1 for r in rows if r.item.get("private"))


def _current(store: Store, meeting_id: str, item_id: str) -> dict[str, Any]:
    for item in store.list_items(meeting_id):
        if item.get("id") == item_id:
            return item
    raise KeyError(f"{meeting_id}/{item_id}")


def change_item(store: Store, meeting_id: str, item_id: str, fields: dict[str, Any],
                at: str) -> dict[str, Any]:
    """Apply fields to an item, recording each real change in its history."""
    item = _current(store, meeting_id, item_id)
    history = list(item.get("history") or [])
    changed = {}
    for name, new in fields.items():
        old = item.get(name)
        if old == new:
            continue
        changed[name] = new
        if name != "due_text":
            history.append({"at": at, "field": name, "old": old, "new": new})
    if not changed:
        return item
    updated = store.update_item(meeting_id, item_id, {**changed, "history": history})
    refresh_summary(store, meeting_id)
    return updated


def set_status(store: Store, row: ActionRow, status: str, at: str) -> dict[str, Any]:
    """Mark done or reopen."""
    if status not in STATUSES:
        raise ValueError(f"Status must be one of {', '.join(STATUSES)}.")
    return change_item(store, row.meeting_id, row.id, {"status": status}, at)


def reassign(store: Store, row: ActionRow, owner_id: str, at: str) -> dict[str, Any]:
    if not owner_id:
        raise ValueError("Choose who owns it.")
    return change_item(store, row.meeting_id, row.id, {"owner_id": owner_id}, at)


def read_due(text: str, today: date, next_meeting: str = "") -> date:
    """The same reading of a due date as at capture; ValueError with an inline message."""
    upcoming = date.fromisoformat(next_meeting) if next_meeting else None
    return parse_due(text, today, upcoming)


def change_due(store: Store, row: ActionRow, text: str, today: date, at: str,
               next_meeting: str = "") -> dict[str, Any]:
    due = read_due(text, today, next_meeting)
    return change_item(store, row.meeting_id, row.id,
                       {"due": due.isoformat(), "due_text": text.strip()}, at)


def describe_change(entry: dict[str, Any], names: dict[str, str]) -> str:
    """One history entry as a line: '2026-11-27: owner Art Delgado → Priya Raman'."""
    field = entry.get("field", "?")
    old, new = entry.get("old"), entry.get("new")
    if field in ("owner_id",):
        old, new = names.get(str(old), old or "—"), names.get(str(new), new or "—")
        field = "owner"
    return f"{str(entry.get('at', ''))[:10]}: {field} {old or '—'} → {new or '—'}"
