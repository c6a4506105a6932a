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

from peertui.domain.advice import read_tag
from peertui.domain.clock import ClockState, EventType, make_event, replay
from peertui.domain.dates import parse_due
from peertui.domain.ids import new_id
from peertui.domain.inline import Person, Reading, read_note
from peertui.domain.models import Topic, Urgency
from peertui.domain.records import (
    ITEM_KINDS,
    ClockEvent,
    Item,
    ItemKind,
    Meeting,
    RecommendationTag,
)
from peertui.domain.text import clean_item_text
from peertui.domain.timesource import TimeSource, to_iso
from peertui.store import Store, StoreError
from peertui.store.records import StatKey

#: Segments whose notes are mostly the presenter's commitments (the built-in agenda's).
COMMITMENT_SEGMENTS = frozenset({"reflection"})
#: Events after which the index's cached line of the meeting is refreshed: those that change
#: what its readers tell apart (set up, under way, ended).  Pause and resume change nothing
#: they read, and rewriting the index (every meeting's line) cost the driver 30 ms a key.
STATUS_EVENTS = frozenset({"start", "end"})
#: Kinds whose leading name ("Priya: ...") is the speaker's: what was said, by whom.
SAID_KINDS = frozenset({"note", "decision", "plus", "delta"})


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
    #: a recommendation's tag as the form shows it; None: read it from the words (read_tag)
    tag: RecommendationTag | None = None


