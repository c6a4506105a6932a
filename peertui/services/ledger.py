"""The commitment ledger read from the store, and reports back recorded against it.

domain/ledger.py holds the rules; this module only reads a group's meetings for them and
writes a Report (and, if asked, "done") onto the commitment's item through the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from msgspec.structs import replace

from peertui.domain import ledger as rules
from peertui.domain.ledger import Commitment, SayDo
from peertui.domain.records import Item, Report
from peertui.domain.text import clean_item_text
from peertui.services.actions import change_item
from peertui.store import Store


@dataclass(frozen=True)
class Ledger:
    """One group's commitments with the meeting dates they are measured at."""

    rows: tuple[Commitment, ...]
    meeting_dates: tuple[date, ...]  # every meeting of the group, sorted

    def of(self, member_id: str | None) -> list[Commitment]:
        """One member's rows (all of them for None)."""
        return [r for r in self.rows if member_id is None or r.owner_id == member_id]

    def without_private(self) -> Ledger:
        return Ledger(tuple(r for r in self.rows if not r.private), self.meeting_dates)

    def figure(self, member_id: str | None, today: date) -> SayDo:
        return rules.say_do(self.of(member_id), today)

    def trend(self, member_id: str | None, today: date) -> list[tuple[date, SayDo]]:
        """say/do at each of the last six meetings held by today."""
        held = [d for d in self.meeting_dates if d <= today]
        return rules.trend(self.rows, held, member_id)

    def last_meeting_before(self, day: date) -> date | None:
        return max((d for d in self.meeting_dates if d < day), default=None)

    def due_since_last(self, day: date) -> list[Commitment]:
        """What fell due since the meeting before *day*, by *day*: reported at Follow-ups."""
        return rules.due_since(self.rows, self.last_meeting_before(day), day)

    def kept_since_last(self, day: date) -> SayDo:
        """The group's figure shown at wrap-up: kept since the meeting before *day*."""
        return rules.say_do(self.rows, day, since=self.last_meeting_before(day))


def read_ledger(store: Store, group_id: str, *, include_private: bool = True) -> Ledger:
    """Every meeting file of the group, folded into the ledger."""
    docs = []
    for summary in store.meetings(group_id):
        doc = store.meeting_doc(summary.id)
        if doc is not None:
            docs.append(doc)
    dates = tuple(sorted({date.fromisoformat(m.date) for m, _ in docs}))
    ledger = Ledger(tuple(rules.commitments(docs)), dates)
    return ledger if include_private else ledger.without_private()


def record_report(store: Store, row: Commitment, text: str, at: str, *,
                  captured_in: str | None, by: str = "", private: bool = False,
                  mark_done: bool = False) -> Item:
    """Append what the member said of their commitment; ValueError (shown inline) if empty.
    Marking done goes through actions.change_item, so it lands in the item's history."""
    report = Report(at=at, text=clean_item_text(text), captured_in=captured_in, by=by,
                    private=private)
    item = store.change_item(row.meeting_id, row.item.id,
                             lambda i: replace(i, reports=(*i.reports, report)))
    if mark_done and item.kind == "action" and item.status != "done":
        return change_item(store, row.meeting_id, row.item.id, {"status": "done"}, at)
    store.refresh_summary(row.meeting_id)
    return item


def reports_in(items: tuple[Item, ...] | list[Item], meeting_id: str) -> list[Report]:
    """The reports recorded at one meeting among these items."""
    return [r for i in items for r in i.reports if r.captured_in == meeting_id]
