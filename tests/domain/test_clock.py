"""Example tests for the meeting clock on a fake timeline: no test here waits on real time."""

from __future__ import annotations

import random
from typing import Any

import pytest

from peertui.domain.agenda import build_slots, default_template
from peertui.domain.clock import (
    ClockState,
    bells_between,
    countdown_text,
    format_clock,
    format_minutes,
    make_event,
    replay,
    warn_threshold,
)
from peertui.domain.rebalance import describe_rebalance, length_text, rebalance_outcome
from peertui.domain.records import ClockEvent, Slot
from peertui.domain.timesource import from_iso, to_iso
from tests.fakes import FakeTime

MEMBERS = [f"m{i}" for i in range(1, 9)]
NAMES = dict(zip(MEMBERS, ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"], strict=True))
PRESENTER = "m3"


class Meeting:
    """An event log driven by a FakeTime, read back through `replay` like the screen does."""

    def __init__(self, present: list[str] = MEMBERS, presenter: str | None = PRESENTER,
                 orders: dict[str, list[str]] | None = None) -> None:
        self.slots: list[Slot] = build_slots(default_template(), present, presenter, NAMES,
                                             orders)
        self.time = FakeTime()
        self.t0 = self.time.now()
        self.events: list[ClockEvent] = []

    def do(self, kind: Any, **extra: Any) -> ClockState:
        if "order" in extra:
            extra["order"] = tuple(extra["order"])
        self.events.append(make_event(kind, self.time.now(), **extra))
        return self.state()

    def advance(self, seconds: float) -> ClockState:
        self.time.advance(seconds)
        return self.state()

    def state(self) -> ClockState:
        return replay(self.slots, self.events, self.time.now())

    def index_of(self, key: str, speaker: str | None = None) -> int:
        return next(j for j, s in enumerate(self.slots)
                    if s.segment_key == key and (speaker is None or s.speaker_id == speaker))


def current(state: ClockState) -> Any:
    assert state.current is not None
    return state.current


# --- a whole meeting --------------------------------------------------------------------


def test_whole_two_and_a_half_hour_meeting() -> None:
    m = Meeting(orders={"updates": ["m8", "m1"]})
    s = m.state()
    assert s.status == "setup" and s.planned_end is None and s.meeting_elapsed == 0
    assert s.planned_total == 148 * 60

    s = m.do("start")
    assert s.status == "running" and s.started_at == m.t0
    assert s.planned_end == m.t0 + 148 * 60
    assert current(s).slot.segment_key == "welcome"
    assert countdown_text(current(s)) == "5:00"
    s = m.advance(299.5)
    assert countdown_text(current(s)) == "0:01"
    s = m.advance(0.5)
    assert countdown_text(current(s)) == "0:00" and current(s).overtime == 0
    s = m.do("next")

    # follow-ups: last presenter's news and open items, 10 minutes
    assert current(s).slot.title == "Follow-ups"
    assert countdown_text(current(s)) == "10:00"
    s = m.advance(400)
    assert countdown_text(current(s)) == "3:20"
    s = m.advance(200)
    s = m.do("next")

    # business updates: everyone present, in the order chosen at setup
    speakers = [x.slot.speaker_id for x in s.segment_slots("updates")]
    assert speakers == ["m8", "m1", "m2", "m3", "m4", "m5", "m6", "m7"]
    assert [x.slot.title for x in s.segment_slots("updates")][:2] == ["Hal", "Ann"]
    assert s.segment_remaining("updates") == 8 * 240
    for speaker in speakers:
        assert current(s).slot.speaker_id == speaker
        assert countdown_text(current(s)) == "4:00"
        if speaker == "m1":  # Ann runs over by 1:23
            s = m.advance(240 + 83)
            assert countdown_text(current(s)) == "OVER +1:23"
            assert current(s).overtime == 83
            assert not current(s).warning
            assert s.behind_by == pytest.approx(83)
        else:
            s = m.advance(240)
        s = m.do("next")
    assert s.segment_remaining("updates") == -83

    # the break is cut short to get back on time
    assert current(s).slot.segment_key == "break"
    assert s.behind_by == pytest.approx(83)
    s = m.advance(600 - 83)
    assert s.behind_by == pytest.approx(83)  # the break's last 83 s still count
    s = m.do("next")
    assert s.behind_by == pytest.approx(0)

    # deep dive: one hour over three phases, the segment clock counts down throughout
    assert current(s).slot.title == "Presentation"
    assert current(s).slot.speaker_id == PRESENTER
    assert s.segment_remaining("deepdive") == 3600
    assert format_clock(s.segment_remaining("deepdive")) == "1:00:00"
    titles = []
    for minute in range(60):
        if minute in (15, 30):
            s = m.do("next")
        titles.append(current(s).slot.title)
        assert s.segment_remaining("deepdive") == 3600 - 60 * minute
        s = m.advance(1)
        assert s.segment_remaining("deepdive") == 3600 - 60 * minute - 1
        if minute == 0:
            assert format_clock(s.segment_remaining("deepdive")) == "59:59"
        s = m.advance(59)
    assert titles[0] == "Presentation" and titles[20] == "Clarifying questions"
    assert titles[45] == "Discussion and experience share"
    assert s.segment_remaining("deepdive") == 0
    s = m.do("next")

    # recommendations: everyone but the presenter, 3 minutes each
    recs = s.segment_slots("recommendations")
    assert [x.slot.speaker_id for x in recs] == [x for x in MEMBERS if x != PRESENTER]
    assert all(x.planned == 180 for x in recs)
    for _ in recs:
        assert current(s).slot.speaker_id != PRESENTER
        s = m.advance(180)
        s = m.do("next")

    assert current(s).slot.segment_key == "reflection"
    s = m.advance(300)
    s = m.do("next")
    assert current(s).slot.segment_key == "wrapup"
    assert s.following is None
    s = m.advance(300)
    s = m.do("next")  # nothing after wrap-up: ignored
    assert current(s).slot.segment_key == "wrapup"
    s = m.do("end")

    assert s.status == "ended"
    assert s.ended_at == m.t0 + 148 * 60
    assert s.meeting_elapsed == 148 * 60
    assert s.projected_end == s.ended_at and s.behind_by == 0
    assert all(x.visited for x in s.slots)
    assert sum(x.elapsed for x in s.slots) == 148 * 60
    assert s.paused_seconds == 0

    # time passing after the end, and events after it, change nothing
    frozen = [x.elapsed for x in s.slots]
    m.advance(5000)
    m.do("resume")
    m.do("next")
    later = m.state()
    assert [x.elapsed for x in later.slots] == frozen
    assert later.meeting_elapsed == 148 * 60 and later.status == "ended"


# --- pause / resume ---------------------------------------------------------------------


def test_pause_and_resume_freeze_the_countdown() -> None:
    m = Meeting()
    m.do("start")
    m.advance(100)
    s = m.do("pause")
    assert s.status == "paused"
    assert current(s).elapsed == 100
    s = m.advance(50)
    assert current(s).elapsed == 100
    assert countdown_text(current(s)) == "3:20"
    assert s.paused_seconds == 50
    assert s.meeting_elapsed == 150
    assert s.behind_by == pytest.approx(50)  # the pause pushes the end out
    m.do("pause")  # a second pause is a no-op
    s = m.advance(10)
    assert s.paused_seconds == 60
    s = m.do("resume")
    s = m.advance(10)
    assert current(s).elapsed == 110
    assert s.paused_seconds == 60
    assert s.meeting_elapsed == 170
    m.do("resume")  # resume while running is a no-op
    s = m.advance(5)
    assert current(s).elapsed == 115 and s.paused_seconds == 60


def test_pause_then_end_counts_the_pause_and_nothing_after() -> None:
    m = Meeting()
    m.do("start")
    m.advance(30)
    m.do("pause")
    m.advance(20)
    s = m.do("end")
    assert s.status == "ended" and s.paused_seconds == 20 and s.meeting_elapsed == 50
    s = m.advance(1000)
    assert s.paused_seconds == 20 and s.meeting_elapsed == 50
    assert current(s).elapsed == 30


def test_events_before_start_are_ignored() -> None:
    m = Meeting()
    for kind in ("pause", "resume", "next", "back", "end", "rebalance"):
        m.do(kind)
    m.do("extend", seconds=60)
    s = m.advance(100)
    assert s.status == "setup" and s.index == 0
    assert all(x.elapsed == 0 and x.extension == 0 and not x.visited for x in s.slots)
    assert s.projected_end is None and s.behind_by == 0


# --- extensions -------------------------------------------------------------------------


def test_extend_adds_to_the_current_slot_only() -> None:
    m = Meeting()
    m.do("start")
    m.advance(290)
    s = m.do("extend", seconds=60)
    assert current(s).allowed == 360 and current(s).extension == 60
    assert countdown_text(current(s)) == "1:10"
    s = m.do("extend", seconds=300)
    assert current(s).extension == 360
    assert countdown_text(current(s)) == "6:10"
    assert s.behind_by == pytest.approx(360)
    m.do("extend", seconds=-100)  # never shortens
    m.do("extend")  # no seconds given
    s = m.state()
    assert current(s).extension == 360
    assert all(x.extension == 0 for x in s.slots[1:])
    m.do("pause")
    s = m.do("extend", seconds=60)  # allowed while paused
    assert current(s).extension == 420


def test_extension_after_overrun_brings_the_countdown_back() -> None:
    m = Meeting()
    m.do("start")
    s = m.advance(300 + 83)
    assert countdown_text(current(s)) == "OVER +1:23"
    s = m.do("extend", seconds=300)
    assert countdown_text(current(s)) == "3:37"


# --- back / next ------------------------------------------------------------------------


def test_back_then_next_keeps_accrued_time() -> None:
    m = Meeting()
    m.do("start")
    m.advance(100)
    m.do("next")
    m.advance(50)
    s = m.do("back")
    assert s.index == 0
    assert s.slots[0].elapsed == 100 and s.slots[1].elapsed == 50
    s = m.advance(20)
    assert s.slots[0].elapsed == 120
    assert countdown_text(current(s)) == "3:00"
    s = m.do("next")
    s = m.advance(10)
    assert s.slots[1].elapsed == 60
    assert countdown_text(current(s)) == "9:00"
    s = m.do("back")
    s = m.do("back")  # already at the first slot
    assert s.index == 0


def test_next_while_paused_moves_but_does_not_run() -> None:
    m = Meeting()
    m.do("start")
    m.advance(10)
    m.do("pause")
    s = m.do("next")
    assert s.index == 1 and s.status == "paused"
    s = m.advance(100)
    assert s.slots[1].elapsed == 0
    m.do("resume")
    s = m.advance(7)
    assert s.slots[1].elapsed == 7 and s.slots[0].elapsed == 10


# --- reorder ----------------------------------------------------------------------------


def test_reorder_in_setup_reorders_the_whole_round() -> None:
    m = Meeting()
    m.do("reorder", segment="updates", order=["m5", "m2"])
    s = m.state()
    assert [x.slot.speaker_id for x in s.segment_slots("updates")] == [
        "m5", "m2", "m1", "m3", "m4", "m6", "m7", "m8"]
    assert [x.slot.title for x in s.segment_slots("updates")][:2] == ["Ed", "Bo"]


def test_reorder_during_a_round_only_moves_speakers_not_yet_spoken() -> None:
    m = Meeting()
    m.do("start")
    m.do("next")
    m.do("next")  # updates: m1 speaking
    m.advance(240)
    m.do("next")  # m2 speaking
    m.advance(100)
    s = m.do("reorder", segment="updates",
             order=["m8", "m1", "m2", "m7", "unknown", "m6"])
    order = [x.slot.speaker_id for x in s.segment_slots("updates")]
    assert order == ["m1", "m2", "m8", "m7", "m6", "m3", "m4", "m5"]
    assert current(s).slot.speaker_id == "m2" and current(s).elapsed == 100
    titles = [x.slot.title for x in s.segment_slots("updates")]
    assert titles == [NAMES[x or ""] for x in order]
    # the other round is untouched
    recs = [x.slot.speaker_id for x in s.segment_slots("recommendations")]
    assert recs == [x for x in MEMBERS if x != PRESENTER]
    # and moving on reaches the new order
    s = m.do("next")
    assert current(s).slot.speaker_id == "m8"


def test_reorder_after_going_back_keeps_speakers_who_already_spoke() -> None:
    """m2 has spoken for 200 s; the facilitator goes back to m1 and reorders the rest."""
    m = Meeting()
    m.do("start")
    m.do("next")
    m.do("next")  # m1
    m.advance(100)
    m.do("next")  # m2
    m.advance(200)
    m.do("back")  # back to m1
    s = m.do("reorder", segment="updates", order=["m8", "m7", "m6", "m5", "m4", "m3", "m2"])
    m2_slot = m.index_of("updates", "m2")  # position before the reorder
    assert s.slots[m2_slot].slot.speaker_id == "m2", "m2's time must stay with m2"
    assert s.slots[m2_slot].elapsed == 200
    order = [x.slot.speaker_id for x in s.segment_slots("updates")]
    assert order == ["m1", "m2", "m8", "m7", "m6", "m5", "m4", "m3"]


def test_reorder_after_end_is_ignored() -> None:
    m = Meeting()
    m.do("start")
    m.do("end")
    s = m.do("reorder", segment="updates", order=list(reversed(MEMBERS)))
    assert [x.slot.speaker_id for x in s.segment_slots("updates")] == MEMBERS


# --- rebalance --------------------------------------------------------------------------


def test_rebalance_absorbs_an_overrun_in_flexible_later_slots() -> None:
    m = Meeting()
    m.do("start")
    m.advance(300)
    m.do("next")
    m.advance(600 + 83)  # follow-ups ran 1:23 over
    m.do("next")
    s = m.do("rebalance")
    assert s.behind_by == pytest.approx(0, abs=1)
    before = m.slots
    for j, x in enumerate(s.slots):
        if x.planned != before[j].planned:
            assert x.slot.flexible and j > s.index
            assert x.planned >= 60
    assert sum(b.planned - x.planned for b, x in zip(before, s.slots, strict=True)) == 83
    assert s.slots[s.index].planned == before[s.index].planned  # current slot untouched


def test_rebalance_without_enough_room_cuts_to_the_minimum() -> None:
    m = Meeting()
    m.do("start")
    s = m.advance(300 + 2 * 3600)  # welcome overruns by two hours
    s = m.do("rebalance")
    for j, x in enumerate(s.slots):
        if x.slot.flexible and j > 0:
            assert x.planned == 60
        else:
            assert x.planned == m.slots[j].planned
    assert s.behind_by > 0


def test_rebalance_when_on_time_changes_nothing() -> None:
    m = Meeting()
    m.do("start")
    m.advance(100)
    s = m.do("rebalance")
    assert [x.planned for x in s.slots] == [x.planned for x in m.slots]


def test_rebalance_does_not_cut_a_slot_already_spoken_in() -> None:
    """After going back, a later slot that already ran must keep its plan."""
    m = Meeting()
    m.do("start")
    m.advance(300 + 600)  # welcome overruns by 10 minutes
    m.do("next")
    m.advance(500)  # follow-ups used 500 of 600
    m.do("back")
    s = m.do("rebalance")
    assert s.slots[1].planned == 600 and s.slots[1].elapsed == 500
    assert s.behind_by == pytest.approx(0, abs=1)


def test_rebalance_gives_cut_time_back_when_ahead_again_never_beyond_the_plan() -> None:
    m = Meeting()
    m.do("start")
    m.advance(300 + 600)  # welcome overruns by 10 minutes
    cut = m.do("rebalance")
    assert cut.behind_by == pytest.approx(0, abs=1)
    assert describe_rebalance(m.state().slots, cut.slots) == ""
    m.do("next")
    m.advance(60)  # follow-ups take 1 minute of their (shortened) time: ahead now
    m.do("next")
    ahead = m.state()
    assert ahead.behind_by < -300
    back = m.do("rebalance")
    assert back.behind_by == pytest.approx(0, abs=1)
    gained = [b.planned - a.planned for a, b in zip(ahead.slots, back.slots, strict=True)]
    assert sum(gained) == round(-ahead.behind_by) and min(gained) >= 0
    assert all(x.planned <= x.slot.planned for x in back.slots)
    text = describe_rebalance(ahead.slots, back.slots)
    assert text.startswith(f"Gave {length_text(sum(gained))} back: ")
    m.advance(3600)  # far ahead is impossible now; being 1 h behind is not: cut again
    assert m.do("rebalance").behind_by >= 0


def test_rebalance_gives_back_only_what_was_cut() -> None:
    m = Meeting()
    m.do("start")
    m.advance(300 + 120)  # two minutes over
    m.do("rebalance")
    for _ in range(3):
        m.do("next")  # rushing through: far ahead of plan
    ahead = m.state()
    assert ahead.behind_by < -600
    back = m.do("rebalance")
    still_to_come = back.slots[back.index + 1:]
    assert [x.planned for x in still_to_come] == [x.slot.planned for x in still_to_come]
    assert back.behind_by < -600, "time never given beyond the plan"
    assert back.slots[1].planned < 600, "a slot already spoken in keeps its cut"
    gained = sum(b.planned - a.planned for a, b in zip(ahead.slots, back.slots, strict=True))
    assert 0 < gained < 120
    assert describe_rebalance(ahead.slots, back.slots).startswith(
        f"Gave {length_text(gained)} back: ")


def test_the_rebalance_sentence_names_each_segment_and_its_lengths() -> None:
    m = Meeting()
    m.do("start")
    m.advance(300 + 83)
    before = m.state()
    after = m.do("rebalance")
    text = describe_rebalance(before.slots, after.slots)
    assert text.startswith("Cut 1 min 23 s: ")
    assert "Recommendations" in text and " → " in text
    assert length_text(24 * 60) == "24 min" and length_text(45) == "45 s"


def test_the_rebalance_outcome_warns_while_still_behind() -> None:
    m = Meeting()
    m.do("start")
    before = m.advance(300 + 2 * 3600)  # two hours over: more than the flexible room
    after = m.do("rebalance")
    text, behind = rebalance_outcome(before, after)
    assert behind and text.startswith("Cut ") and " behind: the flexible segments left " \
        "are down to 1 min each." in text
    again = m.do("rebalance")
    assert rebalance_outcome(after, again) == (
        "Still behind, and nothing left to shorten: the flexible segments left are down to "
        "1 min each.", True)


# --- bells ------------------------------------------------------------------------------


@pytest.mark.parametrize(("segment", "planned", "threshold"),
                         [("updates", 240, 60), ("recommendations", 180, 30)])
def test_bells_ring_once_at_the_warning_and_once_at_zero(
        segment: str, planned: int, threshold: int) -> None:
    m = Meeting()
    m.do("start")
    target = m.index_of(segment)
    for _ in range(target):
        m.do("next")
    previous = m.state()
    assert previous.current is not None and previous.current.planned == planned
    assert warn_threshold(planned) == threshold
    rung: list[tuple[float, str]] = []
    for _ in range(planned + 30):
        now = m.advance(1)
        for bell in bells_between(previous, now):
            rung.append((current(now).remaining, bell))
        assert current(now).warning == (0 < current(now).remaining <= threshold)
        previous = now
    assert rung == [(threshold, "warning"), (0, "zero")]


def test_bells_both_ring_when_a_reading_skips_over_both() -> None:
    m = Meeting()
    m.do("start")
    before = m.advance(10)
    after = m.advance(300)
    assert bells_between(before, after) == ["warning", "zero"]


def test_no_bells_when_paused_moved_on_or_first_reading() -> None:
    m = Meeting()
    m.do("start")
    first = m.advance(200)
    assert bells_between(None, first) == []
    m.do("pause")
    paused = m.advance(200)
    assert bells_between(first, paused) == []
    m.do("resume")
    before = m.state()
    m.do("next")
    after = m.advance(600)
    assert bells_between(before, after) == []  # different slot


def test_extension_past_the_warning_rings_again_on_the_way_down() -> None:
    m = Meeting()
    m.do("start")
    before = m.advance(230)
    after = m.advance(10)  # 60 s left
    assert bells_between(before, after) == ["warning"]
    m.do("extend", seconds=300)
    before = m.state()
    after = m.advance(300)
    assert bells_between(before, after) == ["warning"]


# --- formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0:00"), (59, "0:59"), (60, "1:00"), (83, "1:23"), (600, "10:00"),
    (3599, "59:59"), (3600, "1:00:00"), (8880, "2:28:00"), (-83, "1:23"),
])
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_countdown_text_rounds_up_until_the_second_is_gone() -> None:
    m = Meeting()
    m.do("start")
    assert countdown_text(current(m.advance(0.2))) == "5:00"
    assert countdown_text(current(m.advance(0.8))) == "4:59"
    assert countdown_text(current(m.advance(298.5))) == "0:01"
    assert countdown_text(current(m.advance(0.5))) == "0:00"
    assert countdown_text(current(m.advance(83))) == "OVER +1:23"
    assert countdown_text(current(m.advance(3600))) == "OVER +1:01:23"


