"""'t:' in the note box: a topic for the bank, its member and urgency read as typed."""

from __future__ import annotations

import pytest

from peertui.domain.inline import read_note

PEOPLE = [("Tom Becker", "tom-b"), ("Tom Ivanova", "tom-i"), ("Priya Raman", "priya")]


@pytest.mark.parametrize(("typed", "issue", "person", "urgency"), [
    ("t: Priya: ERP vendor exit, A", "ERP vendor exit", "priya", "A"),
    ("T: priya raman: ERP vendor exit; c.", "ERP vendor exit", "priya", "C"),
    ("t: Tom Becker: board wants AI", "Board wants AI", "tom-b", "B"),  # B when none given
    ("t: ERP vendor exit, a", "ERP vendor exit", None, "A"),  # the speaker's, at save
    ("t: Plan B for the data centre", "Plan B for the data centre", None, "B"),  # no comma
    ("t: Priya ERP exit", "Priya ERP exit", None, "B"),  # a name needs its colon here too
])
def test_a_topic_is_read_with_its_member_and_urgency(typed: str, issue: str,
                                                     person: str | None, urgency: str) -> None:
    reading = read_note(typed, "note", PEOPLE)
    assert reading.is_topic and reading.role == "member"
    assert (reading.text, reading.person_id, reading.urgency) == (issue, person, urgency)
    assert reading.kind == "note"  # the form's kind is left as it was


def test_a_shared_first_name_asks_which_and_other_prefixes_are_no_topic() -> None:
    reading = read_note("t: Tom: cloud costs, A", "note", PEOPLE)
    assert reading.ambiguous == ("Tom Becker", "Tom Ivanova") and reading.person_id is None
    for typed in ("a: Tom Becker send it", "the team: fine", "to: the board"):
        assert not read_note(typed, "note", PEOPLE).is_topic
