"""The topic bank (parking lot): candidate deep-dive topics, and whom setup suggests.

The suggestion weighs a topic's urgency against the rotation (domain/rotation.py), so one
rule, stated once:

1. The rotation's order stands (never presented first, then longest since a deep dive).
2. A member with a waiting **A** topic (needs the group now) jumps to the front, unless they
   presented at the last meeting: one deep dive in a row is enough, whatever the urgency.
   Several such members keep their rotation order among themselves.
3. A waiting **B** topic breaks ties within the rotation: of members the rotation cannot
   tell apart (never presented and joined the same day, say), one with a topic goes first.
   A blocked A topic counts as a B here.
4. A **C** topic never moves anyone.

With no waiting topic the order is exactly the rotation's.  Setup shows the reason in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from peertui.domain.models import Group, Member, Topic, Urgency
from peertui.domain.records import Meeting, MeetingSummary
from peertui.domain.rotation import deep_dives, last_presented

#: What each urgency means, in the words the screens use.
URGENCY_WORDS: dict[Urgency, str] = {"A": "needs the group now", "B": "soon", "C": "some day"}
URGENCIES: tuple[Urgency, ...] = ("A", "B", "C")


@dataclass(frozen=True)
class Suggestion:
    """Whom setup suggests to present, why (one line), and the topic to pre-fill, if any."""

    member: Member
    reason: str
    topic: Topic | None = None


def parse_day(text: str) -> date | None:
    """An ISO date as stored, or None when empty or unreadable (an old or hand-edited file)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def weeks_waiting(topic: Topic, today: date) -> int | None:
    """Whole weeks since the topic was added; None when its date is unknown."""
    added = parse_day(topic.added)
    return max(0, (today - added).days // 7) if added else None


def waiting_words(topic: Topic, today: date) -> str:
    """'waiting 5 weeks', 'added this week', or '' when the date is unknown."""
    weeks = weeks_waiting(topic, today)
    if weeks is None:
        return ""
    if weeks == 0:
        return "added this week"
    return f"waiting {weeks} week{'s' if weeks != 1 else ''}"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from *earlier* to *later* (never negative)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def waiting(topics: Iterable[Topic]) -> list[Topic]:
    """Topics not yet taken for a deep dive, most urgent first, then the longest waiting."""
    left = [t for t in topics if not t.taken_in]
    return sorted(left, key=lambda t: (URGENCIES.index(t.urgency), t.added or "9999", t.issue))


def taken(topics: Iterable[Topic]) -> list[Topic]:
    """Topics a deep dive took (the link is the meeting id in taken_in)."""
    return [t for t in topics if t.taken_in]


def top_topic(member_id: str, topics: Iterable[Topic]) -> Topic | None:
    """A member's most urgent waiting topic (the longest waiting of equal urgency)."""
    return next((t for t in waiting(topics) if t.member_id == member_id), None)


def bank_topic(group: Group | None, meeting: Meeting) -> Topic | None:
    """The bank's topic a meeting's deep dive took (the link is meeting.topic_id), if any."""
    if group is None or not meeting.topic_id:
        return None
    return next((t for t in group.topics if t.id == meeting.topic_id), None)


def _last_presenter(meetings: Sequence[MeetingSummary]) -> str | None:
    dives = deep_dives(meetings)
    return dives[0].presenter_id if dives else None


def suggested_order(members: Sequence[Member], meetings: Iterable[MeetingSummary],
                    topics: Iterable[Topic]) -> list[Member]:
    """Active members in the order the rule above suggests them (see the module doc)."""
    summaries = list(meetings)
    last = last_presented(summaries)
    just_presented = _last_presenter(summaries)
    bank = list(topics)

    def key(m: Member) -> tuple[bool, bool, str, bool, str]:
        top = top_topic(m.id, bank)
        jumps = top is not None and top.urgency == "A" and m.id != just_presented
        has_topic = top is not None and top.urgency in ("A", "B")
        return (not jumps, m.id in last, last.get(m.id, m.joined), not has_topic,
                m.name.lower())

    return sorted((m for m in members if m.active), key=key)


def _since_words(member: Member, meetings: Sequence[MeetingSummary], today: date) -> str:
    """Why the rotation names them: how long since their deep dive, or never presented."""
    last = parse_day(last_presented(meetings).get(member.id, ""))
    if last is None:
        joined = parse_day(member.joined)
        return (f"has not presented yet (in the group since {joined:%b %Y})" if joined
                else "has not presented yet")
    months = months_between(last, today)
    if months == 0:
        return f"longest since a deep dive (last on {last:%-d %b %Y})"
    return f"longest since a deep dive ({months} month{'s' if months != 1 else ''})"


def topic_words(topic: Topic, today: date) -> str:
    """"'ERP vendor exit' is marked A (needs the group now), waiting 5 weeks"."""
    said = f"'{topic.issue}' is marked {topic.urgency} ({URGENCY_WORDS[topic.urgency]})"
    wait = waiting_words(topic, today)
    return f"{said}, {wait}" if wait else said


def suggest(group: Group, meetings: Iterable[MeetingSummary], today: date) -> Suggestion | None:
    """Whom to suggest as the next presenter, with the reason in one line; None if the
    group has no active member."""
    summaries = list(meetings)
    order = suggested_order(group.members, summaries, group.topics)
    if not order:
        return None
    first = order[0]
    top = top_topic(first.id, group.topics)
    rotation_first = suggested_order(group.members, summaries, ())[0]
    if top is not None and top.urgency == "A" and first.id != rotation_first.id:
        return Suggestion(first, f"{first.name}: their topic {topic_words(top, today)}; "
                                 "an A topic goes ahead of the rotation", top)
    reason = f"{first.name}: {_since_words(first, summaries, today)}"
    if top is not None:
        reason += f"; their topic {topic_words(top, today)}"
    blocked = [m for m in order[1:] if (t := top_topic(m.id, group.topics)) is not None
               and t.urgency == "A" and m.id == _last_presenter(summaries)]
    if blocked:
        reason += f" ({blocked[0].name}'s A topic waits: they presented last time)"
    return Suggestion(first, reason, top)
