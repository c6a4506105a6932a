"""What a meeting is, as typed values: the plan's slots, the clock's events, the items.

These are msgspec Structs, frozen: the store decodes every file straight into them and
refuses (naming the file, the record and the field) anything of another shape, so nothing
above the store ever holds a raw dict.  msgspec rather than dataclasses because it validates
while it parses, in C: a 100,000-note history decodes faster than ``json.loads`` alone
(tests/bench), and there is no hand-written checking code to keep in step with the types.

A meeting's status is not stored: it is a fold of its clock events (see ``status``), so the
event log, the record and the index can never disagree about it.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from peertui.domain.models import AgendaTemplate
from peertui.domain.timesource import from_iso

EventType = Literal[
    "start", "pause", "resume", "extend", "next", "back", "rebalance", "reorder", "end"
]
Status = Literal["setup", "running", "paused", "ended"]
#: plus and delta: the wrap-up's "what worked / what to change" round (Plus/Delta).
ItemKind = Literal["note", "recommendation", "action", "decision", "plus", "delta"]
ActionStatus = Literal["", "open", "done"]
OutcomeStatus = Literal["adopted", "tried", "set_aside"]
#: How a recommendation was given: a peer's own experience ("when we did X...") or advice
#: ("you should..."); "" when nobody said.  Forums ask for experience, not advice.
RecommendationTag = Literal["", "experience", "advice"]
#: The presenter's answer, a meeting later, to "did you get what you needed?"
NeedsAnswer = Literal["yes", "partly", "no"]

ITEM_KINDS: tuple[ItemKind, ...] = ("note", "recommendation", "action", "decision", "plus",
                                    "delta")

#: An ISO calendar date, as every date is stored.
IsoDate = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
#: An ISO date or nothing (an action item without a due date).
MaybeDate = Annotated[str, msgspec.Meta(pattern=r"^(\d{4}-\d{2}-\d{2})?$")]
#: A meeting id is also a file name: nothing that could leave the meetings folder.
MEETING_ID_PATTERN = r"[A-Za-z0-9_-]{1,64}"
MeetingId = Annotated[str, msgspec.Meta(pattern=f"^{MEETING_ID_PATTERN}$")]
#: Every record is found again by its own non-empty id.
RecordId = Annotated[str, msgspec.Meta(min_length=1)]


class Record(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Base of the meeting-side records: immutable; change one with ``msgspec.structs.replace``.

    gc=False: a frozen record only ever refers to values made before it, so it can never be
    part of a reference cycle, and 100,000 of them in the search index need not be scanned
    by every full garbage collection.
    """


class Slot(Record, frozen=True, kw_only=True):
    """One countdown on the clock: a segment, a deep-dive phase, or one speaker's timebox."""

    segment_key: str
    segment_title: str
    title: str
    planned: Annotated[int, msgspec.Meta(ge=0)]  # seconds
    flexible: bool = False
    speaker_id: str | None = None
    round: bool = False


class ClockEvent(Record, frozen=True, kw_only=True):
    """One thing the facilitator did to the clock, with its UTC time (ISO)."""

    type: EventType
    at: str
    seconds: int = 0  # extend
    segment: str = ""  # reorder: which round
    order: tuple[str, ...] = ()  # reorder: the speakers in their new order


class Outcome(Record, frozen=True, kw_only=True):
    """What became of a recommendation, said at a later meeting."""

    status: OutcomeStatus
    why: str = ""
    at: str = ""


HistoryValue = str | int | bool | None | Outcome


class Change(Record, frozen=True, kw_only=True):
    """One edit of an action item, kept in its history: owner, due date, status, outcome."""

    at: str
    field: str
    old: HistoryValue = None
    new: HistoryValue = None


class Report(Record, frozen=True, kw_only=True):
    """A member reporting back on a commitment at a later meeting (at its Follow-ups)."""

    at: str
    text: str
    captured_in: str | None = None  # the meeting where it was said
    by: str = ""
    private: bool = False


class Item(Record, frozen=True, kw_only=True):
    """A note, recommendation, action item or decision, stamped with the slot of the moment."""

    id: RecordId
    kind: ItemKind = "note"
    text: str
    private: bool = False
    at: str = ""
    slot_index: int = 0
    segment_key: str = ""
    segment_title: str = ""
    speaker_id: str | None = None
    giver_id: str | None = None
    recipient_id: str | None = None
    owner_id: str | None = None
    due: MaybeDate = ""
    due_text: str = ""
    status: ActionStatus = ""
    history: tuple[Change, ...] = ()
    by: str = ""
    outcome: Outcome | None = None
    tag: RecommendationTag = ""  # recommendations only
    reports: tuple[Report, ...] = ()  # what its owner said of it at later meetings

    @property
    def is_open_action(self) -> bool:
        return self.kind == "action" and self.status != "done"


class OutcomeEntry(Record, frozen=True, kw_only=True):
    """'What happened since', said about a deep dive at a later meeting."""

    id: RecordId
    at: str
    date: str = ""
    text: str
    captured_in: str | None = None
    private: bool = False
    by: str = ""


class Rating(Record, frozen=True, kw_only=True):
    """One member's wrap-up rating of the meeting."""

    score: Annotated[int, msgspec.Meta(ge=1, le=10)]
    comment: str = ""  # what would make it a 10
    private: bool = False  # the comment stays out of exports unless asked (as items do)


#: A self-rating, 1 to 10, of one life area ("work", "family", ...).
Score = Annotated[int, msgspec.Meta(ge=1, le=10)]


class Pulse(Record, frozen=True, kw_only=True):
    """One member's self-ratings with their update, by life area (Group.life_areas).
    Private by default: what is said stays in the room."""

    scores: dict[str, Score]
    private: bool = True
    at: str = ""
    by: str = ""


