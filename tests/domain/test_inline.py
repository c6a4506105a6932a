"""Reading a note as typed: its kind, the person it names at the start, its due phrase."""

from __future__ import annotations

from datetime import date

import pytest

from peertui.domain.dates import parse_due
from peertui.domain.inline import read_note

PEOPLE = [("Tom Becker", "tom-b"), ("Tom Ivanova", "tom-i"), ("Grace Okafor", "grace"),
          ("Priya Raman", "priya"), ("Dan Wu", "dan")]


@pytest.mark.parametrize(("typed", "kind", "text", "person", "due"), [
    ("a: Tom Becker run a restore test, in 2 weeks", "action", "Run a restore test",
     "tom-b", "in 2 weeks"),
    ("a: Dan send the deck by next meeting.", "action", "Send the deck", "dan",
     "next meeting"),
    ("a: Dan, call the vendor (by tomorrow)", "action", "Call the vendor", "dan", "tomorrow"),
    ("a: dan wu: chase the renewal by Friday", "action", "Chase the renewal", "dan", "Friday"),
    ("a: send the deck 2026-12-15", "action", "send the deck", None, "2026-12-15"),
    ("a: Review the contract in 3 months", "action", "Review the contract", None,
     "in 3 months"),
    ("r: Grace: budget 20% contingency", "recommendation", "Budget 20% contingency",
     "grace", ""),
    ("Priya: we moved the cut-over", "note", "We moved the cut-over", "priya", ""),
    ("Priya Raman: fine", "note", "Fine", "priya", ""),
    ("d: Dan: we go with vendor B", "decision", "We go with vendor B", "dan", ""),
])
def test_names_and_due_phrases_are_read(typed: str, kind: str, text: str,
                                        person: str | None, due: str) -> None:
    reading = read_note(typed, "note", PEOPLE)
    assert (reading.kind, reading.text, reading.person_id, reading.due_text) == (
        kind, text, person, due)


@pytest.mark.parametrize("typed", [
    "Dan said the board liked it",  # a note needs the colon to be someone's
    "Priyanka joined the call",  # a name must be a whole word
    "Priya's team moved the date",
    "r: Grace suggests a pilot",  # so does a recommendation
])
def test_a_sentence_that_only_starts_like_a_name_is_left_as_typed(typed: str) -> None:
    reading = read_note(typed, "note", PEOPLE)
    assert reading.person_id is None
    assert reading.text == typed.removeprefix("r: ")


def test_a_shared_first_name_is_asked_about() -> None:
    reading = read_note("a: Tom run the restore test by Friday", "note", PEOPLE)
    assert reading.person_id is None
    assert reading.ambiguous == ("Tom Becker", "Tom Ivanova")
    assert reading.text == "Run the restore test"
    assert reading.due_text == "Friday"


def test_only_a_name_or_only_a_date_is_not_read_away() -> None:
    assert read_note("a: Dan", "note", PEOPLE).text == "Dan"
    assert read_note("a: tomorrow", "note", PEOPLE).due_text == ""


def test_due_words_people_say() -> None:
    tuesday = date(2026, 12, 1)
    assert parse_due("by Friday", tuesday) == date(2026, 12, 4)
    assert parse_due("Tuesday", tuesday) == date(2026, 12, 8)  # the coming one, not today
    assert parse_due("due tomorrow", tuesday) == date(2026, 12, 2)
    assert parse_due("by next meeting", tuesday, date(2027, 1, 19)) == date(2027, 1, 19)
