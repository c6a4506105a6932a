"""The rhythm: next meeting dates across year ends, by hand, and wall-clock times across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest

from peertui.domain.cadence import (
    Cadence,
    describe_when,
    meeting_day_in,
    meeting_ics,
    next_meeting,
    parse_cadence,
    rhythm_next,
    start_of,
)

THIRD_THURSDAY = Cadence()  # every 2 months, 3rd Thursday, 16:00, 150 min, UTC


def _form(**changes: str) -> dict[str, str]:
    values = {k: str(v) for k, v in Cadence().to_dict().items()}
    values.update(changes)
    return values


def test_meeting_day_in_a_month() -> None:
    assert meeting_day_in(2027, 1, THIRD_THURSDAY) == date(2027, 1, 21)
    assert meeting_day_in(2026, 10, THIRD_THURSDAY) == date(2026, 10, 15)
    last_friday = Cadence(weekday=4, week=-1)
    assert meeting_day_in(2026, 12, last_friday) == date(2026, 12, 25)
    assert meeting_day_in(2027, 2, Cadence(mode="day", day=31)) == date(2027, 2, 28)
    assert meeting_day_in(2028, 2, Cadence(mode="day", day=30)) == date(2028, 2, 29)


def test_next_meeting_crosses_the_year_end() -> None:
    # last held 19 Nov 2026; every 2 months -> January 2027's 3rd Thursday
    assert rhythm_next(THIRD_THURSDAY, date(2026, 11, 19), date(2026, 11, 27)) == \
        date(2027, 1, 21)
    monthly = Cadence(every_months=1)
    assert rhythm_next(monthly, date(2026, 12, 17), date(2026, 12, 18)) == date(2027, 1, 21)
    quarterly = Cadence(every_months=3, mode="day", day=5)
    assert rhythm_next(quarterly, date(2026, 11, 5), date(2026, 11, 6)) == date(2027, 2, 5)


def test_sample_group_example_from_the_issue() -> None:
    """Last meeting 18 Sep 2026, today 27 Nov: November's day has passed -> 21 Jan."""
    day, moved = next_meeting(THIRD_THURSDAY, date(2026, 9, 18), date(2026, 11, 27))
    assert (day, moved) == (date(2027, 1, 21), False)
    assert describe_when(day, date(2026, 11, 27)) == "Thu 21 Jan 2027, in 8 weeks"
    assert describe_when(date(2026, 12, 3), date(2026, 11, 27)) == "Thu 3 Dec, in 6 days"


def test_without_history_the_soonest_rhythm_day_from_today() -> None:
    assert rhythm_next(THIRD_THURSDAY, None, date(2026, 11, 27)) == date(2026, 12, 17)
    assert rhythm_next(THIRD_THURSDAY, None, date(2026, 12, 17)) == date(2026, 12, 17)


def test_after_a_long_pause_the_rhythm_resumes_ahead_of_today() -> None:
    day = rhythm_next(THIRD_THURSDAY, date(2024, 1, 18), date(2026, 11, 27))
    assert day >= date(2026, 11, 27)
    assert (day.year * 12 + day.month - (2024 * 12 + 1)) % 2 == 0  # still every 2 months


def test_a_date_moved_by_hand_wins_until_it_has_passed() -> None:
    today = date(2026, 11, 27)
    assert next_meeting(THIRD_THURSDAY, date(2026, 9, 18), today, "2026-12-11") == \
        (date(2026, 12, 11), True)
    # the moved meeting took place: the rhythm takes over from it
    assert next_meeting(THIRD_THURSDAY, date(2026, 12, 11), date(2026, 12, 12), "2026-12-11") == \
        (date(2027, 2, 18), False)
    # garbage or past dates never crash, they just do not count
    assert next_meeting(THIRD_THURSDAY, None, today, "not a date")[1] is False
    assert next_meeting(THIRD_THURSDAY, None, today, "2020-01-01")[1] is False


