"""The event-sourced meeting clock.

What the screen shows is `replay(slots, events, now)`: a pure fold, so nothing drifts,
a restarted process resumes exactly, and any number of readers agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from msgspec.structs import replace

from peertui.domain.rebalance import MIN_SLOT_SECONDS, rebalance
from peertui.domain.records import ClockEvent, EventType, Slot, Status, next_status
from peertui.domain.timesource import from_iso, to_iso

__all__ = ["MIN_SLOT_SECONDS", "ClockEvent", "EventType", "Status"]


def make_event(kind: EventType, at: float, *, seconds: int = 0, segment: str = "",
               order: tuple[str, ...] = ()) -> ClockEvent:
    """An event as stored: its UTC ISO timestamp plus its arguments."""
    return ClockEvent(type=kind, at=to_iso(at), seconds=seconds, segment=segment, order=order)


def warn_threshold(planned: float) -> float:
    """Seconds left at which the bell first rings: a minute, or 30 s for short timeboxes."""
    return 60.0 if planned >= 240 else 30.0


@dataclass(frozen=True)
class SlotState:
    index: int
    slot: Slot
    planned: int
    extension: int
    elapsed: float
    visited: bool

    @property
    def allowed(self) -> int:
        return self.planned + self.extension

    @property
    def remaining(self) -> float:
        return self.allowed - self.elapsed

    @property
    def overtime(self) -> float:
        return max(0.0, -self.remaining)

    @property
    def warning(self) -> bool:
        return 0 < self.remaining <= warn_threshold(self.allowed)


@dataclass(frozen=True)
class ClockState:
    status: Status
    index: int
    slots: tuple[SlotState, ...]
    now: float
    started_at: float | None
    ended_at: float | None
    paused_seconds: float

    @property
    def current(self) -> SlotState | None:
        if self.status == "setup" or not self.slots:
            return self.slots[0] if self.slots else None
        return self.slots[self.index]

    @property
    def following(self) -> SlotState | None:
        nxt = self.index + 1
        return self.slots[nxt] if nxt < len(self.slots) else None

    @property
    def planned_total(self) -> int:
        return sum(s.slot.planned for s in self.slots)

    @property
    def meeting_elapsed(self) -> float:
        """Wall time since start, pauses included: what the room experiences."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else self.now
        return max(0.0, end - self.started_at)

    @property
    def planned_end(self) -> float | None:
        if self.started_at is None:
            return None
        return self.started_at + self.planned_total

    @property
    def projected_end(self) -> float | None:
        """When the meeting ends if every remaining countdown runs exactly as allowed."""
        if self.started_at is None:
            return None
        if self.ended_at is not None:
            return self.ended_at
        return self.now + remaining_after(self.slots, self.index)

    @property
    def behind_by(self) -> float:
        """Seconds the projected end lies past the planned end (negative: ahead)."""
        if self.planned_end is None or self.projected_end is None:
            return 0.0
        return self.projected_end - self.planned_end

    def segment_slots(self, key: str) -> list[SlotState]:
        return [s for s in self.slots if s.slot.segment_key == key]

    def segment_remaining(self, key: str) -> float:
        parts = self.segment_slots(key)
        return sum(s.allowed for s in parts) - sum(s.elapsed for s in parts)


def remaining_after(slots: Sequence[SlotState], index: int) -> float:
    """Time still to run from slot `index` on, overtime never counted as negative."""
    return sum(max(0.0, s.remaining) for s in slots[index:])


def _timestamp(event: ClockEvent) -> float:
    try:
        return from_iso(event.at)
    except ValueError:
        return float("-inf")  # an unreadable time counts as 'no time passed'


def _reorder(slots: list[Slot], visited: list[bool], index: int, status: Status, key: str,
             order: list[str]) -> None:
    """Give the round's not-yet-started timeboxes to speakers in the new order."""
    first_open = index + 1 if status != "setup" else index
    open_positions = [j for j, s in enumerate(slots)
                      if s.segment_key == key and s.round and j >= first_open and not visited[j]]
    waiting = {slots[j].speaker_id: slots[j] for j in open_positions}
    new_order = [m for m in order if m in waiting] + [m for m in waiting if m not in order]
    for j, speaker in zip(open_positions, new_order, strict=True):
        source = waiting[speaker]
        slots[j] = replace(slots[j], speaker_id=speaker, title=source.title)