class NeedsMet(Record, frozen=True, kw_only=True):
    """The presenter's answer, at the next meeting, to "did you get what you needed?"."""

    answer: NeedsAnswer
    comment: str = ""
    at: str = ""
    captured_in: str | None = None
    by: str = ""
    private: bool = False


class Lease(Record, frozen=True, kw_only=True):
    """Who drives a meeting's clock (meetings/<id>.driver); see services/driver.py."""

    id: RecordId
    pid: int = 0
    host: str = ""
    since: str = ""
    heartbeat: str = ""
    name: str = ""  # the person driving, when known (a named browser session); "" in old files


class Meeting(Record, frozen=True, kw_only=True):
    """One meeting: its plan frozen for the members present, its clock log, and what was
    said of it later.  Its items live beside it in the same file (see MeetingFile)."""

    id: MeetingId
    group_id: RecordId
    date: IsoDate
    presenter_id: str | None = None
    topic: str = ""
    framing: dict[str, str] = {}
    present: tuple[str, ...] = ()
    template: AgendaTemplate | None = None
    planned_minutes: int = 0
    slots: tuple[Slot, ...] = ()
    events: tuple[ClockEvent, ...] = ()
    outcome_log: tuple[OutcomeEntry, ...] = ()
    rating: dict[str, Rating] = {}
    pulse: dict[str, Pulse] = {}  # member id -> their self-ratings in the updates round
    needs_met: NeedsMet | None = None  # said of this deep dive at the next meeting
    topic_id: str = ""  # the topic bank's topic this deep dive took (Group.topics), if any

    @property
    def status(self) -> Status:
        """Derived from the events, never stored: nothing can contradict the log."""
        return status_of(self.events, bool(self.slots))

    @property
    def started_at(self) -> str | None:
        return first_at(self.events, "start") if self.status != "setup" else None

    @property
    def ended_at(self) -> str | None:
        return first_at(self.events, "end") if self.status == "ended" else None

    def added_after_end(self, item: Item) -> bool:
        """Whether *item* was stamped after the meeting ended: a note-taker's last words
        saved in the second before their screen saw the end.  Derived from the two
        moments, never stored; the review and the minutes mark such an item."""
        ended = self.ended_at
        return bool(ended and item.at) and from_iso(item.at) > from_iso(str(ended))


class OpenItem(Record, frozen=True, kw_only=True):
    """What the index keeps of an open action item: enough for home's list."""

    id: str
    text: str
    owner_id: str | None = None
    due: str = ""
    private: bool = False


#: A file's change fingerprint: (mtime_ns, size, inode, mode).  Every atomic replace makes
#: a new inode, an edit in place moves the mtime, and a chmod that makes it unreadable
#: changes the mode: any of them and the file is read again.
FileToken = tuple[int, int, int, int]


class MeetingSummary(Record, frozen=True, kw_only=True):
    """One line per meeting in the index, so lists never open the meeting files.

    A cache, never the truth: ``source`` is the token of the meeting file it was made from,
    and the store rebuilds the summary from the file whenever the two disagree.
    """

    id: MeetingId
    group_id: str
    date: IsoDate
    presenter_id: str | None = None
    topic: str = ""
    present: tuple[str, ...] = ()
    status: Status = "setup"
    planned_minutes: int = 0
    started_at: str | None = None
    ended_at: str | None = None
    counts: dict[str, int] = {}
    open_actions: int = 0
    open_items: tuple[OpenItem, ...] = ()
    source: FileToken | None = None

    @property
    def in_progress(self) -> bool:
        """Set up or under way: not yet ended."""
        return self.status != "ended"


def summarize(meeting: Meeting, items: tuple[Item, ...] | list[Item],
              source: FileToken | None = None) -> MeetingSummary:
    """The index line of a meeting, derived from it and its items alone."""
    counts: dict[str, int] = dict.fromkeys(ITEM_KINDS, 0)
    open_items: list[OpenItem] = []
    for item in items:
        counts[item.kind] += 1
        if item.is_open_action:
            open_items.append(OpenItem(id=item.id, text=item.text, owner_id=item.owner_id,
                                       due=item.due, private=item.private))
    return MeetingSummary(
        id=meeting.id, group_id=meeting.group_id, date=meeting.date,
        presenter_id=meeting.presenter_id, topic=meeting.topic, present=meeting.present,
        status=meeting.status, planned_minutes=meeting.planned_minutes,
        started_at=meeting.started_at, ended_at=meeting.ended_at, counts=counts,
        open_actions=len(open_items), open_items=tuple(open_items), source=source)


class MeetingFile(Record, frozen=True, kw_only=True):
    """A meeting file as stored: TinyDB's tables, one meeting record and its items."""

    meeting: dict[str, Meeting]
    items: dict[str, Item] = {}


def next_status(status: Status, kind: EventType, has_slots: bool = True) -> Status:
    """The status after one clock event: the one rule both `status_of` and the clock's
    replay follow (an event that does not apply, like a pause while paused, changes none)."""
    if kind == "start" and status == "setup" and has_slots:
        return "running"
    if kind == "pause" and status == "running":
        return "paused"
    if kind == "resume" and status == "paused":
        return "running"
    if kind == "end" and status in ("running", "paused"):
        return "ended"
    return status


def status_of(events: tuple[ClockEvent, ...], has_slots: bool = True) -> Status:
    """A meeting's status from its event log alone."""
    status: Status = "setup"
    for event in events:
        status = next_status(status, event.type, has_slots)
    return status


def first_at(events: tuple[ClockEvent, ...], kind: EventType) -> str | None:
    """When the first event of this kind happened (ISO), or None."""
    return next((e.at for e in events if e.type == kind), None)
