"""Following the running meeting from the store, read-only: what the projector view shows.

The follower never writes.  It notices other processes' saves through the store's cheap
change token, re-reads only then, and replays the clock from the events at every reading,
so it agrees with the driver to the second and survives the driver quitting and coming back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from peertui.domain.clock import ClockState, replay
from peertui.domain.local_time import group_zone
from peertui.domain.records import Item, Meeting, MeetingSummary
from peertui.domain.timesource import TimeSource
from peertui.store import Store
from peertui.store.records import StatKey


@dataclass
class Followed:
    """The meeting on show, as last read from the store."""

    record: Meeting
    group_name: str = ""
    zone: str = ""  # the group's time zone, for every clock time shown ("" = this machine's)
    names: dict[str, str] = field(default_factory=dict)
    public_items: list[Item] = field(default_factory=list)

    @property
    def meeting_id(self) -> str:
        return self.record.id

    @property
    def presenter(self) -> str:
        return self.names.get(self.record.presenter_id or "", "")


def pick_meeting(summaries: list[MeetingSummary]) -> MeetingSummary | None:
    """The meeting to show: a running one before one still being set up, newest first."""
    live = [m for m in summaries if m.in_progress]
    if not live:
        return None
    live.sort(key=lambda m: (m.status != "setup", m.date, m.started_at or ""))
    return live[-1]


class MeetingFollower:
    """Polled by the display; `poll()` is a few stat calls when nothing changed."""

    def __init__(self, store: Store, time: TimeSource) -> None:
        self.store = store
        self.time = time
        self.followed: Followed | None = None
        self._token: tuple[StatKey, ...] | None = None

    def _current_token(self) -> tuple[StatKey, ...]:
        token = self.store.change_token()
        if self.followed is not None:
            token += self.store.change_token(self.followed.meeting_id)[1:]
        return token

    def poll(self) -> bool:
        """Re-read the store if another process saved since the last look. True if it did."""
        token = self._current_token()
        if token == self._token:
            return False
        self._token = self._load()
        return True

    def _load(self) -> tuple[StatKey, ...]:
        """Read the meeting to show; returns the change token taken *before* reading, so a
        save landing mid-read is seen on the next poll rather than missed.  While the index
        is as it was, only the meeting on show changed (a note, a clock key): its one file is
        read again, not the list of every meeting (600 summaries: 10 ms of a follower's
        15, tests/bench bar 7)."""
        followed = self.followed
        if followed is not None and self._token is not None:
            before = self._current_token()
            if before[0] == self._token[0]:  # the index (always first) is as it was
                doc = self.store.meeting_doc(followed.meeting_id)
                if doc is not None:
                    record, items = doc
                    self.followed = replace(followed, record=record,
                                            public_items=[i for i in items if not i.private])
                    return before
        chosen = pick_meeting(self.store.meetings())
        if chosen is None:
            # Keep showing a meeting we followed to its end; otherwise there is none.
            if self.followed is None:
                return self.store.change_token()
            meeting_id = self.followed.meeting_id
        else:
            meeting_id = chosen.id
        token = self.store.change_token() + self.store.change_token(meeting_id)[1:]
        doc = self.store.meeting_doc(meeting_id)
        if doc is None:
            self.followed = None
            return self.store.change_token()
        record, items = doc
        group = self.store.group(record.group_id)
        self.followed = Followed(
            record=record,
            group_name=group.name if group else "",
            zone=group_zone(group),
            names=group.names if group else {},
            public_items=[i for i in items if not i.private],
        )
        return token

    def state(self) -> ClockState | None:
        """The clock as it stands now, replayed from the events (never from counted ticks)."""
        if self.followed is None:
            return None
        record = self.followed.record
        return replay(record.slots, record.events, self.time.now())
