"""Who belongs in the group: member fields, vetting, how alike the group is, attendance.

Pure functions over Member lists and meeting summaries, so the rules are tested
without a store or a screen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from peertui.domain.models import Member, MemberStatus, Vetting
from peertui.domain.records import MeetingSummary
from peertui.domain.text import clean_name, clean_text

# Annual revenue bands, smallest first: the order matters for "how far apart".
SIZE_BANDS: tuple[str, ...] = (
    "<$50M", "$50M-$100M", "$100M-$250M", "$250M-$1B", "$1B-$5B", ">$5B",
)
ROLE_FOCUS: tuple[str, ...] = ("strategic", "tactical")
VETTINGS_NEEDED = 2
MAX_FIELD_CHARS = 200
MAX_NOTES_CHARS = 2000


def _band_key(text: str) -> str:
    """Spelling-insensitive key: '$250m – $1b', '250M-1B' and '$250M-$1B' match."""
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("to", "-")
    return re.sub(r"[\s$]", "", text).replace("under", "<").replace("over", ">")


_BANDS_BY_KEY = {_band_key(b): b for b in SIZE_BANDS}


def parse_size_band(text: str) -> str:
    """The canonical band for what was typed; '' stays '' (not known yet)."""
    cleaned = clean_text(text)
    if not cleaned:
        return ""
    band = _BANDS_BY_KEY.get(_band_key(cleaned))
    if band is None:
        raise ValueError(f"Unknown size band '{cleaned[:30]}'; use one of {', '.join(SIZE_BANDS)}.")
    return band


def parse_role_focus(text: str) -> str:
    cleaned = clean_text(text).lower()
    if not cleaned:
        return ""
    if cleaned not in ROLE_FOCUS:
        raise ValueError(f"Unknown role focus '{cleaned[:30]}'; use strategic or tactical.")
    return cleaned


def parse_day(text: str, what: str = "date", *, required: bool = False) -> str:
    """An ISO date (YYYY-MM-DD) as text, or '' when optional and blank."""
    cleaned = clean_text(text)
    if not cleaned:
        if required:
            raise ValueError(f"Enter the {what} as YYYY-MM-DD.")
        return ""
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"Cannot read '{cleaned[:20]}' as a {what}; use YYYY-MM-DD.") from None
    if not 1900 <= day.year <= 2200:
        raise ValueError(f"The {what} {day.isoformat()} is out of range.")
    return day.isoformat()


def _short(text: str, what: str, limit: int = MAX_FIELD_CHARS) -> str:
    cleaned = " ".join(clean_text(text).split())
    if len(cleaned) > limit:
        raise ValueError(f"Keep the {what} under {limit} characters.")
    return cleaned


def clean_member_fields(raw: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Check a member form or CSV row: (clean values, {field: problem}).

    Every field is checked so the form can show all problems at once.
    """
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    checks: dict[str, Callable[[str], str]] = {
        "name": lambda v: clean_name(v, "member's name"),
        "company": lambda v: _short(v, "company"),
        "size_band": parse_size_band,
        "role_focus": parse_role_focus,
        "joined": lambda v: parse_day(v, "joined date"),
        "contact": lambda v: _short(v, "contact"),
        "notes": lambda v: clean_text(v)[:MAX_NOTES_CHARS],
    }
    for key, check in checks.items():
        try:
            values[key] = check(raw.get(key, "") or "")
        except ValueError as problem:
            errors[key] = str(problem)
    return values, errors


def member_from_fields(values: dict[str, str], status: MemberStatus) -> Member:
    """A new member from fields clean_member_fields has checked."""
    return Member(name=values["name"], company=values["company"],
                  size_band=values["size_band"], role_focus=values["role_focus"],
                  joined=values["joined"], contact=values["contact"], notes=values["notes"],
                  status=status)


def same_person(a: Member, name: str, company: str) -> bool:
    """Name and company, case- and space-insensitive: how imports recognise someone."""
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())
    return norm(a.name) == norm(name) and norm(a.company) == norm(company)