def replay(slots: Sequence[Slot], events: Iterable[ClockEvent], now: float) -> ClockState:
    """Fold the events into what the clock shows at `now`.

    Timestamps that go backwards (a clock adjusted mid-meeting) are treated as 'no time
    passed', so elapsed time never decreases.
    """
    plan = list(slots)
    count = len(plan)
    planned = [s.planned for s in plan]
    limits = tuple(planned)  # a rebalance gives a slot back at most its planned length
    original_total = sum(planned)
    ext = [0] * count
    elapsed = [0.0] * count
    visited = [False] * count
    status: Status = "setup"
    index = 0
    mark = 0.0
    last = float("-inf")
    started: float | None = None
    ended: float | None = None
    paused_total = 0.0
    pause_mark = 0.0

    for event in events:
        at = max(_timestamp(event), last)
        last = at
        if status == "running":
            elapsed[index] += at - mark
            mark = at
        kind = event.type
        before, status = status, next_status(status, kind, bool(count))
        if kind == "start" and status != before:
            started, mark = at, at
            visited[index] = True
        elif kind == "pause" and status != before:
            pause_mark = at
        elif kind == "resume" and status != before:
            mark = at
            paused_total += at - pause_mark
        elif kind == "extend" and status in ("running", "paused"):
            ext[index] += max(0, event.seconds)
        elif kind == "next" and status in ("running", "paused") and index < count - 1:
            index += 1
            visited[index] = True
        elif kind == "back" and status in ("running", "paused") and index > 0:
            index -= 1
        elif kind == "rebalance" and status in ("running", "paused") and started is not None:
            rebalance(planned, limits, ext, elapsed, [s.flexible for s in plan], visited,
                      index, at, started + original_total)
        elif kind == "reorder" and status != "ended":
            _reorder(plan, visited, index, status, event.segment, list(event.order))
        elif kind == "end" and status != before:
            if before == "paused":
                paused_total += at - pause_mark
            ended = at

    now = max(now, last)
    if status == "running":
        elapsed[index] += now - mark
    elif status == "paused":
        paused_total += now - pause_mark

    states = tuple(
        SlotState(j, plan[j], planned[j], ext[j], elapsed[j], visited[j]) for j in range(count)
    )
    return ClockState(status, index, states, now, started, ended, paused_total)


def bells_between(before: ClockState | None, after: ClockState) -> list[str]:
    """Which bells to ring between two readings: 'warning' and/or 'zero'."""
    if before is None or after.status != "running" or after.current is None:
        return []
    if before.index != after.index or before.current is None:
        return []
    was, now = before.current.remaining, after.current.remaining
    threshold = warn_threshold(after.current.allowed)
    rings = []
    if was > threshold >= now:
        rings.append("warning")
    if was > 0 >= now:
        rings.append("zero")
    return rings


def format_clock(seconds: float) -> str:
    """m:ss, or h:mm:ss past an hour; rounds toward what a countdown shows."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_minutes(seconds: float, compact: bool = False) -> str:
    """Whole minutes gone, for times that need no seconds: '<1 min', '12 min', '1 h 5 min'
    (compact, for a 7-cell column: '1:05 h').  Only the countdown ticks every second; the
    rest of the live screen moves by the minute, which is calmer to watch and nearly free
    to draw (tests/bench, idle CPU)."""
    minutes = int(abs(seconds)) // 60
    if minutes == 0:
        return "<1 min"
    if minutes < 60 or (compact and minutes < 100):
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if compact:
        return f"{hours}:{rest:02d} h"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def countdown_text(state: SlotState) -> str:
    """What the big display reads: '12:34', or 'OVER +1:23' in overtime."""
    if state.remaining < 0:
        return f"OVER +{format_clock(math.ceil(-state.remaining))}"
    return format_clock(state.remaining + 0.999)  # show 0:01 until the last second is gone
