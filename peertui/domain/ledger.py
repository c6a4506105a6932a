"""The commitment ledger: what each member said they would do, and whether they did it.

Pure: it folds meetings and their items, as the store gives them, into Commitment rows and
say/do figures.  Nothing here is stored; every figure is derived from the items' history
(one source of truth), so marking done, moving a due date or reassigning in review changes
the ledger at once.

The rules, each tested in tests/domain/test_ledger.py:

- **What is a commitment.** An action item is a commitment of its owner; one owned by the
  presenter and captured in the reflection segment is "the presenter's commitment".  A
  recommendation whose outcome is "adopted" is a commitment of its recipient (the meeting's
  presenter when none was named), made when it was adopted.
- **When it falls due.** On its due date, which counts as fallen due that day (a meeting
  asks of what is due that day; the ledger's word for it is "due today" until done).  An
  action without a due date, and an adopted recommendation, fall due at the first meeting
  of the group dated after the one where they were agreed (adopted); until that meeting
  exists they are not due.
- **A moved due date.** A due date moved on or before the day it fell due replaces it (the
  member asked in time); a move made after the commitment fell due does not rescue it: it
  fell due, and was missed, on the date agreed last before that day.  A date moved to a
  day already past falls due on the day of the move (nothing falls due before it is set).
- **Reassigned.** It counts for whoever owned it on the day it fell due: reassigning moves
  the count between members and never adds one.
- **Kept.** An action is kept if its status was "done" at the end of the day it fell due
  (replaying the status history, so one reopened before then is not done; one captured
  already done is done from its capture).  An adopted
  recommendation has no status: it is kept if its recipient reported back on it (a Report)
  on or before the day it fell due — saying what they did is the doing a forum asks for.
- **say/do** is kept out of fell due; open commitments not yet due count in neither.  An
  action with no owner counts in the group's figure only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from peertui.domain.records import Item, Report

Source = Literal["action", "presenter", "adopted"]
SOURCE_WORDS: dict[Source, str] = {"action": "action item", "presenter": "deep-dive commitment",
                                   "adopted": "adopted recommendation"}
#: The segment whose actions are the presenter's commitments (see services/live.py).
REFLECTION = "reflection"
#: How many meetings the say/do trend looks back over.
TREND_MEETINGS = 6


class Held(Protocol):
    """What the ledger needs of a meeting: a Meeting or its index summary will do."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def presenter_id(self) -> str | None: ...


def _day(iso: str) -> date | None:
    """The calendar day of an ISO date or moment; None for ''."""
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Commitment:
    """One commitment with the facts the rules need, each derived from its item."""

    meeting_id: str  # where it was agreed (the item's meeting)
    meeting_date: date
    item: Item
    source: Source
    owner_id: str | None  # whoever owned it on the day it fell due (or now, if not due)
    due: date | None  # the due date that counts; None: not known yet (no next meeting)
    kept: bool  # as of today: done (or reported on) by its due date

    @property
    def private(self) -> bool:
        return self.item.private

    @property
    def done(self) -> bool:
        """Done now, whenever that was (the ledger's status column)."""
        if self.source == "adopted":
            return bool(self.item.reports)
        return self.item.status == "done"

    def fell_due(self, as_of: date) -> bool:
        return self.due is not None and self.due <= as_of

    def kept_as_of(self, as_of: date) -> bool:
        """Kept, counted only once it has fallen due by *as_of*."""
        return self.fell_due(as_of) and self.kept

    def standing(self, today: date) -> str:
        """A word for the ledger: kept or missed once due; done or open before; 'due today'
        on its day until it is done (it counts as fallen due, but the day is not over)."""
        if self.due == today and not self.kept:
            return "due today"
        if self.fell_due(today):
            return "kept" if self.kept else "missed"
        return "done" if self.done else "open"


@dataclass(frozen=True)
class SayDo:
    """Commitments kept out of those that fell due."""

    kept: int = 0
    fell_due: int = 0

    @property
    def ratio(self) -> float | None:
        return self.kept / self.fell_due if self.fell_due else None

    def __add__(self, other: SayDo) -> SayDo:
        return SayDo(self.kept + other.kept, self.fell_due + other.fell_due)

    def words(self) -> str:
        """'7 of 9 (78%)', or 'nothing fell due yet'."""
        if not self.fell_due:
            return "nothing fell due yet"
        return f"{self.kept} of {self.fell_due} ({round(100 * self.kept / self.fell_due)}%)"


def _next_meeting(dates: Sequence[date], after: date) -> date | None:
    """The first meeting date strictly after *after*; *dates* sorted."""
    at = bisect.bisect_right(dates, after)
    return dates[at] if at < len(dates) else None


def _initial(item: Item, field: str, now: object) -> object:
    """The value a field had when the item was captured: the first change's old value."""
    first = next((c for c in item.history if c.field == field), None)
    return first.old if first is not None else now


def _due_that_counts(item: Item, first_due: date | None) -> date | None:
    """Replay the due moves: each one made by the day the current date fell due replaces it;
    one made later is too late (see the module's rules)."""
    due = first_due
    for change in item.history:
        if change.field != "due":
            continue
        moved_on = _day(change.at)
        new = _day(change.new) if isinstance(change.new, str) else None
        if new is None or moved_on is None:
            continue
        if due is None or moved_on <= due:
            due = max(new, moved_on)  # moved to a day already past: due the day it was set
    return due


