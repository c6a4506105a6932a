"""An independent model of what the meeting clock must show, in whole microseconds.

The app folds float timestamps (events -> ClockState); this model counts integer microseconds
tick by tick, the simple and obviously-right way, so the two can be compared at every tick.
Only the rules the design states: time accrues to the current slot while running; pause
stops it; extend adds to the current slot; next/back move (never past either end); the
meeting clock is wall time since start, pauses included.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

US = 1_000_000
#: Event kinds a facilitator uses, and how often (a pause is followed by its resume).
WEIGHTS = {"next": 0.28, "back": 0.22, "pause": 0.30, "extend": 0.20}


@dataclass
class Model:
    planned_us: list[int]
    index: int = 0
    status: str = "setup"
    started_us: int = 0
    mark_us: int = 0
    extra_us: list[int] = field(default_factory=list)
    elapsed_us: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.extra_us = [0] * len(self.planned_us)
        self.elapsed_us = [0] * len(self.planned_us)

    def _accrue(self, at_us: int) -> None:
        if self.status == "running":
            self.elapsed_us[self.index] += at_us - self.mark_us
        self.mark_us = at_us

    def apply(self, kind: str, at_us: int, seconds: int = 0) -> None:
        self._accrue(at_us)
        if kind == "start":
            self.status, self.started_us = "running", at_us
        elif kind == "pause" and self.status == "running":
            self.status = "paused"
        elif kind == "resume" and self.status == "paused":
            self.status = "running"
        elif kind == "extend":
            self.extra_us[self.index] += seconds * US
        elif kind == "next" and self.index < len(self.planned_us) - 1:
            self.index += 1
        elif kind == "back" and self.index > 0:
            self.index -= 1
        elif kind == "end":
            self.status = "ended"

    def remaining_us(self, now_us: int) -> int:
        """Planned (plus extensions) minus elapsed for the current slot, at *now_us*."""
        elapsed = self.elapsed_us[self.index]
        if self.status == "running":
            elapsed += now_us - self.mark_us
        return self.planned_us[self.index] + self.extra_us[self.index] - elapsed

    def meeting_us(self, now_us: int) -> int:
        return now_us - self.started_us


def clock_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def countdown_expected(remaining_us: int) -> str:
    """Whole seconds rounded away from zero, as a kitchen timer shows them: 0:01 until the
    last second is gone, then OVER +0:01 during the first second over."""
    if remaining_us < 0:
        return f"OVER +{clock_text(-(remaining_us // US))}"
    return clock_text(-(-remaining_us // US))


def acceptable(remaining_us: int, tolerance_us: int = 1000) -> set[str]:
    """What is right 'to the second': the text at any instant within a millisecond of the tick
    (float timestamps carry sub-microsecond error; a screen cannot be exacter than that)."""
    return {countdown_expected(remaining_us + d) for d in (-tolerance_us, 0, tolerance_us)}


def script(rng: random.Random, start_us: int, length_s: int,
           events: int) -> list[tuple[int, str, int]]:
    """(time in us, kind, seconds) for *events* clock events spread over the meeting, in
    order; every pause is resumed by the next event.  Times are random to the microsecond,
    as a person's key presses are."""
    kinds = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    times = sorted(rng.sample(range(start_us + US, start_us + length_s * US - US), events))
    plan: list[tuple[int, str, int]] = []
    paused = False
    for left, at in enumerate(times, start=1 - events):
        if paused:
            kind, paused = "resume", False
        else:
            kind = rng.choices(kinds, weights)[0]
            if kind == "pause" and left == 0:  # the last event: nothing would resume it
                kind = "extend"
            paused = kind == "pause"
        plan.append((at, kind, rng.choice((60, 300)) if kind == "extend" else 0))
    return plan
