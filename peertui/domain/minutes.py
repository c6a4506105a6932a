"""A meeting's minutes as Markdown, and its timing planned vs actual. Pure: no UI, no store.

The same text is the `md` export and what the review screen renders, so what a member reads
on screen is what leaves the laptop (minus private items unless asked for).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peertui.domain.agenda import Slot
from peertui.domain.clock import format_clock, replay
from peertui.domain.timesource import from_iso

LOCK = "🔒"
OUTCOME_LABELS = {"adopted": "adopted", "tried": "tried", "set_aside": "set aside"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
FRAMING_LABELS = [("issue", "Issue"), ("goal", "Goal"), ("background", "Background"),
                  ("tried", "What was tried"), ("options", "Options seen"), ("ask", "Ask")]


@dataclass(frozen=True)
class SlotTiming:
    """One countdown as it ran: its plan (as set up) and the time it actually took."""

    title: str
    speaker_id: str | None
    planned: int
    actual: float


@dataclass
class SegmentTiming:
    key: str
    title: str
    parts: list[SlotTiming] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(p.planned for p in self.parts)

    @property
    def actual(self) -> float:
        return sum(p.actual for p in self.parts)


def timings(record: Mapping[str, Any]) -> list[SegmentTiming]:
    """Planned vs actual per segment and per speaker/phase, replayed from the clock events."""
    slots = [Slot.from_dict(s) for s in record.get("slots", [])]
    events = record.get("events", [])
    last = max((from_iso(e["at"]) for e in events if isinstance(e.get("at"), str)), default=0.0)
    state = replay(slots, events, last)
    segments: list[SegmentTiming] = []
    for slot_state in state.slots:
        slot = slot_state.slot
        if not segments or segments[-1].key != slot.segment_key:
            segments.append(SegmentTiming(slot.segment_key, slot.segment_title))
        original = slots[slot_state.index].planned
        segments[-1].parts.append(SlotTiming(slot.title, slot.speaker_id, original,
                                             slot_state.elapsed))
    return segments


def actual_seconds(summary: Mapping[str, Any]) -> float | None:
    """Wall time from start to end, or None if the meeting never ran to its end."""
    started, ended = summary.get("started_at"), summary.get("ended_at")
    if not started or not ended:
        return None
    return max(0.0, from_iso(ended) - from_iso(started))


def hours_minutes(seconds: float | None) -> str:
    """'2 h 28 min' or '45 min'; '—' when unknown."""
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def difference(planned: float, actual: float) -> str:
    """'+1:10' over plan, '-0:15' under it, '0:00' on the dot."""
    delta = actual - planned
    if abs(delta) < 1:
        return "0:00"
    return ("+" if delta > 0 else "-") + format_clock(delta)


def escape(text: str) -> str:
    """User text shown literally: no accidental headings, links, tables or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def outcome_text(item: Mapping[str, Any]) -> str:
    """'adopted: why' for a recommendation with an outcome, '' otherwise."""
    outcome = item.get("outcome") or {}
    label = OUTCOME_LABELS.get(str(outcome.get("status", "")))
    if not label:
        return ""
    why = str(outcome.get("why", "")).strip()
    return f"{label}: {why}" if why else label


def _clock_time(iso: str | None) -> str:
    return datetime.fromtimestamp(from_iso(iso)).strftime("%H:%M") if iso else "—"


@dataclass
class Minutes:
    """What render_minutes needs besides the record and its items."""

    names: Mapping[str, str]
    group_name: str = ""
    include_private: bool = False
    mark_private: bool = False  # the review screen shows private items with a lock
    left_out: int = 0

    def name(self, member_id: str | None) -> str:
        return escape(self.names.get(member_id or "", "—"))

    def keep(self, thing: Mapping[str, Any]) -> bool:
        if thing.get("private") and not self.include_private:
            self.left_out += 1
            return False
        return True

    def lock(self, thing: Mapping[str, Any]) -> str:
        return f"{LOCK} " if self.mark_private and thing.get("private") else ""


def render_minutes(record: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
                   names: Mapping[str, str], *, group_name: str = "",
                   include_private: bool = False, mark_private: bool = False) -> tuple[str, int]:
    """The minutes as Markdown, and how many private items/entries were left out."""
    ctx = Minutes(names, group_name, include_private, mark_private)
    kept = [i for i in items if ctx.keep(i)]
    lines = _header(record, ctx)
    lines += _framing(record)
    lines += _timing_table(record, ctx)
    lines += _notes(kept, ctx)
    lines += _recommendations(record, kept, ctx)
    lines += _simple_list("Decisions", [i for i in kept if i.get("kind") == "decision"], ctx)
    lines += _actions(kept, ctx)
    lines += _outcome_log(record, ctx)
    lines += ["---", "", _left_out_line(ctx.left_out)]
    return "\n".join(lines).rstrip() + "\n", ctx.left_out


def _left_out_line(count: int) -> str:
    if count == 0:
        return "_No private items were left out._"
    noun = "item" if count == 1 else "items"
    return f"_{count} private {noun} left out of this export._"


