"""Share of voice from the clock's events: pauses are nobody's, extensions are the speaker's."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.domain.agenda import build_slots, default_template
from peertui.domain.clock import make_event
from peertui.domain.records import ClockEvent, EventType, Item, Meeting, Slot
from peertui.domain.voice import (
    MeetingVoice,
    MemberVoice,
    meeting_voice,
    part_of,
    quiet_members,
    voice_trend,
)
from tests.fakes import FakeTime

T0 = FakeTime().now()


def _slot(title: str, seconds: int, speaker: str | None, *, key: str = "updates",
          round_: bool = True) -> Slot:
    return Slot(segment_key=key, segment_title=key.title(), title=title, planned=seconds,
                speaker_id=speaker, round=round_)


def _meeting(slots: list[Slot], steps: list[tuple[float, EventType, int]],
             present: tuple[str, ...] = ("ann", "bob")) -> Meeting:
    """A meeting whose clock log is *steps*: (seconds after the start, kind, extend secs)."""
    events = tuple(make_event(kind, T0 + after, seconds=extra) for after, kind, extra in steps)
    return Meeting(id="m1", group_id="g", date="2026-11-27", present=present,
                   slots=tuple(slots), events=events)


SLOTS = [_slot("Ann", 240, "ann"), _slot("Bob", 240, "bob"),
         _slot("Break", 600, None, key="break", round_=False)]


def test_each_speaker_gets_the_running_time_of_their_own_timebox() -> None:
    meeting = _meeting(SLOTS, [(0, "start", 0), (200, "next", 0), (500, "next", 0),
                               (1100, "end", 0)])
    voice = meeting_voice(meeting, [])
    assert voice.of("ann") == MemberVoice("ann", update=200.0)
    assert voice.of("bob") == MemberVoice("bob", update=300.0)
    assert voice.running == 1100.0  # the break is in the meeting's time, nobody's voice
    assert voice.spoken == 500.0


def test_a_pause_in_a_timebox_is_not_the_speakers_time() -> None:
    meeting = _meeting(SLOTS, [(0, "start", 0), (100, "pause", 0), (700, "resume", 0),
                               (800, "next", 0), (1000, "end", 0)])
    voice = meeting_voice(meeting, [])
    assert voice.of("ann") is not None and voice.of("ann") == MemberVoice("ann", update=200.0)
    assert voice.running == 400.0  # 1000 s on the wall, 600 of them paused


def test_an_extension_is_the_speakers_time() -> None:
    """Ann gets 5 more minutes and uses them: all 540 s are hers, overtime included."""
    meeting = _meeting(SLOTS, [(0, "start", 0), (200, "extend", 300), (540, "next", 0),
                               (600, "end", 0)])
    voice = meeting_voice(meeting, [])
    assert voice.of("ann") == MemberVoice("ann", update=540.0)
    assert voice.of("bob") == MemberVoice("bob", update=60.0)


def test_going_back_to_a_speaker_adds_to_their_time() -> None:
    meeting = _meeting(SLOTS, [(0, "start", 0), (100, "next", 0), (150, "back", 0),
                               (250, "next", 0), (300, "end", 0)])
    voice = meeting_voice(meeting, [])
    assert [m.update for m in voice.members] == [200.0, 100.0]


def test_parts_are_told_apart_update_recommendation_presentation() -> None:
    slots = build_slots(default_template(), ["ann", "bob"], "ann", {"ann": "Ann", "bob": "Bob"})
    parts = {(s.title, part_of(s)) for s in slots if part_of(s)}
    assert parts == {("Ann", "update"), ("Bob", "update"), ("Bob", "recommendation"),
                     ("Presentation", "presentation")}
    assert part_of(next(s for s in slots if s.title.startswith("Clarifying"))) == ""


def test_recommendations_given_and_items_attributed_are_counted() -> None:
    items = [
        Item(id="1", kind="recommendation", text="We did X", giver_id="bob",
             recipient_id="ann"),
        Item(id="2", kind="note", text="said", speaker_id="bob"),
        Item(id="3", kind="action", text="do", owner_id="ann", speaker_id="ann"),
    ]
    voice = meeting_voice(_meeting(SLOTS, [(0, "start", 0)]), items)
    bob, ann = voice.of("bob"), voice.of("ann")
    assert bob is not None and (bob.recommendations_given, bob.items_attributed) == (1, 2)
    assert ann is not None and (ann.recommendations_given, ann.items_attributed) == (0, 1)


def _voice(day: str, **seconds: float) -> MeetingVoice:
    return MeetingVoice(day, day, sum(seconds.values()),
                        tuple(MemberVoice(m, update=s) for m, s in seconds.items()))


def test_quiet_means_under_half_an_equal_share_two_meetings_running() -> None:
    # three members: an equal share is a third, half of it a sixth (about 16.7 %)
    older = _voice("2026-07-01", ann=400, bob=400, cy=60)   # cy 7 %
    newer = _voice("2026-09-01", ann=400, bob=400, cy=100)  # cy 11 %
    assert quiet_members([older, newer]) == {"cy"}
    assert quiet_members([newer]) == set()  # one meeting is not "running"


def test_not_quiet_when_one_of_the_two_meetings_was_normal_or_missed() -> None:
    quiet = _voice("2026-05-01", ann=400, bob=400, cy=60)
    normal = _voice("2026-07-01", ann=400, bob=400, cy=300)
    absent = _voice("2026-09-01", ann=400, bob=400)
    assert quiet_members([quiet, normal]) == set()
    assert quiet_members([quiet, absent]) == set()
    assert quiet_members([normal, quiet, _voice("2026-11-01", ann=1, bob=1, cy=1)]) == set()


def test_the_trend_is_each_meetings_share_or_none_when_absent() -> None:
    voices = [_voice("a", ann=300, bob=100), _voice("b", bob=100)]
    assert voice_trend(voices, "ann") == [0.75, None]
    assert voice_trend(voices, "bob") == [0.25, 1.0]


KINDS: list[EventType] = ["next", "next", "next", "back", "pause", "resume", "extend",
                          "rebalance", "end"]


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(count=st.integers(2, 9), data=st.data())
def test_members_seconds_never_exceed_the_meetings_running_time(count: int,
                                                                data: st.DataObject) -> None:
    present = [f"m{i}" for i in range(count)]
    presenter = data.draw(st.sampled_from(present))
    slots = build_slots(default_template(), present, presenter, {m: m for m in present})
    steps = data.draw(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 900)),
                               max_size=40))
    at = T0
    events: list[ClockEvent] = [make_event("start", at)]
    for kind, step in steps:
        at += step
        events.append(make_event(kind, at, seconds=60 if kind == "extend" else 0))
    meeting = Meeting(id="p", group_id="g", date="2026-11-27", present=tuple(present),
                      presenter_id=presenter, slots=tuple(slots), events=tuple(events))
    voice = meeting_voice(meeting, [])
    assert all(m.seconds >= 0 for m in voice.members)
    assert voice.spoken <= voice.running + 1e-6
    assert voice.running <= at - T0 + 1e-6  # never more than the wall time
    shares = [s for m in present if (s := voice.share(m)) is not None]
    assert not shares or abs(sum(shares) - 1.0) < 1e-9


def test_the_minutes_table_names_each_part_and_share() -> None:
    from peertui.domain.voice import voice_markdown

    meeting = _meeting(SLOTS, [(0, "start", 0), (300, "next", 0), (400, "end", 0)])
    lines = voice_markdown(meeting_voice(meeting, []), str.upper)
    assert "| ANN | 5:00 | — | — | 75% | 0 |" in lines
    assert "| BOB | 1:40 | — | — | 25% | 0 |" in lines
    assert voice_markdown(meeting_voice(_meeting(SLOTS, []), []), str) == []  # never ran
