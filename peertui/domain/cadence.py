"""The group's rhythm: every N months on the 3rd Thursday (or a fixed day), at a local time.

The next meeting's date follows from the rhythm and the last meeting held; a date moved
by hand wins while it is still ahead. Times are wall-clock times in the group's
timezone (pendulum), so a 16:00 meeting stays at 16:00 across DST changes.
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from peertui.domain.text import clean_text

if TYPE_CHECKING:  # imported where used: it is a fair share of start-up time
    import pendulum

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK_NAMES = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}
MAX_MONTHS = 12
MAX_LENGTH_MINUTES = 12 * 60
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

Mode = Literal["weekday", "day"]


@dataclass(frozen=True)
class Cadence:
    every_months: int = 2
    mode: Mode = "weekday"
    weekday: int = 3  # 0 = Monday
    week: int = 3  # 1..4, or -1 for the last one in the month
    day: int = 21  # with mode "day"; clamped to the month's last day
    start: str = "16:00"
    minutes: int = 150
    timezone: str = "UTC"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def checked(cls, stored: Cadence | None, every_months: int = 2) -> Cadence:
        """The stored rhythm with every value checked again (the store checks only types:
        a hand-edited timezone or a week 9 falls back to the default, never a crash)."""
        default = cls(every_months=every_months if 1 <= every_months <= MAX_MONTHS else 2)
        values = {k: str(v) for k, v in default.to_dict().items()}
        if stored is not None:
            values.update({k: str(v) for k, v in stored.to_dict().items()})
        cadence, errors = parse_cadence(values)
        if errors:  # fields are checked independently: reset the bad ones, parse again
            values.update({k: str(getattr(default, k)) for k in errors})
            cadence, _ = parse_cadence(values)
        return cadence or default

    def describe(self) -> str:
        """'Every 2 months, 3rd Thursday, 16:00-18:30 Europe/Berlin'."""
        every = "Every month" if self.every_months == 1 else f"Every {self.every_months} months"
        if self.mode == "weekday":
            when = f"{WEEK_NAMES[self.week]} {WEEKDAYS[self.weekday]}"
        else:
            when = f"day {self.day}"
        hours, minutes = (int(p) for p in self.start.split(":"))
        end_total = hours * 60 + minutes + self.minutes
        end = f"{(end_total // 60) % 24:02d}:{end_total % 60:02d}"
        return f"{every}, {when}, {self.start}-{end} {self.timezone}"


def _int(text: str, what: str, low: int, high: int) -> int:
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(f"Enter the {what}.")
    try:
        if len(cleaned) > 6:
            raise ValueError(cleaned)
        value = int(cleaned)
    except ValueError:
        raise ValueError(f"The {what} must be a whole number.") from None
    if not low <= value <= high:
        raise ValueError(f"The {what} must be from {low} to {high}.")
    return value


def parse_start(text: str) -> str:
    match = _TIME.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("Start time as HH:MM, e.g. 16:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_timezone(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("Enter a timezone, e.g. Europe/Berlin or UTC.")
    try:  # the zone database pendulum itself uses, without importing pendulum (slow)
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        shown = " ".join(clean_text(name).split())[:40]  # never echo escapes into a label
        raise ValueError(f"Unknown timezone '{shown}'; e.g. Europe/Berlin, "
                         "America/New_York, UTC.") from None
    return name


def parse_cadence(values: dict[str, str]) -> tuple[Cadence | None, dict[str, str]]:
    """A rhythm from form text: (cadence, {}) or (None, {field: problem})."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}

    def check(key: str, fn: Any) -> None:
        try:
            parsed[key] = fn(values.get(key, ""))
        except ValueError as problem:
            errors[key] = str(problem)

    check("every_months", lambda v: _int(v, "number of months", 1, MAX_MONTHS))
    check("mode", lambda v: v if v in ("weekday", "day") else _bad("Choose weekday or day."))
    check("weekday", lambda v: _int(v, "weekday", 0, 6))
    check("week", lambda v: _week(v))
    check("day", lambda v: _int(v, "day of the month", 1, 31))
    check("start", parse_start)
    check("minutes", lambda v: _int(v, "length in minutes", 1, MAX_LENGTH_MINUTES))
    check("timezone", parse_timezone)
    if errors:
        return None, errors
    return Cadence(**parsed), {}


def _bad(message: str) -> Any:
    raise ValueError(message)


