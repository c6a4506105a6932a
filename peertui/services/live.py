"""A meeting in progress: the clock's events and the items, read and written via the store."""

from __future__ import annotations

from datetime import date
from typing import Any

from peertui.domain.agenda import Slot
from peertui.domain.clock import ClockState, EventType, make_event, replay
from peertui.domain.ids import new_id
from peertui.domain.text import clean_item_text
from peertui.domain.timesource import TimeSource, to_iso
from peertui.services.meetings import ITEM_KINDS, refresh_summary
from peertui.store import Store


class LiveMeeting:
    """One process's handle on a meeting. Every change is on disk before it returns."""

    def __init__(self, store: Store, meeting_id: str, time: TimeSource) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.time = time
        self._token: tuple[Any, ...] = ()
        self.record: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self._latest = float("-inf")
        self.reload()

    def reload(self) -> None:
        record = self.store.get_meeting(self.meeting_id)
        if record is None:
            raise KeyError(f"No meeting {self.meeting_id} in {self.store.root}")
        self._token = self.store.change_token(self.meeting_id)
        self.record = record
        self.slots = [Slot.from_dict(s) for s in record["slots"]]
        self.items = self.store.list_items(self.meeting_id)

    def refresh_if_changed(self) -> bool:
        """Pick up what another process wrote; cheap enough to call every second."""
        if self.store.change_token(self.meeting_id) == self._token:
            return False
        self.reload()
        return True

    def now(self) -> float:
        """Never earlier than a time already shown, even if the system clock steps back."""
        self._latest = max(self._latest, self.time.now())
        return self._latest

    def state(self) -> ClockState:
        return replay(self.slots, self.record.get("events", []), self.now())

    def act(self, kind: EventType, **extra: Any) -> ClockState:
        """Record a clock event durably, then show its effect."""
        event = make_event(kind, self.now(), **extra)
        self.record = self.store.append_event(self.meeting_id, event)
        self.slots = [Slot.from_dict(s) for s in self.record["slots"]]
        if kind == "start" and self.record.get("status") == "setup":
            self.record = self.store.update_meeting(self.meeting_id, {"status": "running"})
            refresh_summary(self.store, self.meeting_id)
        elif kind == "end":
            self.record = self.store.update_meeting(self.meeting_id, {"status": "ended"})
            refresh_summary(self.store, self.meeting_id)
        self._token = self.store.change_token(self.meeting_id)
        return self.state()

    # items ---------------------------------------------------------------

    def new_item(self, kind: str, text: str, *, private: bool = False,
                 giver_id: str | None = None, recipient_id: str | None = None,
                 owner_id: str | None = None, due: date | None = None,
                 due_text: str = "", by: str = "") -> dict[str, Any]:
        """Stamp an item with the segment and speaker of the moment and save it."""
        if kind not in ITEM_KINDS:
            raise ValueError(f"Unknown kind {kind!r}.")
        if kind == "action" and not owner_id:
            raise ValueError("An action item needs an owner.")
        if kind == "recommendation" and not giver_id:
            raise ValueError("A recommendation needs who gave it.")
        state = self.state()
        slot = state.current
        item = {
            "id": new_id(),
            "kind": kind,
            "text": clean_item_text(text),
            "private": private,
            "at": to_iso(self.now()),
            "slot_index": slot.index if slot else 0,
            "segment_key": slot.slot.segment_key if slot else "",
            "segment_title": slot.slot.segment_title if slot else "",
            "speaker_id": slot.slot.speaker_id if slot else None,
            "giver_id": giver_id,
            "recipient_id": recipient_id,
            "owner_id": owner_id,
            "due": due.isoformat() if due else "",
            "due_text": due_text,
            "status": "open" if kind == "action" else "",
            "history": [],
            "by": by,
        }
        self.store.add_item(self.meeting_id, item)
        self.items.append(item)
        self._token = self.store.change_token(self.meeting_id)
        return item

    def edit_item(self, item_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        if "text" in fields:
            fields = {**fields, "text": clean_item_text(fields["text"])}
        updated = self.store.update_item(self.meeting_id, item_id, fields)
        self.items = [updated if i["id"] == item_id else i for i in self.items]
        self._token = self.store.change_token(self.meeting_id)
        return updated

    def delete_item(self, item_id: str) -> dict[str, Any]:
        removed = self.store.remove_item(self.meeting_id, item_id)
        self.items = [i for i in self.items if i["id"] != item_id]
        self._token = self.store.change_token(self.meeting_id)
        return removed

    def restore_item(self, item: dict[str, Any]) -> None:
        """Undo a delete: the same item, same id and stamp, back in the store."""
        self.store.add_item(self.meeting_id, item)
        self.items.append(item)
        self.items.sort(key=lambda i: i.get("at", ""))
        self._token = self.store.change_token(self.meeting_id)