# vetting -------------------------------------------------------------------

def vet(members: Sequence[Member], candidate_id: str, vetter_id: str, on: date) -> Member:
    """Record that an existing member vetted a candidate; promote at the second vetting.

    Returns the candidate (changed in place). Raises ValueError for anything that
    would make the record untrue: self-vetting, a vetter who is not an active member,
    the same member twice, or someone who is not a candidate.
    """
    candidate = next((m for m in members if m.id == candidate_id), None)
    vetter = next((m for m in members if m.id == vetter_id), None)
    if candidate is None:
        raise ValueError("That person is not in this group.")
    if candidate.status != "candidate":
        raise ValueError(f"{candidate.name} is not a candidate.")
    if vetter is None or not vetter.active:
        raise ValueError("Only a current member can vet a candidate.")
    if vetter.id == candidate.id:
        raise ValueError("A candidate cannot vet themselves.")
    if any(v.member_id == vetter.id for v in candidate.vetted_by):
        raise ValueError(f"{vetter.name} has already vetted {candidate.name}.")
    candidate.vetted_by.append(Vetting(member_id=vetter.id, date=on.isoformat()))
    if len(candidate.vetted_by) >= VETTINGS_NEEDED:
        candidate.status = "member"
        candidate.joined = on.isoformat()
    return candidate


def vetting_text(member: Member, names: dict[str, str]) -> str:
    """'vetted by Art Delgado (2026-11-02), Mei Lin (2026-11-20)' or what is still needed."""
    parts = [f"{names.get(v.member_id, '?')} ({v.date or '?'})"
             for v in member.vetted_by]
    if member.status == "candidate":
        need = VETTINGS_NEEDED - len(member.vetted_by)
        done = f"vetted by {', '.join(parts)}; " if parts else ""
        return f"{done}needs {need} more vetting{'s' if need != 1 else ''}"
    return f"vetted by {', '.join(parts)}" if parts else ""


# joining and status changes --------------------------------------------------

