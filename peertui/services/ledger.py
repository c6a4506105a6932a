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
from peertui.domain.records import Change, Item, Report
from peertui.domain.text import clean_item_text
from peertui.services.search import index_for
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
    """Every meeting of the group folded into the ledger, read through the shared search
    index (warm after the first read, so years of history cost little more than a scan)."""
    summaries = {s.id: s for s in store.meetings(group_id)}
    items: dict[str, list[Item]] = {meeting_id: [] for meeting_id in summaries}
    for summary, item in index_for(store).items(group_id):
        summaries[summary.id] = summary
        items.setdefault(summary.id, []).append(item)
    dates = tuple(sorted({date.fromisoformat(s.date) for s in summaries.values()}))
    ledger = Ledger(tuple(rules.commitments((summaries[m], found) for m, found in items.items())),
                    dates)
    return ledger if include_private else ledger.without_private()


def record_report(store: Store, row: Commitment, text: str, at: str, *,
                  captured_in: str | None, by: str = "", private: bool = False,
                  mark_done: bool = False) -> Item:
    """Append what the member said of their commitment, and mark an action done if asked,
    in one locked write (nothing is saved if it fails); ValueError (shown inline) if empty.
    "done" lands in the item's history as every status change does (services/actions)."""
    report = Report(at=at, text=clean_item_text(text), captured_in=captured_in, by=by,
                    private=private)

    def add(item: Item) -> Item:
        if mark_done and item.kind == "action" and item.status != "done":
            done = Change(at=at, field="status", old=item.status, new="done")
            return replace(item, reports=(*item.reports, report), status="done",
                           history=(*item.history, done))
        return replace(item, reports=(*item.reports, report))

    item = store.change_item(row.meeting_id, row.item.id, add)
    store.refresh_summary(row.meeting_id)  # a cache: an item marked done leaves home's list
    return item

