"""The default agenda, slot building, minute fields and due dates."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peertui.domain.agenda import (
    build_slots,
    default_template,
    parse_minutes,
    planned_minutes,
    round_speakers,
)
from peertui.domain.dates import MAX_TEXT, describe_due, parse_due
from peertui.domain.models import AgendaTemplate
from peertui.domain.records import Slot

MEMBERS = [f"m{i}" for i in range(1, 9)]
NAMES = {m: f"Name {m}" for m in MEMBERS}
TODAY = date(2026, 9, 17)
NEXT_MEETING = date(2026, 11, 19)

# --- agenda -----------------------------------------------------------------------------


def test_default_template_is_148_minutes_with_eight_present() -> None:
    template = default_template()
    assert planned_minutes(template, MEMBERS, "m3") == 148
    slots = build_slots(template, MEMBERS, "m3", NAMES)
    assert sum(s.planned for s in slots) == 148 * 60 == 2 * 3600 + 28 * 60
    assert 120 <= 148 <= template.target_max_minutes


@pytest.mark.parametrize(("present", "minutes"), [(2, 95 + 8 + 3), (5, 95 + 20 + 12),
                                                  (8, 95 + 32 + 21), (10, 95 + 40 + 27)])
def test_totals_scale_with_the_room(present: int, minutes: int) -> None:
    ids = [f"m{i}" for i in range(present)]
    assert planned_minutes(default_template(), ids, ids[0]) == minutes
    assert sum(s.planned for s in build_slots(default_template(), ids, ids[0], {})) == minutes * 60


def test_slots_follow_the_agenda() -> None:
    slots = build_slots(default_template(), MEMBERS, "m3", NAMES)
    keys = [s.segment_key for s in slots]
    assert keys == (["welcome", "followups"] + ["updates"] * 8 + ["break"] + ["deepdive"] * 3
                    + ["recommendations"] * 7 + ["reflection", "wrapup"])
    dive = [s for s in slots if s.segment_key == "deepdive"]
    assert [(s.title, s.planned, s.flexible) for s in dive] == [
        ("Presentation", 900, False), ("Clarifying questions", 900, False),
        ("Discussion and experience share", 1800, True)]
    assert dive[0].speaker_id == "m3" and dive[1].speaker_id is None
    rounds = [s for s in slots if s.round]
    assert all(s.flexible and s.speaker_id in MEMBERS for s in rounds)
    assert all(s.title == NAMES[s.speaker_id] for s in rounds if s.speaker_id)
    assert not any(s.round for s in slots if s.segment_key not in ("updates", "recommendations"))


def test_recommendations_round_excludes_the_presenter() -> None:
    slots = build_slots(default_template(), MEMBERS, "m5", NAMES)
    recs = [s.speaker_id for s in slots if s.segment_key == "recommendations"]
    assert recs == [m for m in MEMBERS if m != "m5"]
    updates = [s.speaker_id for s in slots if s.segment_key == "updates"]
    assert updates == MEMBERS
    seg = next(s for s in default_template().segments if s.key == "recommendations")
    assert round_speakers(seg, MEMBERS, "m5") == recs
    assert round_speakers(seg, MEMBERS, None) == MEMBERS


def test_orders_are_honoured_and_unknown_or_absent_ids_ignored() -> None:
    orders = {"updates": ["m7", "ghost", "m2"], "recommendations": ["m3", "m8", "m1"]}
    slots = build_slots(default_template(), MEMBERS, "m3", NAMES, orders)
    updates = [s.speaker_id for s in slots if s.segment_key == "updates"]
    assert updates == ["m7", "m2", "m1", "m3", "m4", "m5", "m6", "m8"]
    recs = [s.speaker_id for s in slots if s.segment_key == "recommendations"]
    assert recs == ["m8", "m1", "m2", "m4", "m5", "m6", "m7"]  # presenter m3 still left out


def test_unknown_names_show_a_question_mark() -> None:
    slots = build_slots(default_template(), ["x"], "x", {})
    assert [s.title for s in slots if s.round] == ["?"]


def test_template_and_slot_round_trip_through_json() -> None:
    """What the store writes reads back equal; a field a newer version added is ignored."""
    template = default_template()
    again = msgspec.json.decode(msgspec.json.encode(template), type=AgendaTemplate)
    assert again == template
    for slot in build_slots(template, MEMBERS, "m3", NAMES):
        assert msgspec.convert({**msgspec.to_builtins(slot), "extra": 1}, Slot) == slot
        assert msgspec.json.decode(msgspec.json.encode(slot), type=Slot) == slot


def test_a_slot_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError, match="planned"):
        msgspec.convert({"segment_key": "a", "segment_title": "A", "title": "A",
                         "planned": -1}, Slot)
    with pytest.raises(msgspec.ValidationError, match="title"):
        msgspec.convert({"segment_key": "a", "segment_title": "A", "planned": 60}, Slot)


# --- parse_minutes ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minutes"), [("1", 1), ("45", 45), (" 45 ", 45), ("600", 600),
                                               ("007", 7)])
def test_parse_minutes_accepts_whole_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(("text", "message"), [
    ("", "Enter a number of minutes."),
    ("   ", "Enter a number of minutes."),
    ("0", "Minutes must be above 0."),
    ("000", "Minutes must be above 0."),
    ("-3", "'-3' is not a whole number of minutes."),
    ("abc", "'abc' is not a whole number of minutes."),
    ("1.5", "'1.5' is not a whole number of minutes."),
    ("+5", "'+5' is not a whole number of minutes."),
    ("\u0663", "'\u0663' is not a whole number of minutes."),  # Arabic-Indic three
    ("\uff15", "'\uff15' is not a whole number of minutes."),  # fullwidth five
    ("\u00b2", "'\u00b2' is not a whole number of minutes."),  # superscript two
    ("601", "At most 600 minutes."),
    ("99999999999999999999", "At most 600 minutes."),
    pytest.param("9" * 5000, "At most 600 minutes.", id="5000-nines"),  # over int()'s limit
    pytest.param("0" * 5000 + "5", None, id="5000-zeros-then-5"),
])
def test_parse_minutes_rejects_with_a_message(text: str, message: str | None) -> None:
    if message is None:
        assert parse_minutes(text) == 5
        return
    with pytest.raises(ValueError) as caught:
        parse_minutes(text)
    assert str(caught.value) == message


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=30))
def test_parse_minutes_never_fails_other_than_value_error(text: str) -> None:
    try:
        minutes = parse_minutes(text)
    except ValueError as error:
        assert 0 < len(str(error)) <= 60
    else:
        assert 1 <= minutes <= 600 and text.strip().isascii()


# --- parse_due --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "due"), [
    ("2026-12-15", date(2026, 12, 15)),
    ("  2026-12-15\n", date(2026, 12, 15)),
    ("20261215", date(2026, 12, 15)),
    ("in 2 weeks", date(2026, 10, 1)),
    ("In 3 Days", date(2026, 9, 20)),
    ("in  1\tday", date(2026, 9, 18)),
    ("IN 1 MONTH", date(2026, 10, 17)),
    ("in 999 days", TODAY + timedelta(days=999)),
    ("today", TODAY),
    ("Tomorrow", date(2026, 9, 18)),
    ("next week", date(2026, 9, 24)),
    ("next month", date(2026, 10, 17)),
    ("next meeting", NEXT_MEETING),
    ("Next  Meeting", NEXT_MEETING),
])
def test_parse_due_reads_what_people_type(text: str, due: date) -> None:
    result = parse_due(text, TODAY, NEXT_MEETING)
    assert result == due
    assert isinstance(result, date)


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert parse_due("in 1 month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_due("next month", date(2028, 1, 31)) == date(2028, 2, 29)


@pytest.mark.parametrize(("text", "next_meeting", "fragment"), [
    ("next meeting", None, "no date yet"),
    ("", NEXT_MEETING, "Enter a due date"),
    ("   \t ", NEXT_MEETING, "Enter a due date"),
    ("garbage", NEXT_MEETING, "Cannot read 'garbage' as a date"),
    ("soonish", None, "Cannot read"),
    ("in 0 days", NEXT_MEETING, "is today"),
    ("in 1000 days", NEXT_MEETING, "Cannot read"),
    ("in -2 weeks", NEXT_MEETING, "Cannot read"),
    ("in 2 fortnights", NEXT_MEETING, "Cannot read"),
    ("2026-02-30", NEXT_MEETING, "Cannot read"),
    ("2026-13-01", NEXT_MEETING, "Cannot read"),
    ("12:00", NEXT_MEETING, "Cannot read"),
    ("8:", NEXT_MEETING, "Cannot read"),
    ("P1D", NEXT_MEETING, "Cannot read"),
    ("2026-01-01/2026-02-01", NEXT_MEETING, "Cannot read"),
    pytest.param("x" * 1_000_000, NEXT_MEETING, "too long", id="1MB-of-x"),
    pytest.param("in 2 weeks " * 100_000, NEXT_MEETING, "too long", id="1MB-of-phrases"),
    # whitespace collapses before the length check, and the echo is cut short
    pytest.param("2026-12-15" + " " * 1_000_000 + "x", NEXT_MEETING, "Cannot read",
                 id="1MB-of-spaces"),
    ("\x00", NEXT_MEETING, "Cannot read"),
    ("2026-12-15\x00", NEXT_MEETING, "Cannot read"),
    ("\x1b[31m2026-12-15", NEXT_MEETING, "Cannot read"),
    ("\x07\x08", NEXT_MEETING, "Cannot read"),
])
def test_parse_due_rejects_with_a_message(text: str, next_meeting: date | None,
                                          fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due(text, TODAY, next_meeting)
    message = str(caught.value)
    assert fragment in message
    assert len(message) < 200  # fit to show beside the field, however long the input


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.one_of(
        st.text(max_size=MAX_TEXT + 5),
        st.from_regex(r"[0-9T:\-+WZ .,P/]{1,25}", fullmatch=True),
        st.from_regex(r"(?i)\s*(in\s+\d{1,4}\s+(day|week|month)s?|next (meeting|week|month))\s*",
                      fullmatch=True),
    ),
    st.one_of(st.none(), st.dates()),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
)
def test_parse_due_returns_a_date_or_raises_value_error(
        text: str, next_meeting: date | None, today: date) -> None:
    try:
        result = parse_due(text, today, next_meeting)
    except ValueError as error:
        assert 0 < len(str(error)) < 200
    else:
        assert isinstance(result, date)


# --- describe_due -----------------------------------------------------------------------


@pytest.mark.parametrize(("days", "phrase"), [
    (0, "due today"),
    (1, "due in 1 day"),
    (2, "due in 2 days"),
    (13, "due in 13 days"),
    (14, "due in 2 weeks"),
    (20, "due in 2 weeks"),
    (21, "due in 3 weeks"),
    (59, "due in 8 weeks"),
    (60, "due in 2 months"),
    (365, "due in 12 months"),
    (-1, "overdue by 1 day"),
    (-3, "overdue by 3 days"),
    (-14, "overdue by 2 weeks"),
    (-90, "overdue by 3 months"),
])
def test_describe_due(days: int, phrase: str) -> None:
    assert describe_due(TODAY + timedelta(days=days), TODAY) == phrase


def test_describe_due_after_parse_due() -> None:
    assert describe_due(parse_due("in 2 weeks", TODAY), TODAY) == "due in 2 weeks"
    assert describe_due(parse_due("tomorrow", TODAY), TODAY) == "due in 1 day"
    assert describe_due(parse_due("next meeting", TODAY, NEXT_MEETING), TODAY) == "due in 2 months"
