"""The worksheet's questions: one list, old framings still read, answers cleaned."""

from __future__ import annotations

from peertui.domain.minutes import render_minutes
from peertui.domain.records import Meeting
from peertui.domain.worksheet import KEYS, QUESTIONS, answered, clean_answers, read_framing


def test_the_eight_questions_of_the_forum_worksheet_in_order() -> None:
    assert KEYS == ("issue", "why", "background", "tried", "options", "decision", "want",
                    "not_want")
    assert all(q.label and q.hint for q in QUESTIONS)


def test_an_old_framing_reads_goal_as_why_it_matters_and_ask_as_what_they_want() -> None:
    old = {"issue": "ERP end of life", "goal": "A plan by Q1", "ask": "How did you sequence?",
           "background": " "}
    assert read_framing(old) == {"issue": "ERP end of life", "why": "A plan by Q1",
                                 "want": "How did you sequence?"}


def test_a_new_key_wins_over_its_old_one_and_unknown_keys_are_dropped() -> None:
    assert read_framing({"goal": "old", "why": "new", "colour": "blue"}) == {"why": "new"}


def test_answered_follows_the_worksheet_order_whatever_the_stored_order() -> None:
    stored = {"not_want": "no vendor advice", "issue": "cloud costs"}
    assert [(q.key, text) for q, text in answered(stored)] == [
        ("issue", "cloud costs"), ("not_want", "no vendor advice")]


def test_clean_answers_keeps_lines_where_asked_and_joins_them_elsewhere() -> None:
    typed = {"issue": "  two\nlines ", "background": "first\n\nsecond  \n", "why": "",
             "other": "x", "tried": "\x1b[31mred\x1b[0m"}
    assert clean_answers(typed) == {"issue": "two lines", "background": "first\n\nsecond",
                                    "tried": "red"}


def test_a_past_meetings_minutes_still_show_its_six_field_framing() -> None:
    meeting = Meeting(id="m1", group_id="g", date="2026-09-01", topic="ERP",
                      framing={"goal": "A plan by Q1", "ask": "How did you sequence?"})
    text, _ = render_minutes(meeting, [], {})
    assert "- **Why it matters:** A plan by Q1" in text
    assert "- **What I want from the group:** How did you sequence?" in text