def _owner_on(item: Item, day: date | None) -> str | None:
    """Who owned it at the end of *day* (now, when day is None)."""
    if day is None:
        return item.owner_id
    start = _initial(item, "owner_id", item.owner_id)
    owner = start if isinstance(start, str) else None
    for change in item.history:
        changed = _day(change.at)
        if change.field == "owner_id" and changed is not None and changed <= day:
            owner = change.new if isinstance(change.new, str) else None
    return owner


def _done_by(item: Item, day: date) -> bool:
    """Whether its status was done at the end of *day*."""
    start = _initial(item, "status", item.status)
    done = start == "done" and (_day(item.at) or day) <= day
    for change in item.history:
        changed = _day(change.at)
        if change.field == "status" and changed is not None and changed <= day:
            done = change.new == "done"
    return done


def _action(meeting: Held, item: Item, dates: Sequence[date]) -> Commitment | None:
    agreed = _day(meeting.date)
    if agreed is None:
        return None
    start = _initial(item, "due", item.due)
    first_due = _day(start) if isinstance(start, str) and start else \
        _next_meeting(dates, agreed)
    due = _due_that_counts(item, first_due)
    presenter = meeting.presenter_id
    source: Source = "presenter" if item.segment_key == REFLECTION and presenter \
        and _initial(item, "owner_id", item.owner_id) == presenter else "action"
    return Commitment(meeting.id, agreed, item, source, _owner_on(item, due), due,
                      due is not None and _done_by(item, due))


def _adopted(meeting: Held, item: Item, dates: Sequence[date]) -> Commitment | None:
    outcome = item.outcome
    adopted_on = _day(outcome.at) if outcome is not None else None
    if outcome is None or outcome.status != "adopted" or adopted_on is None:
        return None
    due = _next_meeting(dates, adopted_on)
    kept = due is not None and any((_day(r.at) or due) <= due for r in item.reports)
    return Commitment(meeting.id, adopted_on, item, "adopted",
                      item.recipient_id or meeting.presenter_id, due, kept)


def commitments(docs: Iterable[tuple[Held, Sequence[Item]]]) -> list[Commitment]:
    """Every commitment in these meetings (one group's), oldest agreed first."""
    docs = list(docs)
    dates = sorted({d for d in (_day(m.date) for m, _ in docs) if d is not None})
    found: list[Commitment] = []
    for meeting, items in docs:
        for item in items:
            row = _action(meeting, item, dates) if item.kind == "action" else \
                _adopted(meeting, item, dates) if item.kind == "recommendation" else None
            if row is not None:
                found.append(row)
    found.sort(key=lambda c: (c.meeting_date, c.item.at))
    return found


def say_do(rows: Iterable[Commitment], as_of: date, since: date | None = None) -> SayDo:
    """Kept out of fell due as of a day; with *since*, only those that fell due after it."""
    kept = fell = 0
    for row in rows:
        if row.fell_due(as_of) and (since is None or (row.due is not None and row.due > since)):
            fell += 1
            kept += row.kept
    return SayDo(kept, fell)


def by_member(rows: Iterable[Commitment], as_of: date) -> dict[str, SayDo]:
    """Each member's say/do as of a day (members with a commitment only)."""
    figures: dict[str, SayDo] = {}
    for row in rows:
        if row.owner_id:
            figures[row.owner_id] = figures.get(row.owner_id, SayDo()) + say_do([row], as_of)
    return figures


def trend(rows: Sequence[Commitment], meeting_dates: Iterable[date], member_id: str | None,
          count: int = TREND_MEETINGS) -> list[tuple[date, SayDo]]:
    """The figure as of each of the last *count* meetings (dates up to today), for one
    member or (None) the group."""
    mine = [r for r in rows if member_id is None or r.owner_id == member_id]
    days = sorted(set(meeting_dates))[-count:]
    return [(day, say_do(mine, day)) for day in days]


def trend_text(points: Sequence[tuple[date, SayDo]]) -> str:
    """'— 100% 67%': the figure at each meeting, a dash where nothing had fallen due."""
    return " ".join(f"{round(100 * f.ratio)}%" if f.ratio is not None else "—"
                    for _, f in points)


def due_since(rows: Iterable[Commitment], last_meeting: date | None,
              today: date) -> list[Commitment]:
    """The commitments that fell due after the last meeting and by today: who reports back
    at this meeting's follow-ups."""
    return [r for r in rows if r.fell_due(today)
            and (last_meeting is None or (r.due is not None and r.due > last_meeting))]


@dataclass(frozen=True)
class ReportAt:
    """A report back said at one meeting, with the commitment it was about (minutes)."""

    commitment: Commitment
    report: Report

    @property
    def private(self) -> bool:
        """Private if either is: a private commitment's report says what it was about."""
        return self.report.private or self.commitment.private


def reports_at(rows: Iterable[Commitment], meeting_id: str) -> list[ReportAt]:
    """The reports recorded at one meeting, in the order they were said."""
    found = [ReportAt(row, report) for row in rows for report in row.item.reports
             if report.captured_in == meeting_id]
    return sorted(found, key=lambda r: r.report.at)
