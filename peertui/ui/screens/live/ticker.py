"""When the live screen wakes: just after each second the countdown shows turns over.

One interval timer beats each second in step with the clock and is replaced only when the
step moves (a pause, a resume, a skip): a new timer every second cost more than the repaint
it brings (tests/bench, idle CPU).  Other processes' saves arrive through the store watch
(ui/store_watch.py) as they land; only where the store cannot be watched does each beat also
look for them (two stats), so they show within a second without a second timer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from time import monotonic

from textual.message_pump import MessagePump
from textual.timer import Timer

from peertui.domain.clock import ClockState, countdown_text

TICK_SECONDS = 1.0  # the longest wait between clock checks (see until_next_second)
TICK_SLACK = 0.004  # wake just after the second turns, not just before it
PHASE_SLACK = 0.02  # a beat this close to when the next second is due needs no new timer


def seconds_shown(state: ClockState) -> tuple[object, ...]:
    """What the countdown pane shows that moves with time: when this changes it repaints.

    Only the countdown shows seconds; the deep-dive hour below it is in minutes.  Everything
    else that moves with time is in minutes_shown, so a running meeting costs one small
    repaint a second (tests/bench, idle CPU; clock accuracy).
    """
    current = state.current
    running = state.status == "running" and current is not None
    return (state.index, state.status, countdown_text(current) if current else "",
            int(state.segment_remaining("deepdive") // 60) if running else 0)


def minutes_shown(state: ClockState) -> tuple[object, ...]:
    """What the meeting bar and the rail show, to the minute: they are told of a new state
    only when this changes, about once a minute.  Paused, the meeting time and the projected
    end still move, so these lead then."""
    current = state.current
    segment = state.segment_slots(current.slot.segment_key) if current is not None else []
    return (state.index, state.status, len(state.slots),
            int(state.meeting_elapsed // 60), int(state.behind_by // 60),
            int((state.planned_end or 0) // 60), int((state.projected_end or 0) // 60),
            int(current.elapsed // 60) if current is not None else 0,
            current is not None and current.overtime,  # the rail turns a time red
            int(sum(s.elapsed for s in segment) // 60),
            sum(s.elapsed for s in segment) > sum(s.allowed for s in segment))


def until_next_second(state: ClockState | None) -> float:
    """Seconds until the second shown next turns over (see seconds_shown).  Waking just
    then, rather than several times a second, keeps a meeting screen that nobody touches
    nearly free, and repaints it within milliseconds of the second."""
    if state is None:  # no meeting on show (the projector between meetings)
        return TICK_SECONDS + TICK_SLACK
    current = state.current
    if state.status == "running" and current is not None:
        left = current.remaining
        wait = (left - math.floor(left)) or 1.0
    elif state.started_at is not None and state.ended_at is None:
        elapsed = state.meeting_elapsed
        wait = 1.0 - (elapsed - math.floor(elapsed))
    else:
        wait = TICK_SECONDS
    return min(wait, TICK_SECONDS) + TICK_SLACK


class Ticker:
    """Calls *tick* just after each second shown; `keep_time` after every tick keeps it in step.

    *owner* is the screen (or app) whose timers these are: they end with it."""

    def __init__(self, owner: MessagePump, tick: Callable[[], None]) -> None:
        self.owner = owner
        self.tick = tick
        self._timer: Timer | None = None
        self._due = 0.0  # monotonic time the timer fires next

    def keep_time(self, state: ClockState | None) -> None:
        wait = until_next_second(state)
        due = monotonic() + wait
        if self._timer is not None and abs(due - self._due) < PHASE_SLACK:
            return
        if self._timer is not None:
            self._timer.stop()
        self._due = due
        self._timer = self.owner.set_timer(wait, self._start_beating)

    def stop(self) -> None:
        """No more beats until the next keep_time (a screen that shows no clock now)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _start_beating(self) -> None:
        self._timer = self.owner.set_interval(TICK_SECONDS, self._beat)
        self._due = monotonic() + TICK_SECONDS
        self.tick()

    def _beat(self) -> None:
        self._due += TICK_SECONDS
        self.tick()