def test_wall_clock_time_holds_across_dst_changes() -> None:
    berlin = Cadence(timezone="Europe/Berlin", start="18:00")
    winter = start_of(berlin, date(2027, 3, 18)).in_tz("UTC")
    summer = start_of(berlin, date(2027, 4, 15)).in_tz("UTC")
    assert (winter.hour, summer.hour) == (17, 16)  # CET +1, CEST +2
    new_york = Cadence(timezone="America/New_York", start="16:00")
    # US DST ends 1 Nov 2026; a meeting on each side
    assert start_of(new_york, date(2026, 10, 29)).in_tz("UTC").hour == 20
    assert start_of(new_york, date(2026, 11, 5)).in_tz("UTC").hour == 21


def test_a_start_time_that_does_not_exist_on_the_dst_day_moves_forward() -> None:
    odd = Cadence(timezone="Europe/Berlin", start="02:30", mode="day", day=28)
    start = start_of(odd, date(2027, 3, 28))  # clocks jump 02:00 -> 03:00
    assert (start.hour, start.minute) == (3, 30)
    assert start.in_tz("UTC").hour == 1


def test_ics_is_in_the_groups_zone_with_escaped_text_and_folded_lines() -> None:
    berlin = Cadence(timezone="Europe/Berlin", start="18:00", minutes=150)
    text = meeting_ics(berlin, date(2027, 7, 15), group_name="CIOs; East, \"Mid\"",
                       group_id="g1", stamp=datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
                       description="x" * 200)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert "DTSTART;TZID=Europe/Berlin:20270715T180000" in lines  # 18:00 where they meet
    assert "DTEND;TZID=Europe/Berlin:20270715T203000" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    assert "UID:g1-2027-07-15@peertui" in lines
    assert "DTSTAMP:20261127T160000Z" in lines
    assert "SUMMARY:CIOs\\; East\\, \"Mid\": peer group meeting" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" x") for line in lines)  # folded description


def test_ics_start_skipped_by_the_dst_jump_moves_forward() -> None:
    odd = Cadence(timezone="Europe/Berlin", start="02:30", minutes=60)
    lines = meeting_ics(odd, date(2027, 3, 28), group_name="G", group_id="g",
                        stamp=datetime(2026, 11, 27, tzinfo=UTC)).split("\r\n")
    assert "DTSTART;TZID=Europe/Berlin:20270328T033000" in lines


def test_rhythm_form_checks_each_field() -> None:
    cadence, errors = parse_cadence(_form(every_months="0", week="0", start="25:00",
                                          minutes="-5", timezone="Mars/Olympus", day="32"))
    assert cadence is None
    assert set(errors) == {"every_months", "week", "start", "minutes", "timezone", "day"}
    assert "Unknown timezone 'Mars/Olympus'" in errors["timezone"]
    cadence, errors = parse_cadence(_form(every_months="9" * 5000))
    assert cadence is None and "every_months" in errors
    cadence, errors = parse_cadence(_form(start="9:05", timezone="Asia/Kolkata"))
    assert errors == {} and cadence is not None and cadence.start == "09:05"


def test_stored_garbage_falls_back_to_defaults_field_by_field() -> None:
    """The store checks types only: values of the right type but out of range (a hand edit)
    fall back to the defaults one field at a time, never a crash."""
    stored = msgspec.convert({"every_months": 0, "weekday": 1, "week": 9, "timezone": "Nowhere",
                              "start": "25:99", "unknown": 5}, Cadence)
    cadence = Cadence.checked(stored, every_months=3)
    assert cadence.every_months == 3 and cadence.weekday == 1 and cadence.timezone == "UTC"
    assert cadence.week == 3 and cadence.start == "16:00"
    assert Cadence.checked(None) == Cadence()
    assert Cadence.checked(None, every_months=5) == Cadence(every_months=5)
    assert Cadence.checked(None, every_months=99) == Cadence()  # out of range too
    assert Cadence().describe() == "Every 2 months, 3rd Thursday, 16:00-18:30 UTC"


@pytest.mark.parametrize("days, text", [(0, "today"), (1, "tomorrow"), (13, "in 13 days"),
                                        (70, "in 10 weeks"), (120, "in 4 months")])
def test_describe_when_says_it_as_people_do(days: int, text: str) -> None:
    today = date(2026, 11, 27)
    assert describe_when(date.fromordinal(today.toordinal() + days), today).endswith(text)
