"""Every parser of typed or imported text, fed generated input: a value or a clear ValueError.

Properties: nothing raises anything but ValueError (or the import's own ImportFileError); no
escape sequence or control character survives into a cleaned value or into an error message
(messages are shown beside the field); right-to-left text and emoji survive untouched.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.domain import roster
from peertui.domain.agenda import parse_minutes
from peertui.domain.cadence import parse_cadence, parse_start, parse_timezone
from peertui.domain.dates import parse_due
from peertui.domain.text import (
    MAX_ITEM_CHARS,
    MAX_NAME_CHARS,
    clean_item_text,
    clean_name,
    clean_text,
)
from peertui.services import import_members as importer
from peertui.services.actions import read_due
from peertui.services.roster import parse_rating
from peertui.ui.screens.review.search import read_day
from tests.reliability.figures import add

EXAMPLES = int(os.environ.get("PEERTUI_HYPOTHESIS_EXAMPLES", "300"))
FAST = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

NASTY = ["\x1b[2J", "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\", "\x1bP1$r\x1b\\",
         "\x9b31m", "\x07", "\x00", "\x08", "\r", "\n", "\t", "\x7f", "\u202e", "\u200f", "\ufeff",
         "\ud800", "[b]", "[/]", "[$error]", "שלום", "مرحبا", "👋🏽", "👩‍👩‍👧", "数据", "e\u0301",
         "2026-12-15", "in 2 weeks", "next meeting", "10", "0", "-1", " ", "\u00a0", "\u3000"]
nasty_text = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(NASTY)), max_size=12) \
    .map("".join)
readable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)

BAD = {chr(c) for c in range(0x20)} - {"\n", "\t"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}


def shown_safely(message: str) -> bool:
    """A message fit for a label beside the field: short, no escape or control character."""
    return 0 < len(message) < 300 and not (set(message) & (BAD | {"\n"})) and \
        not any(unicodedata.category(ch) == "Cs" for ch in message)


def no_controls(text: str, allow: str = "\n\t") -> bool:
    return not any(ch not in allow and unicodedata.category(ch) in ("Cc", "Cs") for ch in text)


@FAST
@given(nasty_text)
def test_parse_minutes(text: str) -> None:
    add("hypothesis_examples")
    try:
        minutes = parse_minutes(text)
    except ValueError as problem:
        assert shown_safely(str(problem)), repr(str(problem))
        return
    assert 1 <= minutes <= 600 and text.strip().isdigit()


@FAST
@given(st.integers(min_value=-10**30, max_value=10**30))
def test_parse_minutes_numbers(n: int) -> None:
    add("hypothesis_examples")
    try:
        assert parse_minutes(str(n)) == n and 1 <= n <= 600
    except ValueError as problem:
        assert not 1 <= n <= 600 and shown_safely(str(problem))


due_text = st.one_of(
    nasty_text,
    st.from_regex(r"\Ain\s+[0-9]{1,4}\s+(day|week|month|year)s?\Z"),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{1,8}\Z"),
    st.sampled_from(["today", "tomorrow", "next week", "next month", "next meeting", "TODAY ",
                     "2026-02-29", "2028-02-29", "9999-12-31", "0000-01-01", "P1D", "2026-W05",
                     "2026-123", "12/15/2026", "15.12.2026", "1e5", "in 999 months"]),
)


@FAST
@given(due_text, st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))))
def test_parse_due(text: str, today: date, next_meeting: date | None) -> None:
    add("hypothesis_examples")
    try:
        due = parse_due(text, today, next_meeting)
    except ValueError as problem:
        assert shown_safely(str(problem)), repr(str(problem))
        return
    assert type(due) is date
    assert "meeting" not in text.lower() or due == next_meeting


@FAST
@given(nasty_text)
def test_clean_text_leaves_no_escape_or_control(text: str) -> None:
    add("hypothesis_examples")
    cleaned = clean_text(text)
    assert "\x1b" not in cleaned and no_controls(cleaned)
    assert clean_text(cleaned) == cleaned  # idempotent: saving twice changes nothing
    assert cleaned == cleaned.strip()


@FAST
@given(readable)
def test_clean_text_keeps_what_people_write(text: str) -> None:
    """Letters of any script, emoji, punctuation: exactly as typed (ends trimmed)."""
    add("hypothesis_examples")
    assert clean_text(text) == text.strip()


@pytest.mark.parametrize("text", ["שלום עליכם, מה שלומך?", "مرحبا بالجميع 👋🏽",
                                  "Ünïcödé café — 数据迁移 ✓ 👩‍👩‍👧", "e\u0301 \u200f\u05d0 RLM"])
def test_right_to_left_and_emoji_survive(text: str) -> None:
    add("hypothesis_examples")
    assert clean_text(text) == clean_item_text(text) == text
    assert clean_name(text) == " ".join(text.split())


around_the_limit = st.tuples(st.integers(MAX_ITEM_CHARS - 5, MAX_ITEM_CHARS + 5), nasty_text) \
    .map(lambda pair: "a" * pair[0] + pair[1])


@FAST
@given(st.one_of(nasty_text, around_the_limit))
def test_clean_item_text(text: str) -> None:
    add("hypothesis_examples")
    try:
        cleaned = clean_item_text(text)
    except ValueError as problem:
        assert shown_safely(str(problem))
        return
    assert cleaned and len(cleaned) <= MAX_ITEM_CHARS and no_controls(cleaned)


@FAST
@given(nasty_text)
def test_clean_name(text: str) -> None:
    add("hypothesis_examples")
    try:
        name = clean_name(text, "member's name")
    except ValueError as problem:
        assert shown_safely(str(problem))
        return
    assert name and len(name) <= MAX_NAME_CHARS and no_controls(name, allow="")
    assert name == " ".join(name.split())


def test_group_name_is_cleaned_like_any_name(tmp_path: Path) -> None:
    """The welcome form's group name goes through the same cleaning (it shows in every title)."""
    from peertui.services.groups import new_group
    from peertui.store import Store

    store = Store.open(tmp_path / "store")
    group = new_group(store, "\x1b]0;evil\x07Mid-market\x1b[31m CIOs\x00")
    assert group.name == "Mid-market CIOs"
    add("hypothesis_examples")


