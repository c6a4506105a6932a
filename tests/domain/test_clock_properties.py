"""Property tests for the event-sourced clock: random event logs over the default agenda.

A small reference model below recomputes, independently of `replay`, where the clock is
(index, status) and how much running / paused time each slot has had.  Event times are
whole or quarter seconds so they survive the ISO round trip exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.domain.agenda import build_slots, default_template
from peertui.domain.clock import MIN_SLOT_SECONDS, ClockState, make_event, replay
from peertui.domain.records import ClockEvent, Slot
from peertui.domain.timesource import from_iso
from tests.fakes import FakeTime

T0 = FakeTime().now()
EPS = 1e-6

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,  # keep runs reproducible-by-seed and write nothing outside tests/domain
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Weighted by repetition: moving on is the commonest thing a facilitator does.
KINDS = (
    ["next"] * 5 + ["skip"] * 2 + ["back"] * 3 + ["pause"] * 2 + ["resume"] * 2 + ["extend"] * 2
    + ["rebalance"] * 2 + ["reorder"] * 2 + ["end"] + ["start"]
)


@st.composite
def meetings(draw: st.DrawFn) -> tuple[list[Slot], list[str], list[ClockEvent]]:
    """Slots for 2-10 present members plus a random event log with messy timestamps."""
    count = draw(st.integers(2, 10))
    present = [f"m{i}" for i in range(count)]
    presenter = draw(st.sampled_from(present))
    names = {m: m.upper() for m in present}
    slots = build_slots(default_template(), present, presenter, names)

    delta = st.one_of(
        st.integers(1, 1200).map(float),            # ordinary progress
        st.integers(0, 4000).map(lambda q: q / 4),  # sub-second and quarter seconds
        st.just(0.0),                               # same instant
        st.integers(-900, -1).map(float),           # the wall clock went backwards
    )
    steps = draw(st.lists(st.tuples(st.sampled_from(KINDS), delta), max_size=45))
    events: list[ClockEvent] = []
    at = T0
    if draw(st.integers(0, 9)) > 0:  # usually the log begins with start; sometimes it does not
        events.append(make_event("start", at))
    for kind, step in steps:
        at += step
        extra: dict[str, Any] = {}
        if kind == "skip":  # several 'next' at the same instant, to reach the rounds
            for _ in range(draw(st.integers(2, 8))):
                events.append(make_event("next", at))
            continue
        if kind == "extend":
            extra["seconds"] = draw(st.sampled_from([60, 300, 0, -60, 1, 45]))
        elif kind == "reorder":
            extra["segment"] = draw(st.sampled_from(["updates", "recommendations", "break"]))
            extra["order"] = tuple(draw(st.permutations(present)))
        events.append(make_event(kind, at, **extra))  # type: ignore[arg-type]
    return slots, present, events


@dataclass
class Ref:
    """Independent reading of an event log: where the clock is and what time went where."""

    status: str = "setup"
    index: int = 0
    started: float | None = None
    ended: float | None = None
    running: list[float] = field(default_factory=list)
    ext: list[int] = field(default_factory=list)
    paused: float = 0.0
    effective: list[float] = field(default_factory=list)  # each event's clamped time

    @property
    def run_total(self) -> float:
        return sum(self.running)


def reference(slots: list[Slot], events: list[ClockEvent], now: float) -> Ref:
    ref = Ref(running=[0.0] * len(slots), ext=[0] * len(slots))
    last = float("-inf")
    mark = 0.0
    for event in events:
        t = max(from_iso(event.at), last)
        last = t
        ref.effective.append(t)
        if ref.status == "running":
            ref.running[ref.index] += t - mark
        elif ref.status == "paused":
            ref.paused += t - mark
        mark = t
        kind, live = event.type, ref.status in ("running", "paused")
        if kind == "start" and ref.status == "setup":
            ref.status, ref.started = "running", t
        elif kind == "pause" and ref.status == "running":
            ref.status = "paused"
        elif kind == "resume" and ref.status == "paused":
            ref.status = "running"
        elif kind == "extend" and live:
            ref.ext[ref.index] += max(0, event.seconds)
        elif kind == "next" and live:
            ref.index = min(ref.index + 1, len(slots) - 1)
        elif kind == "back" and live:
            ref.index = max(ref.index - 1, 0)
        elif kind == "end" and live:
            ref.status, ref.ended = "ended", t
    now = max(now, last)
    if ref.status == "running":
        ref.running[ref.index] += now - mark
    elif ref.status == "paused":
        ref.paused += now - mark
    return ref


def timeline(events: list[ClockEvent], effective: list[float],
             fractions: list[float]) -> list[tuple[int, float]]:
    """(prefix length, now) readings in chronological order, as a screen would take them.

    Between event k and event k+1 the log holds k events; readings there fall inside
    [t_k, t_{k+1}].  After the last event, readings run on past it.
    """
    first = min([T0, *effective[:1]])
    readings: list[tuple[int, float]] = [(0, first - 5.0), (0, first)]
    for k in range(1, len(events) + 1):
        lo = effective[k - 1]
        hi = effective[k] if k < len(events) else lo + 3600.0
        readings.append((k, lo))
        for f in fractions:
            readings.append((k, lo + f * (hi - lo)))
        readings.append((k, hi))
    return readings


def assert_consistent(state: ClockState) -> None:
    for s in state.slots:
        assert abs((s.remaining + s.elapsed) - (s.planned + s.extension)) < EPS
        assert s.allowed == s.planned + s.extension
        assert s.extension >= 0
        assert s.elapsed >= -EPS


# --------------------------------------------------------------------------------------


@SETTINGS
@given(meetings(), st.lists(st.floats(0, 1), min_size=1, max_size=3, unique=True).map(sorted))
def test_elapsed_never_goes_backwards(meeting: Any, fractions: list[float]) -> None:
    slots, _present, events = meeting
    effective = reference(slots, events, T0).effective
    previous: ClockState | None = None
    for k, now in timeline(events, effective, fractions):
        state = replay(slots, events[:k], now)
        assert_consistent(state)
        if previous is not None:
            for before, after in zip(previous.slots, state.slots, strict=True):
                assert after.elapsed >= before.elapsed - EPS, (k, now, before, after)
            assert state.meeting_elapsed >= previous.meeting_elapsed - EPS
            assert state.paused_seconds >= previous.paused_seconds - EPS
            assert state.now >= previous.now
        previous = state


@SETTINGS
@given(meetings(), st.floats(0, 7200))
def test_paused_time_is_never_counted(meeting: Any, extra: float) -> None:
    slots, _present, events = meeting
    for k in range(len(events) + 1):
        prefix = events[:k]
        last = reference(slots, prefix, T0).effective[-1] if prefix else T0
        for now in (last, last + extra, last - 100.0):
            state = replay(slots, prefix, now)
            ref = reference(slots, prefix, now)
            assert state.status == ref.status
            assert state.index == ref.index
            assert state.started_at == ref.started
            assert state.ended_at == ref.ended
            total = sum(s.elapsed for s in state.slots)
            assert abs(total - ref.run_total) < EPS
            assert abs(state.paused_seconds - ref.paused) < EPS
            # wall time since start minus time spent paused is exactly the counted time
            assert abs(total - (state.meeting_elapsed - state.paused_seconds)) < EPS
            for s, ran in zip(state.slots, ref.running, strict=True):
                assert abs(s.elapsed - ran) < EPS


@SETTINGS
@given(meetings(), st.floats(0, 3600))
def test_remaining_plus_elapsed_is_planned_plus_extensions(meeting: Any, extra: float) -> None:
    slots, _present, events = meeting
    rebalanced = False
    for k in range(len(events) + 1):
        prefix = events[:k]
        rebalanced = rebalanced or (k > 0 and prefix[-1].type == "rebalance")
        ref = reference(slots, prefix, T0)
        now = (ref.effective[-1] if prefix else T0) + extra
        state = replay(slots, prefix, now)
        assert_consistent(state)
        for s, ext in zip(state.slots, ref.ext, strict=True):
            assert s.extension == ext
            assert s.remaining + s.elapsed == s.planned + ext
            if not rebalanced:
                assert s.planned == s.slot.planned


def check_rebalance(before: ClockState, after: ClockState) -> None:
    """What one rebalance may do: change only the flexible slots still to come, keep each
    between its floor (a minute, or less if planned shorter) and its plan, and land the
    projected end on the planned end whenever their room allows, cutting when behind and
    giving back when ahead."""
    eligible = set()
    for j, (b, a) in enumerate(zip(before.slots, after.slots, strict=True)):
        assert a.elapsed == b.elapsed and a.extension == b.extension
        assert a.planned <= a.slot.planned, "rebalance never lengthens a slot past its plan"
        assert a.planned >= min(b.planned, MIN_SLOT_SECONDS), (j, b.planned, a.planned)
        if b.slot.flexible and j > before.index and not b.visited:
            eligible.add(j)
        if a.planned != b.planned:
            assert b.slot.flexible, f"slot {j} is not flexible"
            assert j != before.index, f"slot {j} is the current slot"
            assert not b.visited, f"slot {j} was already visited"
    assert before.projected_end is not None and before.planned_end is not None
    assert after.projected_end is not None and after.planned_end is not None
    excess = before.projected_end - before.planned_end
    if abs(excess) <= 0.5:
        assert [s.planned for s in after.slots] == [s.planned for s in before.slots]
        return
    behind = excess > 0
    for j in eligible:  # one direction only
        moved = after.slots[j].planned - before.slots[j].planned
        assert (moved <= 0) if behind else (moved >= 0), (j, excess, moved)
    if behind:
        room = sum(max(0, before.slots[j].planned - MIN_SLOT_SECONDS) for j in eligible)
        bound = {j: min(before.slots[j].planned, MIN_SLOT_SECONDS) for j in eligible}
    else:
        room = sum(max(0, before.slots[j].slot.planned - before.slots[j].planned)
                   for j in eligible)
        bound = {j: before.slots[j].slot.planned for j in eligible}
    if room >= abs(excess) + 1:
        assert abs(after.projected_end - after.planned_end) <= 1.0, (excess, room)
    else:  # not enough room: every eligible slot goes to its bound, no further
        for j in eligible:
            assert after.slots[j].planned == bound[j], (j, excess, room)
        if behind:
            assert after.projected_end >= after.planned_end - 1.0
        else:
            assert after.projected_end <= after.planned_end + 1.0


@SETTINGS
@given(meetings())
def test_rebalance_respects_limits_and_lands_on_planned_end(meeting: Any) -> None:
    slots, _present, events = meeting
    effective = reference(slots, events, T0).effective
    for k, event in enumerate(events):
        if event.type != "rebalance":
            continue
        at = effective[k]
        before = replay(slots, events[:k], at)
        after = replay(slots, events[: k + 1], at)
        if before.status not in ("running", "paused"):
            assert [s.planned for s in after.slots] == [s.planned for s in before.slots]
            continue
        check_rebalance(before, after)


@SETTINGS
@given(st.integers(2, 10), st.integers(61, 5400), st.integers(0, 12),
       st.lists(st.integers(0, 900), min_size=1, max_size=12))
def test_time_cut_when_behind_is_given_back_when_ahead(count: int, overrun: int, early: int,
                                                       quick: list[int]) -> None:
    """Behind, then ahead again (slots moved through quickly): the second rebalance gives
    time back, never beyond each slot's plan, and lands on the planned end if it can."""
    present = [f"m{i}" for i in range(count)]
    slots = build_slots(default_template(), present, present[0], {m: m for m in present})
    at = T0
    events = [make_event("start", at)]
    for _ in range(early):  # move on a little way at once, so the overrun lands somewhere
        events.append(make_event("next", at))
    at += slots[min(early, len(slots) - 1)].planned + overrun
    events.append(make_event("rebalance", at))
    cut = replay(slots, events, at)
    check_rebalance(replay(slots, events[:-1], at), cut)
    for step in quick:  # slots closed well before their time: the meeting gets ahead
        at += step
        events.append(make_event("next", at))
    before = replay(slots, events, at)
    events.append(make_event("rebalance", at))
    after = replay(slots, events, at)
    check_rebalance(before, after)
    if before.status == "running" and before.behind_by < -0.5:
        assert all(a.planned >= b.planned for a, b in zip(after.slots, before.slots,
                                                           strict=True))


