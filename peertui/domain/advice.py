"""Experience, not advice: how a recommendation reads, and the meeting's share of experience.

Forums ask peers to share what happened to them ("when we did X, ...") rather than tell the
presenter what to do ("you should ..."): experience can be weighed, advice only obeyed or
refused.  ``read_tag`` reads the opening words as typed; the note-taker can change the tag,
and the stored ``Item.tag`` is then the one truth (the reading is only its first guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from peertui.domain.records import Item, RecommendationTag

#: Openings that tell of the giver's own experience.
_EXPERIENCE = re.compile(
    r"^(?:when (?:we|i)\b|we (?:did|tried|had|found|went|moved|ran|used|learned|learnt|"
    r"made|started|stopped|built|chose|kept)\b|in my (?:experience|last|previous)\b|"
    r"in our (?:experience|case)\b|our experience\b|what worked for (?:us|me)\b|"
    r"at (?:my|our) (?:company|firm|place|last)\b|at [\w&.'-]+(?: [\w&.'-]+){0,3},? we\b|"
    r"i (?:once|did|tried|had|found|learned|learnt)\b|last (?:year|time) we\b)")
#: Openings that tell the presenter what to do.
_ADVICE = re.compile(
    r"^(?:you (?:should|must|need to|have to|ought to|could|might want to)\b|you'd better\b|"
    r"my advice\b|if i were you\b|i would\b|i'd\b|make sure\b|don't\b|do not\b|never\b|"
    r"always\b|consider\b|try\b)")
#: Openings the group's nudge answers (Group.advice_nudge): telling, in the second person.
_NUDGE = re.compile(r"^you (?:should|must|need to|have to|ought to)\b|^you'd better\b")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
TAG_NAMES: dict[str, str] = {"experience": "experience share", "advice": "advice",
                             "": "not said"}
NUDGE = "Share it as experience? 'When we…' lands better than 'you should'."


def _opening(text: str) -> str:
    """The words as they start, lower case, curly quotes straightened, one space apart."""
    straight = text.translate(_QUOTES)
    return " ".join(straight.lower().split()).lstrip("\"'-–— ")


def read_tag(text: str) -> RecommendationTag:
    """Experience or advice, from how the recommendation starts; "" when it does not say."""
    opening = _opening(text)
    if _EXPERIENCE.match(opening):
        return "experience"
    if _ADVICE.match(opening):
        return "advice"
    return ""


def needs_nudge(text: str) -> bool:
    """Whether a recommendation opens by telling the presenter what they should do."""
    return bool(_NUDGE.match(_opening(text)))


def experience_counts(items: Iterable[Item]) -> tuple[int, int]:
    """(experience shares, recommendations) among *items*."""
    recs = [i for i in items if i.kind == "recommendation"]
    return sum(1 for i in recs if i.tag == "experience"), len(recs)


def _tagged(items: Iterable[Item]) -> bool:
    return any(i.kind == "recommendation" and i.tag for i in items)


def experience_share(items: Iterable[Item]) -> float | None:
    """The fraction of the recommendations that were experience shares; None when none of
    them carries a tag (a meeting from before tags, or nobody tagged): unknown, not 0%."""
    kept = list(items)
    shared, total = experience_counts(kept)
    return shared / total if total and _tagged(kept) else None


def experience_line(items: Iterable[Item]) -> str:
    """'3 of 5 recommendations were experience shares (60%)'; '' when none is tagged."""
    kept = list(items)
    shared, total = experience_counts(kept)
    if not total or not _tagged(kept):
        return ""
    noun = "recommendation" if total == 1 else "recommendations"
    verb = "was an experience share" if shared == 1 and total == 1 else \
        "were experience shares"
    return f"{shared} of {total} {noun} {verb} ({round(100 * shared / total)}%)"
