"""The group, its members and agenda templates: typed records the store validates on read.

msgspec Structs, like the meeting records (domain/records.py), but mutable: the roster and
template editors change a draft field by field before saving it.  Every read from the store
decodes a fresh copy, so a draft never changes what another screen holds.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from peertui.domain.cadence import Cadence
from peertui.domain.ids import new_id

MemberStatus = Literal["member", "candidate", "retired"]
SegmentKind = Literal["single", "round", "deep_dive"]
RoundWho = Literal["present", "not_presenter"]
#: A topic's urgency: A needs the group now, B soon, C some day.
Urgency = Literal["A", "B", "C"]
#: The life areas a group rates itself on in the updates round, until it names its own.
DEFAULT_LIFE_AREAS = ("work", "family", "personal")
Minutes = Annotated[int, msgspec.Meta(ge=0)]


class Vetting(msgspec.Struct, frozen=True, kw_only=True):
    """A member's word that a candidate is fit to join, and when it was given."""

    member_id: str
    date: str = ""


class Member(msgspec.Struct, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    company: str = ""
    size_band: str = ""
    role_focus: str = ""
    joined: str = ""
    contact: str = ""
    notes: str = ""
    status: MemberStatus = "member"
    vetted_by: list[Vetting] = msgspec.field(default_factory=list)
    retired_on: str = ""
    # their forum worksheet for their next deep dive (domain/worksheet.py's fields), drafted
    # before the meeting; setup moves it into the meeting's framing
    worksheet: dict[str, str] = msgspec.field(default_factory=dict)
    id: str = msgspec.field(default_factory=new_id)

    @property
    def active(self) -> bool:
        return self.status == "member"


class Topic(msgspec.Struct, kw_only=True):
    """A candidate deep-dive topic in the group's topic bank (the parking lot)."""

    member_id: str
    issue: Annotated[str, msgspec.Meta(min_length=1)]
    urgency: Urgency = "B"
    added: str = ""  # ISO date
    taken_in: str = ""  # the meeting whose deep dive took it; "" while it waits
    id: str = msgspec.field(default_factory=new_id)


class Phase(msgspec.Struct):
    """A timed part of a single segment, e.g. the deep dive's clarifying questions."""

    title: str
    minutes: Minutes
    flexible: bool = False


class SegmentTemplate(msgspec.Struct):
    """One agenda segment. A round gives each speaker `minutes`; others have phases."""

    key: str
    title: str
    kind: SegmentKind
    minutes: Minutes = 0
    flexible: bool = False
    round_who: RoundWho = "present"
    phases: list[Phase] = msgspec.field(default_factory=list)
    hint: str = ""

    def total_minutes(self, speakers: int) -> int:
        if self.kind == "round":
            return self.minutes * speakers
        if self.phases:
            return sum(p.minutes for p in self.phases)
        return self.minutes


class AgendaTemplate(msgspec.Struct, kw_only=True):
    name: str
    segments: list[SegmentTemplate]
    target_min_minutes: Minutes = 120
    target_max_minutes: Minutes = 150
    id: str = msgspec.field(default_factory=new_id)


class Group(msgspec.Struct, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    members: list[Member] = msgspec.field(default_factory=list)
    cadence_months: int = 2
    next_meeting: str = ""
    template: AgendaTemplate | None = None
    id: str = msgspec.field(default_factory=new_id)
    # The rhythm (see domain/cadence.py; None: every cadence_months on the default days),
    # the group's own agenda templates, and the one setup starts from ("" = built-in).
    cadence: Cadence | None = None
    templates: list[AgendaTemplate] = msgspec.field(default_factory=list)
    default_template_id: str = ""
    topics: list[Topic] = msgspec.field(default_factory=list)
    life_areas: list[str] = msgspec.field(default_factory=lambda: list(DEFAULT_LIFE_AREAS))
    advice_nudge: bool = False  # a gentle word at capture when a recommendation says "you should"

    def member(self, member_id: str | None) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def name_of(self, member_id: str | None, default: str = "—") -> str:
        found = self.member(member_id)
        return found.name if found else default

    @property
    def names(self) -> dict[str, str]:
        """Every member's name by id (retired members too: old items still name them)."""
        return {m.id: m.name for m in self.members}

    @property
    def active_members(self) -> list[Member]:
        return [m for m in self.members if m.active]
