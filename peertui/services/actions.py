"""Action items across meetings: list them overdue-first and change them with a history.

Every change goes through store.change_item, appends a Change (at, field, old, new) to the
item's history, and refreshes that meeting's cached summary.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from msgspec.structs import replace

from peertui.domain.dates import describe_due, parse_due
from peertui.domain.records import Change, HistoryValue, Item, MeetingSummary, Outcome
from peertui.services.search import index_for
from peertui.store import Store

STATUSES = ("open", "done")


@dataclass(frozen=True)
class ActionRow:
    """An action item with the meeting it was agreed at."""

    meeting_id: str
    meeting_date: str
    item: Item

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def status(self) -> str:
        return self.item.status or "open"

    @property
    def due(self) -> date | None:
        try:
            return date.fromisoformat(self.item.due)
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


def sort_key(row: ActionRow, today: date) -> tuple[bool, bool, str, str]:
    """Open before done, overdue first, then soonest due; undated open items after dated."""
    due = row.item.due or "9999-12-31"
    return (row.status != "open", not row.overdue(today), due, row.meeting_date)


def list_actions(store: Store, group_id: str | None = None, *, status: str | None = None,
                 owner_id: str | None = None, today: date, overdue_only: bool = False,
                 include_private: bool = True, before: str | None = None,
                 exclude_meeting: str | None = None, open_meetings_only: bool | None = None,
                 also_meetings: Collection[str] = ()) -> list[ActionRow]:
    """Action items of every meeting (of one group), filtered, open and overdue first.

    `before` keeps only meetings dated before that ISO date.  With open_meetings_only (the
    default when listing open items) only meetings whose summary counts open actions are
    read, plus `also_meetings`, so years of history cost nothing here.  A summary is always
    true to its meeting's file (the store rebuilds a stale one), so a meeting still running
    lists the actions saved in it a moment ago.
    """
    def wanted(summary: MeetingSummary) -> bool:
        return bool(summary.open_actions) or summary.id in also_meetings

    rows = []
    only_open = status == "open" if open_meetings_only is None else open_meetings_only
    for summary, item in index_for(store).items(group_id, wanted if only_open else None):
        if item.kind != "action":
            continue
        if exclude_meeting is not None and summary.id == exclude_meeting:
            continue
        if before is not None and summary.date >= before:
            continue
        row = ActionRow(summary.id, summary.date, item)
        if status is not None and row.status != status:
            continue
        if owner_id is not None and item.owner_id != owner_id:
            continue
        if overdue_only and not row.overdue(today):
            continue
        if not include_private and item.private:
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: sort_key(r, today))


#: The fields of an action item that review may change, and how to read each one's value.
_FIELDS: dict[str, Callable[[Item], HistoryValue]] = {
    "status": lambda i: i.status, "owner_id": lambda i: i.owner_id, "due": lambda i: i.due,
    "due_text": lambda i: i.due_text, "outcome": lambda i: i.outcome,
}


def change_item(store: Store, meeting_id: str, item_id: str,
                fields: dict[str, HistoryValue], at: str) -> Item:
    """Apply fields to an item, recording each real change in its history.  Read and
    written under the lock in one step, so two reviewers' changes both survive."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))} of an action item")

    def apply(item: Item) -> Item:
        history = list(item.history)
        changed: dict[str, HistoryValue] = {}
        for name, new in fields.items():
            old = _FIELDS[name](item)
            if old == new:
                continue
            changed[name] = new
            if name != "due_text":
                history.append(Change(at=at, field=name, old=old, new=new))
        if not changed:
            return item
        return replace(item, **changed, history=tuple(history))

    updated = store.change_item(meeting_id, item_id, apply)
    store.refresh_summary(meeting_id)  # a cache: done and reassigned show without a re-read
    return updated


def set_status(store: Store, row: ActionRow, status: str, at: str) -> Item:
    """Mark done or reopen."""
    if status not in STATUSES:
        raise ValueError(f"Status must be one of {', '.join(STATUSES)}.")
    return change_item(store, row.meeting_id, row.id, {"status": status}, at)


def reassign(store: Store, row: ActionRow, owner_id: str, at: str) -> Item:
    if not owner_id:
        raise ValueError("Choose who owns it.")
    return change_item(store, row.meeting_id, row.id, {"owner_id": owner_id}, at)


def read_due(text: str, today: date, next_meeting: date | None) -> date:
    """The same reading of a due date as at capture; ValueError with an inline message.
    *next_meeting* is the group's next meeting as home shows it (services/schedule)."""
    return parse_due(text, today, next_meeting)


def change_due(store: Store, row: ActionRow, text: str, today: date, at: str,
               next_meeting: date | None) -> Item:
    due = read_due(text, today, next_meeting)
    return change_item(store, row.meeting_id, row.id,
                       {"due": due.isoformat(), "due_text": text.strip()}, at)


def set_outcome_of(store: Store, meeting_id: str, item_id: str, outcome: Outcome,
                   at: str) -> Item:
    """Record what became of a recommendation, in its history like any other change."""
    return change_item(store, meeting_id, item_id, {"outcome": outcome}, at)


def describe_change(entry: Change, names: dict[str, str]) -> str:
    """One history entry as a line: '2026-11-27: owner Art Delgado → Priya Raman'."""
    field, old, new = entry.field, entry.old, entry.new
    if field == "owner_id":
        old = names.get(str(old), old or "—") if isinstance(old, str) or old is None else old
        new = names.get(str(new), new or "—") if isinstance(new, str) or new is None else new
        field = "owner"
    if isinstance(old, Outcome):
        old = old.status
    if isinstance(new, Outcome):
        new = new.status
    return f"{entry.at[:10]}: {field} {old or '—'} → {new or '—'}"
