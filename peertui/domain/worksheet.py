"""The presenter's forum worksheet: the eight questions a deep dive is framed by.

One list for every place the framing shows (the worksheet screen, setup, the live now
panel, the countdown, the projector, the minutes), so a question is worded once.  Meetings
set up before the worksheet stored six keys; two of them ("goal", "ask") are read as the
worksheet's "why it matters" and "what they want", so past meetings still show their framing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from peertui.domain.text import clean_text

#: The longest answer kept: a worksheet is a page, not a document.
MAX_ANSWER = 1000


@dataclass(frozen=True)
class Question:
    """One worksheet field: its stored key, its label, a hint, and whether it takes lines."""

    key: str
    label: str
    hint: str
    multiline: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question("issue", "Issue", "the issue in one sentence"),
    Question("why", "Why it matters", "to you, to the business, now", multiline=True),
    Question("background", "Background", "what the group needs to know", multiline=True),
    Question("tried", "What was tried", "what you have done so far", multiline=True),
    Question("options", "Options seen", "the ways forward you see", multiline=True),
    Question("decision", "The decision", "the decision to be made, and by when"),
    Question("want", "What I want from the group", "experiences, questions, a push"),
    Question("not_want", "What I do not want", "e.g. no advice on the vendor choice"),
)
KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)
#: The key an older file stored a question under: the six-field framing's "goal" and "ask".
OLD_KEYS: dict[str, str] = {"why": "goal", "want": "ask"}


def read_framing(stored: Mapping[str, str]) -> dict[str, str]:
    """A stored framing or worksheet in today's keys and order, empty answers dropped.
    An old file's key is read as today's when today's is not there."""
    answers: dict[str, str] = {}
    for key in KEYS:
        text = stored.get(key, "").strip() or stored.get(OLD_KEYS.get(key, ""), "").strip()
        if text:
            answers[key] = text
    return answers


def answered(stored: Mapping[str, str]) -> list[tuple[Question, str]]:
    """The questions answered, in the worksheet's order, with their answers."""
    answers = read_framing(stored)
    return [(q, answers[q.key]) for q in QUESTIONS if q.key in answers]


def clean_answers(typed: Mapping[str, str]) -> dict[str, str]:
    """What a form holds, ready to save: known keys, trimmed, capped, empty ones dropped.
    Line breaks stay in a multi-line answer; a one-line answer is made one line."""
    cleaned: dict[str, str] = {}
    for question in QUESTIONS:
        text = clean_text(typed.get(question.key, ""))
        if question.multiline:
            text = "\n".join(line.rstrip() for line in text.strip().splitlines())
        else:
            text = " ".join(text.split())
        if text:
            cleaned[question.key] = text[:MAX_ANSWER]
    return cleaned