def _header(record: Mapping[str, Any], ctx: Minutes) -> list[str]:
    title = f"{escape(ctx.group_name)}: meeting of {record.get('date', '')}" if ctx.group_name \
        else f"Meeting of {record.get('date', '')}"
    present = record.get("present", [])
    events = record.get("events", [])
    started = next((e["at"] for e in events if e.get("type") == "start"), None)
    ended = next((e["at"] for e in events if e.get("type") == "end"), None)
    actual = (from_iso(ended) - from_iso(started)) if started and ended else None
    planned = int(record.get("planned_minutes", 0)) * 60
    lines = [f"# {title}", ""]
    if record.get("presenter_id") or record.get("topic"):
        lines.append(f"- **Deep dive:** {ctx.name(record.get('presenter_id'))}: "
                     f"{escape(str(record.get('topic', '')))}")
    lines.append(f"- **Present ({len(present)}):** "
                 + (", ".join(ctx.name(m) for m in present) or "—"))
    lines.append(f"- **Time:** planned {hours_minutes(planned)}, actual {hours_minutes(actual)}"
                 f" (started {_clock_time(started)}, ended {_clock_time(ended)})")
    return [*lines, ""]


def _framing(record: Mapping[str, Any]) -> list[str]:
    framing = record.get("framing") or {}
    rows = [f"- **{label}:** {escape(str(framing[key]))}" for key, label in FRAMING_LABELS
            if str(framing.get(key, "")).strip()]
    return ["## The challenge", "", *rows, ""] if rows else []


def _timing_table(record: Mapping[str, Any], ctx: Minutes) -> list[str]:
    segments = timings(record)
    if not segments:
        return []
    lines = ["## Timing", "", "| Segment | Part | Planned | Actual | Difference |",
             "|---|---|---:|---:|---:|"]
    for seg in segments:
        lines.append(f"| **{escape(seg.title)}** | | {format_clock(seg.planned)} | "
                     f"{format_clock(seg.actual)} | {difference(seg.planned, seg.actual)} |")
        if len(seg.parts) > 1:
            for part in seg.parts:
                who = _part_label(part, ctx)
                lines.append(f"| | {who} | {format_clock(part.planned)} | "
                             f"{format_clock(part.actual)} | "
                             f"{difference(part.planned, part.actual)} |")
    return [*lines, ""]


def _part_label(part: SlotTiming, ctx: Minutes) -> str:
    """A round's speaker by name; a phase by its title, with its speaker if it has one."""
    if not part.speaker_id:
        return escape(part.title)
    name = ctx.name(part.speaker_id)
    if part.title == ctx.names.get(part.speaker_id):
        return name
    return f"{escape(part.title)} ({name})"


def _notes(items: Sequence[Mapping[str, Any]], ctx: Minutes) -> list[str]:
    notes = [i for i in items if i.get("kind", "note") == "note"]
    if not notes:
        return []
    lines = ["## Notes", ""]
    segment = None
    for note in notes:
        title = str(note.get("segment_title") or "Before the start")
        if title != segment:
            if segment is not None:
                lines.append("")
            lines += [f"### {escape(title)}", ""]
            segment = title
        speaker = note.get("speaker_id")
        who = f"{ctx.name(speaker)}: " if speaker else ""
        lines.append(f"- {ctx.lock(note)}{who}{escape(str(note.get('text', '')))}")
    return [*lines, ""]


def _recommendations(record: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
                     ctx: Minutes) -> list[str]:
    recs = [i for i in items if i.get("kind") == "recommendation"]
    if not recs:
        return []
    presenter = record.get("presenter_id")
    lines = [f"## Recommendations to {ctx.name(presenter)}" if presenter
             else "## Recommendations", ""]
    for giver, group in group_by_giver(recs, ctx.names):
        lines += [f"### From {ctx.name(giver)}", ""]
        for rec in group:
            to = rec.get("recipient_id")
            also = f" (to {ctx.name(to)})" if to and to != presenter else ""
            outcome = outcome_text(rec)
            tail = f" _({escape(outcome)})_" if outcome else ""
            lines.append(f"- {ctx.lock(rec)}{escape(str(rec.get('text', '')))}{also}{tail}")
        lines.append("")
    return lines


def group_by_giver(recs: Sequence[Mapping[str, Any]], names: Mapping[str, str]
                   ) -> list[tuple[str | None, list[Mapping[str, Any]]]]:
    """Recommendations grouped by who gave them, givers in order of first recommendation."""
    groups: dict[str | None, list[Mapping[str, Any]]] = {}
    for rec in recs:
        groups.setdefault(rec.get("giver_id"), []).append(rec)
    return list(groups.items())


def _simple_list(title: str, items: Sequence[Mapping[str, Any]], ctx: Minutes) -> list[str]:
    if not items:
        return []
    return [f"## {title}", "",
            *[f"- {ctx.lock(i)}{escape(str(i.get('text', '')))}" for i in items], ""]


def _actions(items: Sequence[Mapping[str, Any]], ctx: Minutes) -> list[str]:
    actions = [i for i in items if i.get("kind") == "action"]
    if not actions:
        return []
    lines = ["## Action items", "", "| Owner | Action | Due | Status |", "|---|---|---|---|"]
    for action in actions:
        lines.append(f"| {ctx.name(action.get('owner_id'))} | {ctx.lock(action)}"
                     f"{escape(str(action.get('text', '')))} | {action.get('due') or '—'} | "
                     f"{action.get('status') or 'open'} |")
    return [*lines, ""]


def _outcome_log(record: Mapping[str, Any], ctx: Minutes) -> list[str]:
    entries = [e for e in record.get("outcome_log") or [] if ctx.keep(e)]
    if not entries:
        return []
    lines = ["## What happened since", ""]
    for entry in entries:
        day = str(entry.get("date") or str(entry.get("at", ""))[:10])
        lines.append(f"- {ctx.lock(entry)}{day}: {escape(str(entry.get('text', '')))}")
    return [*lines, ""]