@SETTINGS
@given(meetings())
def test_reorder_only_moves_speakers_still_waiting(meeting: Any) -> None:
    slots, _present, events = meeting
    effective = reference(slots, events, T0).effective
    for k, event in enumerate(events):
        if event.type != "reorder":
            continue
        before = replay(slots, events[:k], effective[k])
        after = replay(slots, events[: k + 1], effective[k])
        key = event.segment
        for j, (b, a) in enumerate(zip(before.slots, after.slots, strict=True)):
            assert (a.elapsed, a.planned, a.extension, a.visited) == (
                b.elapsed, b.planned, b.extension, b.visited)
            settled = (b.visited or b.slot.segment_key != key or before.status == "ended"
                       or (before.status != "setup" and j <= before.index))
            if settled:
                assert a.slot == b.slot, f"slot {j} changed speaker"
            assert a.slot.title == (a.slot.speaker_id or "").upper() if a.slot.round else True
        for seg in ("updates", "recommendations"):
            assert sorted(x.slot.speaker_id or "" for x in before.segment_slots(seg)) == sorted(
                x.slot.speaker_id or "" for x in after.segment_slots(seg))
        if before.status != "ended":
            moved = [a.slot.speaker_id for b, a in zip(before.slots, after.slots, strict=True)
                     if b.slot.segment_key == key and b.slot.round and not b.visited
                     and (before.status == "setup" or b.index > before.index)]
            wanted = [m for m in event.order if m in moved]
            assert moved == wanted + [m for m in moved if m not in wanted]
