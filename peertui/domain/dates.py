"""Due dates typed the way people say them: '2026-12-15', 'in 2 weeks', 'next meeting'."""

from __future__ import annotations

import re
from datetime import date

from peertui.domain.text import clean_text

_RELATIVE = re.compile(r"^in\s+(\d{1,3})\s+(day|week|month)s?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {"day": "days", "week": "weeks", "month": "months"}
MAX_TEXT = 40


def parse_due(text: str, today: date, next_meeting: date | None = None) -> date:
    """Read a due date, or raise ValueError with a message fit to show beside the field."""
    import pendulum  # here, not at the top: importing it is a fair share of start-up time

    cleaned = " ".join(text.strip().lower().split())
    for word in ("by ", "due "):  # "by Friday", "due next meeting": how people say it
        cleaned = cleaned.removeprefix(word)
    if not cleaned:
        raise ValueError("Enter a due date: 2026-12-15, 'in 2 weeks' or 'next meeting'.")
    if len(cleaned) > MAX_TEXT:
        raise ValueError("That due date is too long to read.")
    base = pendulum.Date(today.year, today.month, today.day)
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return _plain(base.add(days=1))
    if cleaned == "next week":
        return _plain(base.add(weeks=1))
    if cleaned == "next month":
        return _plain(base.add(months=1))
    if cleaned == "next meeting":
        if next_meeting is None:
            raise ValueError("The next meeting has no date yet; type a date instead.")
        return next_meeting
    day = cleaned.removeprefix("this ").removeprefix("next ")
    if day in _WEEKDAYS:  # the coming one, never today: "by Friday" said on a Friday
        ahead = (_WEEKDAYS.index(day) - today.weekday() - 1) % 7 + 1
        return _plain(base.add(days=ahead))
    match = _RELATIVE.match(cleaned)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        if amount == 0:
            raise ValueError("'in 0 days' is today; say 'today' or a later date.")
        result = base.add(**{_UNITS[unit]: amount})
        return date(result.year, result.month, result.day)
    try:
        parsed = pendulum.parse(text.strip(), strict=True, exact=True)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError, OverflowError):
        parsed = None
    if isinstance(parsed, pendulum.DateTime):
        parsed = parsed.date()
    if isinstance(parsed, date):
        return date(parsed.year, parsed.month, parsed.day)
    shown = " ".join(clean_text(text).split())[:MAX_TEXT]  # one line in the label
    raise ValueError(f"Cannot read '{shown}' as a date. "
                     "Try 2026-12-15, 'in 2 weeks' or 'next meeting'.")


def describe_due(due: date, today: date) -> str:
    """'due today', 'due in 3 days', 'overdue by 2 weeks': how people say it."""
    days = (due - today).days
    if days == 0:
        return "due today"
    span = _span(abs(days))
    return f"due in {span}" if days > 0 else f"overdue by {span}"


def _span(days: int) -> str:
    if days == 1:
        return "1 day"
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def _plain(value: date) -> date:
    """pendulum's Date subclass compares equal but pickles and prints differently."""
    return date(value.year, value.month, value.day)
