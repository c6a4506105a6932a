"""Following the running meeting from the store, read-only: what the projector view shows.

The follower never writes.  It notices other processes' saves through the store's cheap
change token, re-reads only then, and replays the clock from the events at every reading,
so it agrees with the driver to the second and survives the driver quitting and coming back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peertui.domain.agenda import Slot
from peertui.domain.clock import ClockState, replay
from peertui.domain.timesource import TimeSource
from peertui.store import Store

LIVE_STATUSES = ("setup", "running")


@dataclass
class Followed:
    """The meeting on show, as last read from the store."""

    record: dict[str, Any]
    slots: list[Slot]
    group_name: str = ""
    names: dict[str, str] = field(default_factory=dict)
    public_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def meeting_id(self) -> str:
        return str(self.record["id"])

    @property
    def presenter(self) -> str:
        return self.names.get(self.record.get("presenter_id") or "", "")


def pick_meeting(summaries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The meeting to show: a running one before one still being set up, newest first."""
    live = [m for m in summaries if m.get("status") in LIVE_STATUSES]
    if not live:
        return None
    live.sort(key=lambda m: (m.get("status") == "running", str(m.get("date") or ""),
                             str(m.get("started_at") or "")))
    return live[-1]


class MeetingFollower:
    """Polled by the display; `poll()` is two stat calls when nothing changed."""

    def __init__(self, store: Store, time: TimeSource) -> None:
        self.store = store
        self.time = time
        self.followed: Followed | None = None
        self._token: tuple[Any, ...] | None = None

    def _current_token(self) -> tuple[Any, ...]:
        meeting_id = self.followed.meeting_id if self.followed else None
        return self.store.change_token(meeting_id)

    def poll(self) -> bool:
        """Re-read the store if another process saved since the last look. True if it did."""
        token = self._current_token()
        if token == self._token:
            return False
        self._token = self._load()
        return True

    def _load(self) -> tuple[Any, ...]:
        """Read the meeting to show; returns the change token taken *before* reading, so a
        save landing mid-read is seen on the next poll rather than missed."""
        index_token = self.store.change_token()
        chosen = pick_meeting(self.store.list_meetings())
        if chosen is None:
            # Keep showing a meeting we followed to its end; otherwise there is none.
            if self.followed is None:
                return index_token
            meeting_id = self.followed.meeting_id
        else:
            meeting_id = str(chosen["id"])
        token = (index_token[0], self.store.change_token(meeting_id)[1])
        record = self.store.get_meeting(meeting_id)
        if record is None:
            self.followed = None
            return index_token
        group = self.store.get_group(str(record.get("group_id", ""))) or {}
        names = {str(m.get("id")): str(m.get("name", "")) for m in group.get("members", [])}
        items = [i for i in self.store.list_items(meeting_id) if not i.get("private")]
        self.followed = Followed(
            record=record,
            slots=[Slot.from_dict(s) for s in record.get("slots", [])],
            group_name=str(group.get("name", "")),
            names=names,
            public_items=items,
        )
        return token

    def state(self) -> ClockState | None:
        """The clock as it stands now, replayed from the events (never from counted ticks)."""
        if self.followed is None:
            return None
        return replay(self.followed.slots, self.followed.record.get("events", []),
                      self.time.now())