def _week(text: str) -> int:
    value = _int(text, "week of the month", -1, 4)
    if value == 0:
        raise ValueError("Week of the month: 1 to 4, or -1 for the last.")
    return value


# dates -------------------------------------------------------------------------

def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def meeting_day_in(year: int, month: int, cadence: Cadence) -> date:
    """The rhythm's day in a given month."""
    last = calendar.monthrange(year, month)[1]
    if cadence.mode == "day":
        return date(year, month, min(cadence.day, last))
    if cadence.week == -1:
        day = last
        while date(year, month, day).weekday() != cadence.weekday:
            day -= 1
        return date(year, month, day)
    first = date(year, month, 1).weekday()
    day = 1 + (cadence.weekday - first) % 7 + 7 * (cadence.week - 1)
    return date(year, month, day)


def rhythm_next(cadence: Cadence, last_meeting: date | None, today: date) -> date:
    """The first rhythm day on or after today: every N months counted from the last meeting.

    With no meeting held yet, the soonest matching day from today.
    """
    if last_meeting is None:
        year, month, step = today.year, today.month, 1
    else:
        year, month = _add_months(last_meeting.year, last_meeting.month, cadence.every_months)
        step = cadence.every_months
    for _ in range(2400):
        day = meeting_day_in(year, month, cadence)
        if day >= today and (last_meeting is None or day > last_meeting):
            return day
        year, month = _add_months(year, month, step)
    raise ValueError("No meeting day found in 200 years.")  # unreachable for valid input


def next_meeting(cadence: Cadence, last_meeting: date | None, today: date,
                 moved_to: str = "") -> tuple[date, bool]:
    """(date, moved by hand?). A hand-set date counts while it is ahead of the last meeting
    and not in the past; after that the rhythm takes over again."""
    if moved_to:
        try:
            moved = date.fromisoformat(moved_to)
        except ValueError:
            moved = None
        if moved and moved >= today and (last_meeting is None or moved > last_meeting):
            return moved, True
    return rhythm_next(cadence, last_meeting, today), False


def start_of(cadence: Cadence, day: date) -> pendulum.DateTime:
    """The meeting's start as an aware time in the group's timezone (DST-correct)."""
    import pendulum

    hours, minutes = (int(p) for p in cadence.start.split(":"))
    return pendulum.datetime(day.year, day.month, day.day, hours, minutes, tz=cadence.timezone)


def describe_when(day: date, today: date) -> str:
    """'Thu 21 Jan, in 8 weeks' (the year shown when it is not this year)."""
    label = f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    days = (day - today).days
    if days == 0:
        rel = "today"
    elif days == 1:
        rel = "tomorrow"
    elif days < 0:
        rel = f"{-days} days ago"
    elif days < 14:
        rel = f"in {days} days"
    elif days <= 10 * 7:
        rel = f"in {round(days / 7)} weeks"
    else:
        rel = f"in {round(days / 30.44)} months"
    return f"{label}, {rel}"


# ICS ---------------------------------------------------------------------------

def meeting_ics(cadence: Cadence, day: date, *, group_name: str, group_id: str,
                stamp: datetime, description: str = "") -> str:
    """A one-event calendar for the meeting on `day`, the only one peertui writes.

    The start is the rhythm's wall-clock time in the group's own zone (a start the DST jump
    skips moves forward, as start_of says), written with its TZID and a VTIMEZONE: a 16:00
    meeting in New York is 16:00 in every calendar there, whatever the reader's zone.
    """
    import icalendar

    zone = zoneinfo.ZoneInfo(cadence.timezone)
    begin = datetime.fromtimestamp(start_of(cadence, day).timestamp(), zone)
    event = icalendar.Event()
    event.add("uid", f"{group_id}-{day.isoformat()}@peertui")
    event.add("dtstamp", stamp.astimezone(zoneinfo.ZoneInfo("UTC")).replace(microsecond=0))
    event.add("summary", f"{group_name}: peer group meeting")
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=cadence.minutes))
    if description:
        event.add("description", description)
    calendar_doc = icalendar.Calendar()
    calendar_doc.add("prodid", "-//peertui//peer group meetings//EN")
    calendar_doc.add("version", "2.0")
    calendar_doc.add_component(event)
    calendar_doc.add_missing_timezones()  # a VTIMEZONE for the TZID (UTC needs none)
    text: str = calendar_doc.to_ical().decode("utf-8")
    return text
