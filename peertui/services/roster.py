"""The roster between meetings: add, edit, retire, vet; attendance, rotation and ratings.

Every change reads the group fresh from the store, applies one rule from
domain/roster.py, and writes it back before returning, so nothing is lost if the
screen goes away.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Literal

import msgspec

from peertui.domain.models import Group, Member, MemberStatus
from peertui.domain.records import Meeting, MeetingSummary, Rating
from peertui.domain.roster import (
    Admission,
    Attendance,
    Likeness,
    admission,
    attendance,
    being_founded,
    change_status,
    clean_member_fields,
    likeness,
    member_from_fields,
    same_person,
    vet,
)
from peertui.domain.rotation import last_presented
from peertui.domain.text import clean_text
from peertui.domain.topics import suggested_order
from peertui.services.groups import load_group, save_group
from peertui.store import Store

MEMBER_FIELDS = ("name", "company", "size_band", "role_focus", "joined", "contact", "notes")
MAX_COMMENT_CHARS = 200


def require_group(store: Store, group_id: str) -> Group:
    group = load_group(store, group_id)
    if group is None:
        raise ValueError("That group is no longer in the store.")
    return group


@contextmanager
def editing(store: Store, group_id: str) -> Iterator[Group]:
    """Read, change and save a group under the store's write lock, so a change made in
    another terminal meanwhile is never overwritten. Saved only if something changed,
    and not at all when the change raises."""
    with store.locked():
        group = require_group(store, group_id)
        before = msgspec.json.encode(group)
        yield group
        if msgspec.json.encode(group) != before:
            save_group(store, group)


def find_group(store: Store, name: str) -> Group | None:
    """A group by name, case- and space-insensitive."""
    wanted = " ".join(name.casefold().split())
    for group in store.groups():
        if " ".join(group.name.casefold().split()) == wanted:
            return group
    return None


def _duplicate(group: Group, name: str, company: str, skip_id: str = "") -> Member | None:
    return next((m for m in group.members if m.id != skip_id and same_person(m, name, company)),
                None)


def _member(group: Group, member_id: str) -> Member:
    member = group.member(member_id)
    if member is None:
        raise ValueError("That person is no longer in the group.")
    return member


def joining(store: Store, group: Group) -> Admission:
    """How someone added to this group now joins, and why (what the add form says)."""
    return admission(group.members, store.meetings(group.id))


def add_member(store: Store, group_id: str, raw: dict[str, str],
               status: Literal["member", "candidate"] | None, today: date,
               ) -> tuple[Member | None, dict[str, str]]:
    """Add a member (joined today unless told) or a candidate; (None, problems) if not valid.

    With no status the group's rule decides (domain/roster.py admission): members while
    it is being founded, candidates after; an import says each row's status itself.
    """
    values, errors = clean_member_fields(raw)
    if errors:
        return None, errors
    with editing(store, group_id) as group:
        if status is None:
            status = "member" if joining(store, group).status == "member" else "candidate"
        twin = _duplicate(group, values["name"], values["company"])
        if twin is not None:
            return None, {"name": f"{twin.name} ({twin.company or 'no company'}) is already "
                                  f"on the roster as a {twin.status}."}
        if status == "member" and not values["joined"]:
            values["joined"] = today.isoformat()
        if status == "candidate":
            values["joined"] = ""
        member = member_from_fields(values, status)
        group.members.append(member)
    return member, {}


def update_member(store: Store, group_id: str, member_id: str, raw: dict[str, str],
                  today: date | None = None, status: MemberStatus | None = None,
                  ) -> tuple[Member | None, dict[str, str]]:
    """Change a person's fields and, if asked, their status (by the rules of
    domain/roster.py change_status); nothing is saved when any of it is refused."""
    values, errors = clean_member_fields(raw)
    if errors:
        return None, errors
    with editing(store, group_id) as group:
        member = _member(group, member_id)
        twin = _duplicate(group, values["name"], values["company"], skip_id=member_id)
        if twin is not None:
            return None, {"name": f"{twin.name} ({twin.company or 'no company'}) is already "
                                  "on the roster."}
        if status is not None and status != member.status:
            founding = being_founded(group.members, store.meetings(group.id))
            try:  # refused before anything changes, so nothing is saved
                change_status(member, status, founding, today or date.today())
            except ValueError as refused:
                return None, {"status": str(refused)}
        if member.status == "candidate":
            values["joined"] = ""  # set when the second vetting admits them
        elif not values["joined"]:
            values["joined"] = member.joined  # a candidate admitted just now joins today
        for key in MEMBER_FIELDS:
            setattr(member, key, values[key])
    return member, {}


def set_retired(store: Store, group_id: str, member_id: str, retired: bool,
                today: date) -> Member:
    """Retire (kept for history, off the roll call) or bring back a member."""
    with editing(store, group_id) as group:
        member = _member(group, member_id)
        if retired:
            if member.status != "member":
                raise ValueError(f"{member.name} is not a current member.")
            member.status, member.retired_on = "retired", today.isoformat()
        else:
            if member.status != "retired":
                raise ValueError(f"{member.name} is not retired.")
            member.status, member.retired_on = "member", ""
    return member


def withdraw_candidate(store: Store, group_id: str, candidate_id: str) -> Member:
    """A candidate who will not join leaves no history, so they are simply removed."""
    with editing(store, group_id) as group:
        member = _member(group, candidate_id)
        if member.status != "candidate":
            raise ValueError("Only a candidate can be withdrawn.")
        group.members = [m for m in group.members if m.id != candidate_id]
    return member


def vet_candidate(store: Store, group_id: str, candidate_id: str, vetter_id: str,
                  on: date) -> Member:
    """Record a vetting; the candidate becomes a member at the second one."""
    with editing(store, group_id) as group:
        return vet(group.members, candidate_id, vetter_id, on)


# what the roster screen shows ---------------------------------------------------

@dataclass
class RosterRow:
    member: Member
    attendance: Attendance
    last_deep_dive: str
    turn: int | None  # 1 = presents next; None for candidates and retired
    misfit: str


@dataclass
class Roster:
    group: Group
    rows: list[RosterRow]
    likeness: Likeness
    meetings: list[MeetingSummary]

    @property
    def next_presenter(self) -> Member | None:
        firsts = [r for r in self.rows if r.turn == 1]
        return firsts[0].member if firsts else None


STATUS_ORDER = {"member": 0, "candidate": 1, "retired": 2}


def roster(store: Store, group: Group) -> Roster:
    """Everyone with attendance, last deep dive, rotation turn and fit, members first."""
    meetings = store.meetings(group.id)
    # the turn as home and setup suggest it: an urgent bank topic may lead (domain/topics)
    order = {m.id: i for i, m in
             enumerate(suggested_order(group.members, meetings, group.topics), 1)}
    last = last_presented(meetings)
    alike = likeness(group.members)
    rows = [RosterRow(m, attendance(m, meetings), last.get(m.id, ""), order.get(m.id),
                      alike.misfits.get(m.id, ""))
            for m in group.members]
    rows.sort(key=lambda r: (STATUS_ORDER.get(r.member.status, 3), r.member.name.casefold()))
    return Roster(group, rows, alike, meetings)


# ratings --------------------------------------------------------------------------

def parse_rating(score: str, comment: str) -> tuple[int | None, str]:
    """A score 1-10 (None when left blank) and its one line, or ValueError to show inline."""
    text = score.strip()
    line = " ".join(clean_text(comment).split())
    if len(line) > MAX_COMMENT_CHARS:
        raise ValueError(f"Keep it to one line (under {MAX_COMMENT_CHARS} characters).")
    if not text:
        if line:
            raise ValueError("Give a score from 1 to 10 with the comment.")
        return None, ""
    if not text.isdigit() or not text.isascii() or len(text) > 2 or not 1 <= int(text) <= 10:
        raise ValueError("A score is a whole number from 1 to 10.")
    return int(text), line


def save_rating(store: Store, meeting_id: str, ratings: dict[str, Rating]) -> None:
    """Store the wrap-up rating: each present member's score and one line."""
    store.change_meeting(meeting_id, lambda m: msgspec.structs.replace(m, rating=ratings))


def rating_of(record: Meeting) -> tuple[float, int] | None:
    scores = [r.score for r in record.rating.values()]
    return (sum(scores) / len(scores), len(scores)) if scores else None


def rating_trend(store: Store, group_id: str) -> list[tuple[str, float, int]]:
    """(date, average score, how many rated) per ended meeting with a rating, oldest first."""
    trend: list[tuple[str, float, int]] = []
    for summary in sorted(store.meetings(group_id), key=lambda m: m.date):
        if summary.status != "ended":
            continue
        record = store.meeting(summary.id)
        found = rating_of(record) if record is not None else None
        if found:
            trend.append((summary.date, round(found[0], 1), found[1]))
    return trend


def sparkline(values: Sequence[float], low: float = 1, high: float = 10) -> str:
    """A one-line picture of the trend: ▁▃▆█."""
    bars = "▁▂▃▄▅▆▇█"
    span = high - low
    return "".join(bars[min(7, max(0, round((v - low) / span * 7)))] for v in values)
