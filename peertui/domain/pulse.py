"""The pulse of the updates round: each member's self-ratings, 1 to 10, per life area.

Typed as `p: 7 8 6` (in the group's order of areas) or `p: work 7 family 5` (by name, any
order, a part of the areas), read here so the note box can show it before Enter and the save
keeps exactly what was shown.  The rules of what the ratings say over time live here too:
a member's trend per area, and the drop mark (an area down 3 or more since their previous
rating) the chair sees on the next roll call so the group can check in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from peertui.domain.records import Pulse

#: What a note starts with to be the speaker's pulse rather than a note.
PULSE_PREFIX = "p:"
#: A drop this large in one area since the member's previous rating earns the chair's mark.
DROP_ALERT = 3
_TOKEN = re.compile(r"[^\s,;:=]+")


def is_pulse(text: str) -> bool:
    """Whether typed words are a pulse (`p: ...`) rather than a note."""
    return text.lstrip()[:2].lower() == PULSE_PREFIX


def _score(word: str, area: str) -> int:
    try:
        score = int(word)
    except ValueError:
        raise ValueError(f"'{word}' is not a rating for {area}: type a whole number "
                         "from 1 to 10.") from None
    if not 1 <= score <= 10:
        raise ValueError(f"{area} {score}? A rating is from 1 to 10.")
    return score


def read_pulse(text: str, areas: Sequence[str]) -> dict[str, int]:
    """The scores a `p:` line gives, by area; ValueError says what is wrong, in words."""
    body = text.lstrip()[2:] if is_pulse(text) else text
    words = _TOKEN.findall(body)
    if not words:
        raise ValueError(f"Type the ratings after p:, 1 to 10, for {', '.join(areas)} "
                         f"(e.g. p: {' '.join('7' for _ in areas)}).")
    if all(w.isdigit() for w in words):  # p: 7 8 6: the areas in the group's order
        if len(words) > len(areas):
            raise ValueError(f"{len(words)} ratings for {len(areas)} areas "
                             f"({', '.join(areas)}).")
        return {area: _score(w, area) for area, w in zip(areas, words, strict=False)}
    by_name = {a.lower(): a for a in areas}
    scores: dict[str, int] = {}
    area = ""
    for word in words:
        if word.isdigit():
            if not area:
                raise ValueError("Name each area before its rating (p: work 7 family 5).")
            scores[area] = _score(word, area)
            area = ""
        elif word.lower() in by_name:
            area = by_name[word.lower()]
        else:
            raise ValueError(f"'{word}' is not one of this group's areas: "
                             f"{', '.join(areas)}.")
    if area:
        raise ValueError(f"A rating for {area}? Type a number after it.")
    return scores


def pulse_line(scores: Mapping[str, int]) -> str:
    """'work 7 · family 5', in the order given."""
    return " · ".join(f"{area} {score}" for area, score in scores.items())


@dataclass(frozen=True)
class Drop:
    """One area that fell by DROP_ALERT or more between a member's last two ratings."""

    area: str
    before: int
    now: int

    @property
    def by(self) -> int:
        return self.before - self.now


def drops(previous: Pulse | None, latest: Pulse | None) -> list[Drop]:
    """The areas rated both times that fell by DROP_ALERT or more, biggest fall first."""
    if previous is None or latest is None:
        return []
    found = [Drop(area, previous.scores[area], score) for area, score in latest.scores.items()
             if area in previous.scores and previous.scores[area] - score >= DROP_ALERT]
    return sorted(found, key=lambda d: -d.by)


#: One meeting's pulse: its date and each member's ratings, by member id.
Dated = tuple[str, Mapping[str, Pulse]]


def ratings_of(history: Sequence[Dated], member_id: str) -> list[tuple[str, Pulse]]:
    """A member's ratings, oldest first, from the meetings' pulses (any order given)."""
    return [(day, pulses[member_id]) for day, pulses in sorted(history, key=lambda d: d[0])
            if member_id in pulses]


def last_drops(history: Sequence[Dated], member_id: str) -> list[Drop]:
    """What the chair checks in on: the falls between the member's last two ratings."""
    rated = ratings_of(history, member_id)
    if len(rated) < 2:
        return []
    return drops(rated[-2][1], rated[-1][1])


def drop_mark(found: Sequence[Drop]) -> str:
    """'work ↓3 since last time' (every area that fell), or '' when none did."""
    if not found:
        return ""
    return ", ".join(f"{d.area} ↓{d.by}" for d in found) + " since last time"


def trend(history: Sequence[Dated], member_id: str,
          areas: Sequence[str]) -> dict[str, list[int]]:
    """Each area's scores for the member, oldest first; an area they never rated is left
    out, and a meeting where they skipped one area adds nothing to it."""
    series: dict[str, list[int]] = {}
    for _day, pulse in ratings_of(history, member_id):
        for area in areas:
            if area in pulse.scores:
                series.setdefault(area, []).append(pulse.scores[area])
    return {area: series[area] for area in areas if area in series}