def counted(n: int, word: str) -> str:
    """'1 member', '2 members': every count the user reads says it right."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def being_founded(members: Sequence[Member], meetings: Iterable[MeetingSummary]) -> bool:
    """A group is being founded until it has held a meeting, or while too few members
    could vet anyone: its people then join as members, since nobody can vouch for them yet."""
    held = any(m.status == "ended" for m in meetings)
    return not held or sum(1 for m in members if m.active) < VETTINGS_NEEDED


@dataclass(frozen=True)
class Admission:
    """The status a new person gets, and the sentence that says why."""

    status: MemberStatus
    why: str


def admission(members: Sequence[Member], meetings: Iterable[MeetingSummary]) -> Admission:
    """How someone added now joins: a member while founding, else a candidate to vet."""
    if being_founded(members, meetings):
        return Admission("member", "Joins as a member: the group is being founded "
                                   "(no meeting held yet), so founders need no vetting.")
    return Admission("candidate", f"Joins as a candidate: since the group first met, "
                                  f"{VETTINGS_NEEDED} members vet each newcomer (v on the "
                                  "roster) before they become a member.")


STATUS_CHANGES: dict[MemberStatus, tuple[MemberStatus, ...]] = {
    "candidate": ("member",),
    "member": ("retired",),
    "retired": ("member",),
}


def status_choices(member: Member) -> tuple[MemberStatus, ...]:
    """What the edit form offers: the current status first, then the changes allowed."""
    return (member.status, *STATUS_CHANGES.get(member.status, ()))


def change_status(member: Member, wanted: MemberStatus, founding: bool, on: date) -> Member:
    """Move a person to another status if the rules allow it (changed in place).

    A candidate becomes a member once vetted, or at once while the group is being
    founded (a founder added as a candidate by mistake); a member retires (kept for
    history); a retired member comes back. Anything else raises ValueError to show.
    """
    if wanted == member.status:
        return member
    if wanted not in STATUS_CHANGES.get(member.status, ()):
        raise ValueError(f"{member.name} cannot go from {member.status} to {wanted}.")
    if member.status == "candidate":
        need = VETTINGS_NEEDED - len(member.vetted_by)
        if need > 0 and not founding:
            raise ValueError(
                f"{member.name} becomes a member once {VETTINGS_NEEDED} members have vetted "
                f"them; {counted(need, 'more vetting')} needed (v on the roster).")
        member.joined = member.joined or on.isoformat()
    if wanted == "retired":
        member.retired_on = on.isoformat()
    elif member.status == "retired":
        member.retired_on = ""
    member.status = wanted
    return member


# likeness --------------------------------------------------------------------

@dataclass
class Likeness:
    """How alike the active members are, and who among everyone does not fit."""

    bands: list[tuple[str, int]]
    roles: list[tuple[str, int]]
    typical_band: str
    misfits: dict[str, str]  # candidate id -> why

    def summary(self) -> str:
        bands = " · ".join(f"{b} {n}" for b, n in self.bands) or "none set"
        roles = " · ".join(f"{r} {n}" for r, n in self.roles) or "none set"
        return f"Size bands: {bands}   Role focus: {roles}"


def likeness(members: Sequence[Member]) -> Likeness:
    """Group profile from the active members; each candidate is checked against it.

    A candidate does not fit when their size band is two or more bands from the group's
    median band, or when their role focus is shared by under a third of the members.
    Members are the group itself, so they are described, never flagged.
    """
    active = [m for m in members if m.active]
    band_counts = Counter(m.size_band for m in active if m.size_band in SIZE_BANDS)
    role_counts = Counter(m.role_focus for m in active if m.role_focus in ROLE_FOCUS)
    bands = sorted(band_counts.items(), key=lambda kv: SIZE_BANDS.index(kv[0]))
    roles = sorted(role_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ranks = sorted(SIZE_BANDS.index(m.size_band) for m in active if m.size_band in SIZE_BANDS)
    typical = SIZE_BANDS[ranks[len(ranks) // 2]] if ranks else ""
    misfits: dict[str, str] = {}
    with_role = sum(role_counts.values())
    for member in members:
        if member.status != "candidate":
            continue
        reasons = []
        if typical and member.size_band in SIZE_BANDS:
            gap = abs(SIZE_BANDS.index(member.size_band) - SIZE_BANDS.index(typical))
            if gap >= 2:
                reasons.append(f"size {member.size_band}, group mostly {typical}")
        if with_role >= 3 and member.role_focus in ROLE_FOCUS:
            share = role_counts.get(member.role_focus, 0)
            if share * 3 < with_role:
                reasons.append(f"{member.role_focus} role, group mostly "
                               f"{roles[0][0] if roles else '?'}")
        if reasons:
            misfits[member.id] = "; ".join(reasons)
    return Likeness(bands, roles, typical, misfits)


# attendance ------------------------------------------------------------------

@dataclass
class Attendance:
    held: int  # meetings held since the member joined
    attended: int
    last_attended: str  # ISO date or ""
    missed_last_two: bool

    @property
    def rate(self) -> float | None:
        return self.attended / self.held if self.held else None

    def text(self) -> str:
        if not self.held:
            return "—"
        return f"{round(100 * self.attended / self.held)}% ({self.attended}/{self.held})"


def ended_meetings(meetings: Iterable[MeetingSummary]) -> list[MeetingSummary]:
    """Meetings that took place, oldest first."""
    done = [m for m in meetings if m.status == "ended"]
    return sorted(done, key=lambda m: (m.date, m.started_at or ""))


def attendance(member: Member, meetings: Iterable[MeetingSummary]) -> Attendance:
    """From the roll calls of ended meetings since the member joined."""
    held = [m for m in ended_meetings(meetings)
            if not member.joined or m.date >= member.joined]
    if member.retired_on:
        held = [m for m in held if m.date <= member.retired_on]
    there = [m for m in held if member.id in m.present]
    last_two = held[-2:]
    missed = len(last_two) == 2 and all(member.id not in m.present for m in last_two)
    return Attendance(len(held), len(there), there[-1].date if there else "", missed)