@dataclass(frozen=True)
class Defaults:
    """What the note form starts from at this moment of the meeting."""

    kind: ItemKind
    owner_id: str | None
    giver_id: str | None
    recipient_id: str | None


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
        group = store.group(self.record.group_id)
        #: who a typed name can mean; the screen passes a renamed roster on (set_people)
        self.people: tuple[Person, ...] = tuple((m.name, m.id) for m in group.members) \
            if group else ()

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
        event = self.event(kind, seconds=seconds, segment=segment, order=order)
        self.acted(self.store.append_event(self.meeting_id, event, driver=driver), kind)
        return self.state()

    def event(self, kind: EventType, *, seconds: int = 0, segment: str = "",
              order: tuple[str, ...] = ()) -> ClockEvent:
        """A clock key, stamped with the moment it was pressed (saved by the caller)."""
        return make_event(kind, self.now(), seconds=seconds, segment=segment, order=order)

    def acted(self, record: Meeting, kind: EventType) -> None:
        """A clock event is saved: show its effect.  The index's line is a cache, refreshed
        only if the lock is free this instant (lists are right without it)."""
        self.record = record
        if kind in STATUS_EVENTS:
            try:
                with self.store.without_waiting():
                    self.store.refresh_summary(self.meeting_id)
            except (StoreError, OSError):
                pass  # the next listing rebuilds it from the meeting file
        self._saved()

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
        item = self.draft_item(draft, today)
        self.store.add_item(self.meeting_id, item)
        self.remember(item)
        return item

    def due_of(self, text: str, today: date) -> date:
        """A due date as typed; ValueError with a message.  The schedule is read only for
        "next meeting", so reading the phrase as it is typed stays cheap."""
        wanted = "meeting" in text.lower()
        return parse_due(text, today, self.next_meeting(today) if wanted else None)

    def read(self, draft: Draft) -> Reading:
        """The typed note read as it will be saved: kind, named person, due phrase."""
        return read_note(draft.text, draft.kind, self.people)

    def defaults(self) -> Defaults:
        """The form's starting point now: during the reflection the presenter's commitment
        (an action they own); otherwise a note, owned by and given by who is speaking."""
        current = self.state().current
        presenter = self.record.presenter_id
        speaker = current.slot.speaker_id if current else None
        if current is not None and current.slot.segment_key in COMMITMENT_SEGMENTS:
            return Defaults("action", presenter, None, presenter)
        return Defaults("note", speaker, speaker if speaker != presenter else None, presenter)

    def draft_item(self, draft: Draft, today: date) -> Item:
        """The item what was typed makes, not yet saved (a screen saves it when the store
        lets it: Store.without_waiting); ValueError says what is missing."""
        if self.record.status == "ended":
            raise ValueError("The meeting has ended: nothing more can be added to it. "
                             "Its minutes are in past meetings.")
        reading = self.read(draft)
        kind, text, named = reading.kind, reading.text, reading.person_id
        if reading.ambiguous:
            named = self._resolve(reading, draft)
        presenter = self.record.presenter_id
        current = self.state().current
        speaker = current.slot.speaker_id if current else None
        giver = recipient = owner = None
        due: date | None = None
        due_text = ""
        tag: RecommendationTag = ""
        if kind == "recommendation":
            tag = read_tag(text) if draft.tag is None else draft.tag
            giver = named or draft.giver_id or (speaker if speaker != presenter else None)
            recipient = draft.recipient_id or presenter
            if not giver:
                raise ValueError("Choose who gave the recommendation (From).")
            if giver == recipient:
                who = {member_id: name for name, member_id in self.people}.get(
                    giver, "the same person")
                raise ValueError(f"From and To are both {who}: a recommendation goes from "
                                 "one peer to another; choose From or To.")
        elif kind == "action":
            owner = named or draft.owner_id
            if not owner:
                raise ValueError("An action item needs an owner: start with their name "
                                 "('a: Dan send the deck') or choose one.")
            due_text = (reading.due_text or draft.due_text).strip()
            due = self.due_of(due_text, today)
        elif named:
            speaker = named  # "Priya: ..." is Priya's, whoever holds the floor
        return self.stamp(kind, text, private=draft.private, giver_id=giver,
                          recipient_id=recipient, owner_id=owner, due=due,
                          due_text=due_text, by=draft.by, tag=tag,
                          speaker_id=speaker if kind in SAID_KINDS else None)

    def topic_of(self, draft: Draft) -> tuple[str, str, Urgency]:
        """A "t:" note read for the topic bank: (member id, issue, urgency).  The member is
        the one named ("t: Priya: ...") or the speaker of the moment; ValueError says
        what is missing (nothing is saved then)."""
        reading = self.read(draft)
        if reading.urgency is None:
            raise ValueError("Not a topic: start with 't:' to add one to the bank.")
        member = reading.person_id
        if reading.ambiguous:
            first = reading.ambiguous[0].split()[0]
            raise ValueError(f"Which {first}: {' or '.join(reading.ambiguous)}? Type the "
                             "whole name.")
        if member is None:
            current = self.state().current
            member = current.slot.speaker_id if current else None
        if not reading.text:
            raise ValueError("Write the issue after 't:', e.g. 't: Priya: ERP vendor exit, A'.")
        if member is None:
            raise ValueError("Whose topic? Start with their name: "
                             "'t: Priya: ERP vendor exit, A'.")
        return member, reading.text, reading.urgency

    def save_topic(self, draft: Draft, today: date) -> Topic:
        """Add a "t:" note's topic to the group's bank (services/topics.py), not as an item."""
        from peertui.services.topics import add_topic  # only when a topic is typed

        member, issue, urgency = self.topic_of(draft)
        return add_topic(self.store, self.record.group_id, member, issue, urgency, today)

    def revise(self, item: Item, draft: Draft, today: date) -> Item:
        """The item with every field the edit dialog holds, by the same rules as a new one
        (an action needs an owner, a due date must read); its id, moment, slot, history
        and outcome stay.  ValueError says what is missing."""
        made = self.draft_item(draft, today)
        named = self.read(draft).person_id if made.kind in SAID_KINDS else None
        status = item.status if made.kind == "action" and item.kind == "action" \
            else made.status
        return replace(item, kind=made.kind, text=made.text, private=made.private,
                       giver_id=made.giver_id, recipient_id=made.recipient_id,
                       owner_id=made.owner_id, due=made.due, due_text=made.due_text,
                       status=status, tag=made.tag, speaker_id=named or item.speaker_id)

    def _resolve(self, reading: Reading, draft: Draft) -> str:
        """A first name several members share: the one chosen in the form, or a question."""
        chosen = {"action": draft.owner_id, "recommendation": draft.giver_id}.get(reading.kind)
        matching = {member_id for name, member_id in self.people if name in reading.ambiguous}
        if chosen in matching:
            assert chosen is not None
            return chosen
        first = reading.ambiguous[0].split()[0]
        where = {"action": "Choose the owner", "recommendation": "Choose From"}.get(
            reading.kind, "Type the whole name")
        raise ValueError(f"Which {first}: {' or '.join(reading.ambiguous)}? {where}.")

    def new_item(self, kind: ItemKind, text: str, *, private: bool = False,
                 giver_id: str | None = None, recipient_id: str | None = None,
                 owner_id: str | None = None, due: date | None = None,
                 due_text: str = "", by: str = "") -> Item:
        """Stamp an item with the segment and speaker of the moment and save it."""
        item = self.stamp(kind, text, private=private, giver_id=giver_id,
                          recipient_id=recipient_id, owner_id=owner_id, due=due,
                          due_text=due_text, by=by)
        self.store.add_item(self.meeting_id, item)
        self.remember(item)
        return item

    def stamp(self, kind: ItemKind, text: str, *, private: bool = False,
              giver_id: str | None = None, recipient_id: str | None = None,
              owner_id: str | None = None, due: date | None = None,
              due_text: str = "", by: str = "", speaker_id: str | None = None,
              tag: RecommendationTag = "") -> Item:
        """A new item with the segment and speaker of the moment (or the speaker it
        names); ValueError if it lacks what its kind needs."""
        if kind not in ITEM_KINDS:
            raise ValueError(f"Unknown kind {kind!r}.")
        if kind == "action" and not owner_id:
            raise ValueError("An action item needs an owner.")
        if kind == "recommendation" and not giver_id:
            raise ValueError("A recommendation needs who gave it.")
        state = self.state()
        slot = state.current
        return Item(
            id=new_id(), kind=kind, text=clean_item_text(text), private=private,
            at=to_iso(self.now()), slot_index=slot.index if slot else 0,
            segment_key=slot.slot.segment_key if slot else "",
            segment_title=slot.slot.segment_title if slot else "",
            speaker_id=speaker_id or (slot.slot.speaker_id if slot else None),
            giver_id=giver_id, recipient_id=recipient_id, owner_id=owner_id,
            due=due.isoformat() if due else "", due_text=due_text,
            status="open" if kind == "action" else "", by=by,
            tag=tag if kind == "recommendation" else "",
        )

    # what this process saved, shown before the next poll reads it back ------------------
    # The meeting file stays the truth: the poll (refresh_if_changed) sees the file changed
    # and reads it whole, so these only spare the screen a second of waiting.

    def remember(self, item: Item) -> None:
        """An item saved (or restored): in the feed now, in time order."""
        if all(i.id != item.id for i in self.items):
            self.items = tuple(sorted((*self.items, item), key=lambda i: i.at))

    def remember_change(self, item: Item) -> None:
        self.items = tuple(item if i.id == item.id else i for i in self.items)

    def forget(self, item_id: str) -> None:
        self.items = tuple(i for i in self.items if i.id != item_id)

    def edit_text(self, item_id: str, text: str) -> Item:
        """Change an item's words.  KeyError if another note-taker deleted it meanwhile."""
        cleaned = clean_item_text(text)
        updated = self.store.change_item(self.meeting_id, item_id,
                                         lambda item: replace(item, text=cleaned))
        self.remember_change(updated)
        return updated

    def delete_item(self, item_id: str) -> Item:
        removed = self.store.remove_item(self.meeting_id, item_id)
        self.forget(item_id)
        return removed

    def restore_item(self, item: Item) -> None:
        """Undo a delete: the same item, same id and stamp, back in the store."""
        self.store.add_item(self.meeting_id, item)
        self.remember(item)
