"""The group, its members and agenda templates, as plain dataclasses stored as dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from peertui.domain.ids import new_id

MemberStatus = Literal["member", "candidate", "retired"]
SegmentKind = Literal["single", "round", "deep_dive"]
RoundWho = Literal["present", "not_presenter"]


@dataclass
class Member:
    name: str
    company: str = ""
    size_band: str = ""
    role_focus: str = ""
    joined: str = ""
    contact: str = ""
    notes: str = ""
    status: MemberStatus = "member"
    vetted_by: list[dict[str, str]] = field(default_factory=list)
    retired_on: str = ""
    id: str = field(default_factory=new_id)

    @property
    def active(self) -> bool:
        return self.status == "member"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Phase:
    """A timed part of a single segment, e.g. the deep dive's clarifying questions."""

    title: str
    minutes: int
    flexible: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SegmentTemplate:
    """One agenda segment. A round gives each speaker `minutes`; others have phases."""

    key: str
    title: str
    kind: SegmentKind
    minutes: int = 0
    flexible: bool = False
    round_who: RoundWho = "present"
    phases: list[Phase] = field(default_factory=list)
    hint: str = ""

    def total_minutes(self, speakers: int) -> int:
        if self.kind == "round":
            return self.minutes * speakers
        if self.phases:
            return sum(p.minutes for p in self.phases)
        return self.minutes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SegmentTemplate:
        phases = [Phase(**p) for p in data.get("phases", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "phases"}
        return cls(phases=phases, **known)


@dataclass
class AgendaTemplate:
    name: str
    segments: list[SegmentTemplate]
    target_min_minutes: int = 120
    target_max_minutes: int = 150
    id: str = field(default_factory=new_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "target_min_minutes": self.target_min_minutes,
            "target_max_minutes": self.target_max_minutes,
            "segments": [s.to_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaTemplate:
        return cls(
            id=data.get("id") or new_id(),
            name=data["name"],
            target_min_minutes=data.get("target_min_minutes", 120),
            target_max_minutes=data.get("target_max_minutes", 150),
            segments=[SegmentTemplate.from_dict(s) for s in data["segments"]],
        )


@dataclass
class Group:
    name: str
    members: list[Member] = field(default_factory=list)
    cadence_months: int = 2
    next_meeting: str = ""
    template: AgendaTemplate | None = None
    id: str = field(default_factory=new_id)
    # The rhythm (see domain/cadence.py), the group's own agenda templates, and the one
    # setup starts from ("" = the built-in default).
    cadence: dict[str, Any] = field(default_factory=dict)
    templates: list[AgendaTemplate] = field(default_factory=list)
    default_template_id: str = ""

    def member(self, member_id: str | None) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def name_of(self, member_id: str | None, default: str = "—") -> str:
        found = self.member(member_id)
        return found.name if found else default

    @property
    def active_members(self) -> list[Member]:
        return [m for m in self.members if m.active]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "cadence_months": self.cadence_months,
            "next_meeting": self.next_meeting,
            "members": [m.to_dict() for m in self.members],
            "template": self.template.to_dict() if self.template else None,
            "cadence": dict(self.cadence),
            "templates": [t.to_dict() for t in self.templates],
            "default_template_id": self.default_template_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        template = data.get("template")
        return cls(
            id=data["id"],
            name=data["name"],
            cadence_months=data.get("cadence_months", 2),
            next_meeting=data.get("next_meeting", ""),
            members=[Member.from_dict(m) for m in data.get("members", [])],
            template=AgendaTemplate.from_dict(template) if template else None,
            cadence=dict(data.get("cadence") or {}),
            templates=[AgendaTemplate.from_dict(t) for t in data.get("templates") or []],
            default_template_id=data.get("default_template_id", ""),
        )