# -- the roster's member fields and the CSV import ----------------------------------------

@FAST
@given(st.dictionaries(st.sampled_from(["name", "company", "size_band", "role_focus", "joined",
                                        "contact", "notes"]), nasty_text))
def test_member_fields(raw: dict[str, str]) -> None:
    add("hypothesis_examples")
    values, errors = roster.clean_member_fields(raw)
    for key, value in values.items():
        assert no_controls(value), (key, value)
    for key, message in errors.items():  # the roster echoes line breaks: allowed, not escapes
        assert shown_safely(message.replace("\n", " ")), (key, message)


CSV_ROWS = st.lists(st.lists(st.one_of(nasty_text, st.sampled_from(
    ['"', '""', ",", ";", "\t", "=cmd|' /C calc'!A0", "+1", "@SUM(1)", "-2"])), max_size=6),
    max_size=8)


@settings(max_examples=max(EXAMPLES // 3, 20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=400),
    CSV_ROWS.map(lambda rows: "\n".join(",".join(r) for r in [["name", "company", "joined"], *rows])
                 .encode("utf-8", "surrogatepass")),
    CSV_ROWS.map(lambda rows: "\r\n".join(";".join(r) for r in [["Full Name", "E-mail"], *rows])
                 .encode("utf-16", "surrogatepass")),
))
def test_csv_import_reads_or_refuses(data: bytes) -> None:
    """Any file: its rows come out clean, or one clear ImportFileError; never a crash."""
    add("hypothesis_examples")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.csv"
        path.write_bytes(data)
        try:
            _, rows, _ = importer.read_rows(path)
        except importer.ImportFileError as problem:
            assert 0 < len(str(problem)) < 600
            return
        for _, row in rows:
            values, errors = roster.clean_member_fields(row)
            assert all(no_controls(v) for v in values.values())
            assert all(shown_safely(m.replace("\n", " ")) for m in errors.values())


# -- the other forms' parsers (rhythm, rating, action due dates, search dates) -------------

def _check(call: Callable[..., object], *args: object) -> object:
    """Call a parser: a value, or a ValueError whose message is fit for a label."""
    try:
        return call(*args)
    except ValueError as problem:
        assert shown_safely(str(problem)), repr(str(problem))
        return None


@FAST
@given(nasty_text)
def test_cadence_start_and_timezone(text: str) -> None:
    add("hypothesis_examples")
    start = _check(parse_start, text)
    assert start is None or (isinstance(start, str) and len(start) == 5)
    zone = _check(parse_timezone, text)
    assert zone is None or (isinstance(zone, str) and no_controls(zone, allow=""))


@FAST
@given(st.dictionaries(st.sampled_from(["every_months", "mode", "weekday", "week", "day", "start",
                                        "minutes", "timezone"]), nasty_text))
def test_cadence_form(values: dict[str, str]) -> None:
    add("hypothesis_examples")
    _, errors = parse_cadence(values)
    assert all(shown_safely(m) for m in errors.values()), errors


@FAST
@given(nasty_text, nasty_text)
def test_meeting_rating(score: str, comment: str) -> None:
    add("hypothesis_examples")
    result = _check(parse_rating, score, comment)
    if result is not None:
        value, line = result  # type: ignore[misc]
        assert value is None or 1 <= value <= 10
        assert no_controls(line, allow="")


@FAST
@given(due_text, st.sampled_from([None, date(2026, 12, 11), date(2027, 1, 29)]))
def test_action_due_dates(text: str, next_meeting: date | None) -> None:
    add("hypothesis_examples")
    due = _check(read_due, text, date(2026, 11, 27),
                 next_meeting)
    assert due is None or type(due) is date


@FAST
@given(due_text)
def test_search_dates(text: str) -> None:
    add("hypothesis_examples")
    day = _check(read_day, text, "From")
    assert day is None or (isinstance(day, str) and len(day) == 10)
