"""What a typed note says about itself: its kind, the person it names, and when it is due.

Note-takers write the way people talk: `a: Tom Becker run a restore test, in 2 weeks`,
`r: Grace: budget 20% contingency`, `Priya: we moved the cut-over`; `t: Priya: ERP vendor
exit, A` is a topic for the group's topic bank, not an item.  Reading that here, as
it is typed, lets the form show the owner, giver or speaker and the due date before Enter,
and lets the save apply exactly what was shown (services/live.py reads it the same way).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from peertui.domain.models import Urgency
from peertui.domain.records import ItemKind

#: What a note may start with to choose its kind as it is typed.
PREFIXES: dict[str, ItemKind] = {"n:": "note", "r:": "recommendation", "a:": "action",
                                 "d:": "decision", "+:": "plus", "-:": "delta"}
#: What a note starts with to be a topic for the bank instead (domain/topics.py).
TOPIC_PREFIX = "t:"
#: A topic's urgency at its end, after a comma: "ERP vendor exit, A" (B when none is given).
_URGENCY = re.compile(r"[,;]\s*(?P<urgency>[abc])\s*[.!]?\s*$", re.IGNORECASE)

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
#: A due phrase anywhere in an action's text, with the "by"/"due" and comma before it.
_DUE = re.compile(
    r"(?:^|[\s,;(]+)(?:(?:due|by)\s+)?(?P<due>today|tomorrow|next\s+(?:week|month|meeting)"
    rf"|in\s+\d{{1,3}}\s+(?:days?|weeks?|months?)|(?:next\s+|this\s+)?{_WEEKDAY}"
    r"|\d{4}-\d{2}-\d{2})(?=$|[\s,.;:!)])[.!)]?", re.IGNORECASE)

Person = tuple[str, str]  # (name as shown, member id)


def kind_of(text: str, chosen: ItemKind) -> tuple[ItemKind, str]:
    """The kind a typed note asks for ('a: ...' is an action) and the text without prefix."""
    prefix = text[:2].lower()
    if prefix in PREFIXES:
        return PREFIXES[prefix], text[2:]
    return chosen, text


@dataclass(frozen=True)
class Reading:
    """A note as typed, read: what the form shows and the save applies."""

    kind: ItemKind
    text: str  # the words to save: no prefix, no leading name, no due phrase
    person_id: str | None = None  # named at the start: owner, giver or speaker by kind
    person_name: str = ""
    ambiguous: tuple[str, ...] = ()  # full names the first name could mean
    due_text: str = ""  # the due phrase found in an action ("in 2 weeks")
    urgency: Urgency | None = None  # set: a topic for the bank ("t:"), saved as no item

    @property
    def is_topic(self) -> bool:
        return self.urgency is not None

    @property
    def role(self) -> str:
        """What the named person is to this kind of item, in words."""
        if self.is_topic:
            return "member"
        return {"action": "owner", "recommendation": "from"}.get(self.kind, "speaker")


def _name_at_start(text: str, people: Sequence[Person], need_colon: bool
                   ) -> tuple[Person | None, tuple[str, ...], str]:
    """The roster member whose full or first name starts *text*, the candidates when a first
    name is shared, and the text after the name."""
    lowered = text.lower()
    for name, member_id in sorted(people, key=lambda p: -len(p[0])):  # "Tom Becker" first
        rest = _after(text, lowered, name.lower(), need_colon)
        if rest is not None:
            return (name, member_id), (), rest
    first_names: dict[str, list[Person]] = {}
    for person in people:
        first_names.setdefault(person[0].split()[0].lower(), []).append(person)
    for first, matches in first_names.items():
        rest = _after(text, lowered, first, need_colon)
        if rest is None:
            continue
        if len(matches) == 1:
            return matches[0], (), rest
        return None, tuple(name for name, _ in matches), rest
    return None, (), text


def _after(text: str, lowered: str, name: str, need_colon: bool) -> str | None:
    """The text after *name* if it starts the text as a whole word (and a colon, if asked)."""
    if not name or not lowered.startswith(name):
        return None
    tail = text[len(name):]
    if tail.startswith(":"):
        return tail[1:].lstrip()
    if need_colon or (tail and not tail[0].isspace() and tail[0] != ","):
        return None
    return tail.lstrip(" ,")


def _due_phrase(text: str) -> tuple[str, str]:
    """The last due phrase in an action's text, and the text without it."""
    found = list(_DUE.finditer(text))
    if not found:
        return "", text
    match = found[-1]
    words = " ".join(match.group("due").split())
    rest = (text[:match.start()] + text[match.end():]).strip(" ,;")
    return (words, rest) if rest else ("", text)


def _sentence(text: str) -> str:
    """The words left after a name, starting with a capital as a sentence does."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def read_topic(typed: str, chosen: ItemKind, people: Sequence[Person]) -> Reading:
    """A topic for the bank, typed after "t:": the member named with a colon ("Priya: ..."),
    the issue, and the urgency after a last comma (B when none is given)."""
    text = typed[len(TOPIC_PREFIX):].strip()
    person, ambiguous, rest = _name_at_start(text, people, need_colon=True)
    found = _URGENCY.search(rest)
    urgency: Urgency = "B"
    if found and found.start() > 0:
        letter = found.group("urgency").upper()
        urgency = "A" if letter == "A" else "C" if letter == "C" else "B"
        rest = rest[:found.start()]
    issue = _sentence(rest.strip(" ,;"))
    if person is None:
        return Reading(chosen, issue, ambiguous=ambiguous, urgency=urgency)
    return Reading(chosen, issue, person[1], person[0], urgency=urgency)


def read_note(typed: str, chosen: ItemKind, people: Sequence[Person]) -> Reading:
    """Read a note as typed.  A name at the start needs a colon except for an action
    ("a: Tom run the restore test"): "Dan said..." stays a sentence, "Dan: ..." is Dan's."""
    if typed[:2].lower() == TOPIC_PREFIX:
        return read_topic(typed, chosen, people)
    kind, text = kind_of(typed, chosen)
    text = text.strip()
    person, ambiguous, rest = _name_at_start(text, people, need_colon=kind != "action")
    due_text = ""
    if kind == "action":
        due_text, rest = _due_phrase(rest)
    if not rest.strip():  # only a name so far: nothing to save yet, keep it as typed
        return Reading(kind, text)
    if person is None:
        return Reading(kind, _sentence(rest) if ambiguous else rest, ambiguous=ambiguous,
                       due_text=due_text)
    return Reading(kind, _sentence(rest), person[1], person[0], due_text=due_text)
