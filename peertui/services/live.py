"""A meeting in progress: its clock events and its items, read and written via the store.

LiveMeeting is also the one capture use case: every rule that turns what the note-taker
typed into an item (the kind and its prefix, who gave a recommendation to whom, who owns an
action and by when, the stamp of the moment) lives here; the screen only gathers the fields
and shows the result or the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from msgspec.structs import replace

from peertui.domain.clock import ClockState, EventType, make_event, replay
from peertui.domain.dates import parse_due
from peertui.domain.ids import new_id
from peertui.domain.records import ITEM_KINDS, Item, ItemKind, Meeting
from peertui.domain.text import clean_item_text
from peertui.domain.timesource import TimeSource, to_iso
from peertui.store import Store
from peertui.store.records import StatKey

#: What a note may start with to choose its kind as it is typed.
PREFIXES: dict[str, ItemKind] = {"n:": "note", "r:": "recommendation", "a:": "action",
                                 "d:": "decision"}
#: Events that change the meeting's status: the index's cached line is refreshed after them.
STATUS_EVENTS = frozenset({"start", "pause", "resume", "end"})


def kind_of(text: str, chosen: ItemKind) -> tuple[ItemKind, str]:
    """The kind a typed note asks for ('a: ...' is an action) and the text without prefix."""
    prefix = text[:2].lower()
    if prefix in PREFIXES:
        return PREFIXES[prefix], text[2:]
    return chosen, text


@dataclass(frozen=True)
class Draft:
    """What the note form holds when Enter is pressed, before any rule is applied."""

    kind: ItemKind
    text: str
    private: bool = False
    giver_id: str | None = None
    recipient_id: str | None = None
    owner_id: str | None = None
    due_text: str = ""
    by: str = ""


class LiveMeeting:
    """One process's handle on a meeting. Every change is on disk before it returns."""

    def __init__(self, store: Store, meeting_id: str, time: TimeSource) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.time = time
        self._token: tuple[StatKey, ...] = ()
        self._latest = float("-inf")
        self.record: Meeting
        self.items: tuple[Item, ...] = ()
        self.reload()

    def reload(self) -> None:
        token = self.store.change_token(self.meeting_id)
        doc = self.store.meeting_doc(self.meeting_id)
        if doc is None:
            raise KeyError(f"No meeting {self.meeting_id} in {self.store.root}")
        self._token = token
        self.record, self.items = doc

    def refresh_if_changed(self) -> bool:
        """Pick up what another process wrote; cheap enough to call every second."""
        if self.store.change_token(self.meeting_id) == self._token:
            return False
        self.reload()
        return True

    def _saved(self) -> None:
        self._token = self.store.change_token(self.meeting_id)

    def now(self) -> float:
        """Never earlier than a time already shown, even if the system clock steps back."""
        self._latest = max(self._latest, self.time.now())
        return self._latest

    def state(self) -> ClockState:
        return replay(self.record.slots, self.record.events, self.now())

    def act(self, kind: EventType, *, seconds: int = 0, segment: str = "",
            order: tuple[str, ...] = (), driver: str | None = None) -> ClockState:
        """Record a clock event durably, then show its effect.  One write: the status
        follows from the events, so there is no second record to keep in step.

        *driver* is the caller's clock-lease id: the store keeps the event only if that id
        holds the lease as it writes (NotDriving otherwise, nothing saved; see
        Store.append_event).  None checks no lease, for scripts and tests that run none.
        """
        event = make_event(kind, self.now(), seconds=seconds, segment=segment, order=order)
        self.record = self.store.append_event(self.meeting_id, event, driver=driver)
        if kind in STATUS_EVENTS:
            self.store.refresh_summary(self.meeting_id)  # a cache: lists are right without it
        self._saved()
        return self.state()

    # capture -----------------------------------------------------------------

    def next_meeting(self, today: date) -> date | None:
        """What "next meeting" means for a due date: the group's next meeting as home
        shows it (services/schedule), so the words mean one date wherever typed."""
        from peertui.services.schedule import next_meeting_for  # only for a due date

        group = self.store.group(self.record.group_id)
        return next_meeting_for(self.store, group, today).day if group else None

    def capture(self, draft: Draft, today: date) -> Item:
        """Turn what was typed into an item and save it; ValueError says what is missing,
        in words for the line beside the note box (nothing is saved then)."""
        kind, text = kind_of(draft.text, draft.kind)
        presenter = self.record.presenter_id
        current = self.state().current
        speaker = current.slot.speaker_id if current else None
        giver = recipient = owner = None
        due: date | None = None
        due_text = ""
        if kind == "recommendation":
            giver = draft.giver_id or (speaker if speaker != presenter else None)
            recipient = draft.recipient_id or presenter
            if not giver:
                raise ValueError("Choose who gave the recommendation (From).")
        elif kind == "action":
            owner = draft.owner_id
            if not owner:
                raise ValueError("An action item needs an owner.")
            due_text = draft.due_text.strip()
            due = parse_due(due_text, today, self.next_meeting(today))
        return self.new_item(kind, text, private=draft.private, giver_id=giver,
                             recipient_id=recipient, owner_id=owner, due=due,
                             due_text=due_text, by=draft.by)

    def new_item(self, kind: ItemKind, text: str, *, private: bool = False,
                 giver_id: str | None = None, recipient_id: str | None = None,
                 owner_id: str | None = None, due: date | None = None,
                 due_text: str = "", by: str = "") -> Item:
        """Stamp an item with the segment and speaker of the moment and save it."""
        if kind not in ITEM_KINDS:
            raise ValueError(f"Unknown kind {kind!r}.")
        if kind == "action" and not owner_id:
            raise ValueError("An action item needs an owner.")
        if kind == "recommendation" and not giver_id:
            raise ValueError("A recommendation needs who gave it.")
        state = self.state()
        slot = state.current
        item = Item(
            id=new_id(), kind=kind, text=clean_item_text(text), private=private,
            at=to_iso(self.now()), slot_index=slot.index if slot else 0,
            segment_key=slot.slot.segment_key if slot else "",
            segment_title=slot.slot.segment_title if slot else "",
            speaker_id=slot.slot.speaker_id if slot else None,
            giver_id=giver_id, recipient_id=recipient_id, owner_id=owner_id,
            due=due.isoformat() if due else "", due_text=due_text,
            status="open" if kind == "action" else "", by=by,
        )
        self.store.add_item(self.meeting_id, item)
        self.items = (*self.items, item)
        self._saved()
        return item

    def edit_text(self, item_id: str, text: str) -> Item:
        """Change an item's words.  KeyError if another note-taker deleted it meanwhile."""
        cleaned = clean_item_text(text)
        updated = self.store.change_item(self.meeting_id, item_id,
                                         lambda item: replace(item, text=cleaned))
        self.items = tuple(updated if i.id == item_id else i for i in self.items)
        self._saved()
        return updated

    def delete_item(self, item_id: str) -> Item:
        removed = self.store.remove_item(self.meeting_id, item_id)
        self.items = tuple(i for i in self.items if i.id != item_id)
        self._saved()
        return removed

    def restore_item(self, item: Item) -> None:
        """Undo a delete: the same item, same id and stamp, back in the store."""
        self.store.add_item(self.meeting_id, item)
        self.items = tuple(sorted((*self.items, item), key=lambda i: i.at))
        self._saved()