# --- timestamps -------------------------------------------------------------------------


def test_backwards_and_numeric_timestamps() -> None:
    m = Meeting()
    t0 = m.t0
    events = [make_event("start", t0), make_event("pause", t0 + 100),
              make_event("resume", t0 + 50),  # clock went back: no time passes
              make_event("next", t0 + 160)]
    s = replay(m.slots, events, t0 + 170)
    assert s.slots[0].elapsed == 160 - 100 + 100 and s.slots[1].elapsed == 10
    assert s.paused_seconds == 0
    # a `now` earlier than the last event reads as the last event
    s = replay(m.slots, events, t0)
    assert s.now == t0 + 160 and s.slots[1].elapsed == 0


def test_an_unreadable_event_time_counts_as_no_time_passed() -> None:
    """A hand-edited log may hold a time that is no ISO date: it never moves time back."""
    m = Meeting()
    t0 = m.t0
    events = [make_event("start", t0), ClockEvent(type="next", at="not a time"),
              make_event("next", t0 + 30)]
    s = replay(m.slots, events, t0 + 40)
    assert s.index == 2
    # the unreadable 'next' happened "at the start": slot 0 had no time, slot 1 had 30 s
    assert s.slots[0].elapsed == 0 and s.slots[1].elapsed == 30 and s.slots[2].elapsed == 10


