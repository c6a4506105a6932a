"""Rebalancing the rest of a meeting so it ends when planned, both ways.

Behind plan, the flexible slots still to come are shortened (never below a minute each);
ahead of plan again, the time cut earlier is given back to them (never beyond the length
they were planned with).  Pure functions over the clock's per-slot lists, called by
`replay` on a rebalance event, plus the sentence the facilitator reads afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the types of the arguments below (clock imports this module)
    from peertui.domain.clock import ClockState, SlotState

MIN_SLOT_SECONDS = 60


def spread(amount: int, room: dict[int, int]) -> dict[int, int]:
    """Share *amount* seconds among slots in proportion to each one's room, whole seconds,
    none given more than its room; the whole room when *amount* is more than all of it."""
    total = sum(room.values())
    if total <= amount:
        return dict(room)
    shares = {j: r * amount // total for j, r in room.items()}
    leftover = amount - sum(shares.values())
    for j in sorted(room, key=lambda k: room[k] - shares[k], reverse=True):
        if leftover <= 0:
            break
        if shares[j] < room[j]:
            shares[j] += 1
            leftover -= 1
    return shares


def rebalance(planned: list[int], limits: Sequence[int], ext: Sequence[int],
              elapsed: Sequence[float], flexible: Sequence[bool], visited: Sequence[bool],
              index: int, at: float, planned_end: float) -> None:
    """Change *planned* (in place) for the flexible, not yet visited slots after *index*, so
    the meeting's projected end meets *planned_end* as closely as their bounds allow: each
    stays between a minute (or its planned length, if shorter) and *limits* (the plan)."""
    remaining_now = max(0.0, planned[index] + ext[index] - elapsed[index])
    future = range(index + 1, len(planned))
    projected = at + remaining_now + sum(max(0.0, planned[j] + ext[j] - elapsed[j])
                                         for j in future)
    excess = round(projected - planned_end)
    free = [j for j in future if flexible[j] and not visited[j]]
    if excess > 0:
        cuts = spread(excess, {j: max(0, planned[j] - MIN_SLOT_SECONDS) for j in free})
        for j, cut in cuts.items():
            planned[j] -= cut
    elif excess < 0:
        gifts = spread(-excess, {j: max(0, limits[j] - planned[j]) for j in free})
        for j, gift in gifts.items():
            planned[j] += gift


def length_text(seconds: int) -> str:
    """A planned length in words: '24 min', '22 min 37 s', '45 s'."""
    minutes, rest = divmod(abs(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def describe_rebalance(before: Sequence[SlotState], after: Sequence[SlotState]) -> str:
    """What a rebalance did, per segment: "Gave 6 min back: Recommendations 20 → 24 min,
    Wrap-up 3 → 5 min." or "Cut 4 min: ..."; "" when it changed nothing."""
    totals: dict[str, list[int]] = {}  # segment title -> [before, after], in agenda order
    for old, new in zip(before, after, strict=True):
        pair = totals.setdefault(old.slot.segment_title, [0, 0])
        pair[0] += old.planned
        pair[1] += new.planned
    changed = {title: pair for title, pair in totals.items() if pair[0] != pair[1]}
    if not changed:
        return ""
    moved = sum(new - old for old, new in changed.values())
    parts = ", ".join(f"{title} {_short(old, new)}" for title, (old, new) in changed.items())
    if moved > 0:
        return f"Gave {length_text(moved)} back: {parts}."
    return f"Cut {length_text(moved)}: {parts}."


def _short(old: int, new: int) -> str:
    """'20 → 24 min' when both are whole minutes, else minutes and seconds: '20:48 → 21:00'."""
    if old % 60 == 0 and new % 60 == 0:
        return f"{old // 60} → {new // 60} min"
    return f"{old // 60}:{old % 60:02d} → {new // 60}:{new % 60:02d}"


def rebalance_outcome(before: ClockState, after: ClockState) -> tuple[str, bool]:
    """The facilitator's message after F7, and whether the meeting is still behind (a
    warning): what moved where, or why nothing could."""
    done = describe_rebalance(before.slots, after.slots)
    late = round(after.behind_by)
    cut = sum(s.planned for s in after.slots) < sum(s.planned for s in before.slots)
    later = " If the meeting gets ahead again, F7 gives the time back." if cut else ""
    if done and late > 30:
        return (f"{done} Still {length_text(late)} behind: the flexible segments left are "
                f"down to 1 min each.{later}", True)
    if done and late < -30:
        return (f"{done} Still {length_text(late)} ahead: the flexible segments left have "
                "their full planned time again.", False)
    if done:
        return f"{done} The meeting now ends as planned.{later}", False
    if before.behind_by > 30:
        return ("Still behind, and nothing left to shorten: the flexible segments left are "
                "down to 1 min each.", True)
    if before.behind_by < -30:
        return ("Ahead of plan, and the flexible segments left already have their full "
                "planned time: nothing to give back.", False)
    return "On time already: nothing to rebalance.", False
