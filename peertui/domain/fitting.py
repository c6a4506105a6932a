"""Fitting an agenda to its target for the members present.

Only the per-speaker timeboxes (the rounds) scale with attendance, so only they are
trimmed: the fixed segments (welcome, break, the deep dive…) keep their minutes. Boxes
stay in whole minutes, the most trimmed last, and never go below a floor; when even the
floor is over the target, the fit says so instead of pretending.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from peertui.domain.agenda import planned_minutes, round_speakers
from peertui.domain.models import AgendaTemplate, SegmentTemplate
from peertui.domain.templates import hours

MIN_SPEAKER_MINUTES = 2  # less than this and nobody can say anything useful


@dataclass(frozen=True)
class Trim:
    """One round whose per-speaker box was shortened."""

    title: str
    before: int
    after: int


@dataclass(frozen=True)
class Fit:
    """The agenda as fitted, and what was done to it (for the setup screen to say)."""

    template: AgendaTemplate  # a copy: the template given is never changed
    trims: tuple[Trim, ...]
    total: int
    target: int
    present: int
    fits: bool
    floor: int = MIN_SPEAKER_MINUTES

    def message(self) -> str:
        """What was done, in one sentence; '' when nothing needed doing."""
        goal = f"{hours(self.target)} for {self.present} present"
        done = " and ".join(
            f"{t.title} {'trimmed ' if i == 0 else ''}to {t.after} min each"
            for i, t in enumerate(self.trims))
        if self.fits:
            return f"{done} to fit {goal}." if self.trims else ""
        if not self.trims:
            return (f"Cannot fit {goal}: the agenda is {hours(self.total)} and no "
                    "per-speaker time is left to trim.")
        return (f"Cannot fit {goal}: even with {done} (the floor is {self.floor} min a "
                f"speaker), the agenda is {hours(self.total)}.")


@dataclass
class _Round:
    segment: SegmentTemplate
    speakers: int
    original: int

    @property
    def share(self) -> float:
        """How much of its own length is left: the least trimmed is cut next."""
        return self.segment.minutes / self.original


def fit_to_target(template: AgendaTemplate, present: Sequence[str], presenter: str | None,
                  keep: Collection[str] = (), floor: int = MIN_SPEAKER_MINUTES) -> Fit:
    """The template with its rounds trimmed so the meeting ends within the target.

    `keep` names rounds (by segment key) whose minutes stay as they are, e.g. ones the
    facilitator typed by hand. A round is cut a minute at a time, always the one least
    trimmed so far (the longer box on a tie); then minutes are given back while they fit,
    so the agenda ends as close under the target as whole minutes allow.
    """
    fitted = copy.deepcopy(template)
    target = template.target_max_minutes
    rounds = [_Round(seg, len(round_speakers(seg, present, presenter)), seg.minutes)
              for seg in fitted.segments
              if seg.kind == "round" and seg.key not in keep and seg.minutes > 0]
    rounds = [r for r in rounds if r.speakers > 0]
    total = planned_minutes(fitted, present, presenter)
    while total > target:
        cuttable = [r for r in rounds if r.segment.minutes > floor]
        if not cuttable:
            break
        cut = max(cuttable, key=lambda r: (r.share, r.segment.minutes, r.speakers))
        cut.segment.minutes -= 1
        total -= cut.speakers
    while total < target:
        room = [r for r in rounds
                if r.segment.minutes < r.original and total + r.speakers <= target]
        if not room:
            break
        grow = min(room, key=lambda r: (r.share, -r.speakers))
        grow.segment.minutes += 1
        total += grow.speakers
    trims = tuple(Trim(r.segment.title, r.original, r.segment.minutes)
                  for r in rounds if r.segment.minutes < r.original)
    return Fit(fitted, trims, total, target, len(present), total <= target, floor)