def test_iso_round_trip() -> None:
    t = FakeTime().now() + 0.25
    assert from_iso(to_iso(t)) == t
    assert to_iso(t).endswith("+00:00")
    assert from_iso("2026-09-17T08:00:00") == FakeTime().now()  # naive reads as UTC


def test_no_slots_never_starts() -> None:
    s = replay([], [make_event("start", 0.0)], 10.0)
    assert s.status == "setup" and s.current is None and s.following is None


# --- a long randomised meeting, checked every second ------------------------------------


def test_randomised_meeting_every_second_matches_a_simple_model() -> None:
    """2.5 hours, 500 random pauses / resumes / extensions / skips / backs; every 1 s tick
    the shown countdown equals planned + extension - elapsed from a counter model."""
    rng = random.Random(20260917)
    m = Meeting()
    m.do("start")
    # Every tick replays the stored log of typed events, as the screen does.
    ticks = 9000
    op_ticks = set(rng.sample(range(1, ticks), 500))
    n = len(m.slots)
    elapsed = [0] * n
    ext = [0] * n
    index, paused = 0, False
    for tick in range(1, ticks + 1):
        m.time.advance(1)
        if not paused:
            elapsed[index] += 1
        if tick in op_ticks:
            op = rng.choices(["pause", "extend", "next", "back"], weights=[4, 3, 5, 1])[0]
            if op == "pause":
                m.do("resume" if paused else "pause")
                paused = not paused
            elif op == "extend":
                seconds = rng.choice([60, 300])
                m.do("extend", seconds=seconds)
                ext[index] += seconds
            elif op == "next":
                m.do("next")
                index = min(index + 1, n - 1)
            else:
                m.do("back")
                index = max(index - 1, 0)
        s = m.state()
        assert s.index == index and s.status == ("paused" if paused else "running")
        shown = current(s)
        expected = m.slots[index].planned + ext[index] - elapsed[index]
        assert shown.remaining == expected, tick
        text = f"OVER +{format_clock(-expected)}" if expected < 0 else format_clock(expected)
        assert countdown_text(shown) == text, tick
        if tick % 600 == 0:
            assert [x.elapsed for x in s.slots] == elapsed
            assert [x.extension for x in s.slots] == ext
    s = m.do("end")
    assert s.meeting_elapsed == ticks
    assert sum(x.elapsed for x in s.slots) + s.paused_seconds == ticks


@pytest.mark.parametrize(("seconds", "wide", "compact"), [
    (0, "<1 min", "<1 min"), (59.9, "<1 min", "<1 min"), (60, "1 min", "1 min"),
    (-125, "2 min", "2 min"), (3599, "59 min", "59 min"), (3600, "1 h", "60 min"),
    (3900, "1 h 5 min", "65 min"), (6000, "1 h 40 min", "1:40 h"), (9000, "2 h 30 min", "2:30 h"),
])
def test_minutes_for_what_needs_no_seconds(seconds: float, wide: str, compact: str) -> None:
    assert format_minutes(seconds) == wide
    assert format_minutes(seconds, compact=True) == compact
    assert len(format_minutes(seconds, compact=True)) <= 7  # the rail's time column
