"""A meeting's minutes as Markdown, and its timing planned vs actual. Pure: no UI, no store.

The same text is the `md` export and what the review screen renders, so what a member reads
on screen is what leaves the laptop (minus private items unless asked for).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from peertui.domain.advice import TAG_NAMES, experience_line
from peertui.domain.clock import format_clock, replay
from peertui.domain.ledger import ReportAt
from peertui.domain.local_time import clock_time, group_zone, zone_label
from peertui.domain.models import Group
from peertui.domain.pulse import pulse_line
from peertui.domain.records import (
    Item,
    Meeting,
    MeetingSummary,
    NeedsMet,
    OutcomeEntry,
    Pulse,
    Rating,
)
from peertui.domain.timesource import from_iso
from peertui.domain.topics import bank_topic
from peertui.domain.voice import meeting_voice, voice_markdown
from peertui.domain.worksheet import answered

LOCK = "🔒"
AFTER_END = "_(added after the end)_"
OUTCOME_LABELS = {"adopted": "adopted", "tried": "tried", "set_aside": "set aside"}
NEEDS_LABELS = {"yes": "yes", "partly": "partly", "no": "no"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


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


def _timestamp(iso: str) -> float | None:
    try:
        return from_iso(iso)
    except ValueError:
        return None  # an unreadable time: the clock's replay counts it as no time passed


def timings(meeting: Meeting) -> list[SegmentTiming]:
    """Planned vs actual per segment and per speaker/phase, replayed from the clock events."""
    slots = meeting.slots
    stamps = (_timestamp(e.at) for e in meeting.events)
    last = max((t for t in stamps if t is not None), default=0.0)
    state = replay(slots, meeting.events, last)
    segments: list[SegmentTiming] = []
    for slot_state in state.slots:
        slot = slot_state.slot
        if not segments or segments[-1].key != slot.segment_key:
            segments.append(SegmentTiming(slot.segment_key, slot.segment_title))
        original = slots[slot_state.index].planned
        segments[-1].parts.append(SlotTiming(slot.title, slot.speaker_id, original,
                                             slot_state.elapsed))
    return segments


def actual_seconds(meeting: Meeting | MeetingSummary) -> float | None:
    """Wall time from start to end, or None if the meeting never ran to its end."""
    started, ended = meeting.started_at, meeting.ended_at
    if not started or not ended:
        return None
    return max(0.0, from_iso(ended) - from_iso(started))


def hours_minutes(seconds: float | None) -> str:
    """'2 h 28 min' or '45 min'; '—' when unknown."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
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


def outcome_text(item: Item) -> str:
    """'adopted: why' for a recommendation with an outcome, '' otherwise."""
    outcome = item.outcome
    label = OUTCOME_LABELS.get(outcome.status) if outcome is not None else None
    if outcome is None or not label:
        return ""
    why = outcome.why.strip()
    return f"{label}: {why}" if why else label


def expected_at(group: Group | None, day: str) -> list[str]:
    """The members of the group on a meeting's day (joined by then, not yet retired), in
    roster order: who was present is stored, who was absent is these less the present."""
    if group is None:
        return []
    return [m.id for m in group.members
            if m.status != "candidate" and (not m.joined or m.joined <= day)
            and (m.status != "retired" or (m.retired_on and m.retired_on > day))]


@dataclass
class Minutes:
    """What render_minutes needs besides the record and its items."""

    names: Mapping[str, str]
    group_name: str = ""
    include_private: bool = False
    mark_private: bool = False  # the review screen shows private items with a lock
    left_out: int = 0
    timezone: str = "UTC"
    members: Sequence[str] = ()  # who belonged to the group that day (expected_at)
    meeting: Meeting | None = None  # to mark an item added after its end

    def name(self, member_id: str | None) -> str:
        return escape(self.names.get(member_id or "", "—"))

    def keep(self, thing: Item | OutcomeEntry | Rating | Pulse | NeedsMet | ReportAt) -> bool:
        if thing.private and not self.include_private:
            self.left_out += 1
            return False
        return True

    def lock(self, thing: Item | OutcomeEntry | Rating | Pulse | NeedsMet | ReportAt) -> str:
        """What each line starts with: the private lock, and a mark on an item added after
        the meeting ended (so nobody takes it for something said in the room)."""
        late = isinstance(thing, Item) and self.meeting is not None \
            and self.meeting.added_after_end(thing)
        return (f"{LOCK} " if self.mark_private and thing.private else "") + \
            (f"{AFTER_END} " if late else "")


def group_minutes(meeting: Meeting, items: Sequence[Item], group: Group | None, *,
                  include_private: bool = False, mark_private: bool = False,
                  reports: Sequence[ReportAt] = ()) -> tuple[str, int]:
    """The minutes of a meeting of *group*: its names, its time zone, its roster that day."""
    bank = bank_topic(group, meeting)
    return render_minutes(meeting, items, group.names if group else {}, reports=reports,
                          group_name=group.name if group else "",
                          include_private=include_private, mark_private=mark_private,
                          timezone=group_zone(group),
                          members=expected_at(group, meeting.date),
                          bank_topic=f"'{bank.issue}' ({bank.urgency}, added {bank.added})"
                          if bank else "")


def render_minutes(meeting: Meeting, items: Sequence[Item],
                   names: Mapping[str, str], *, group_name: str = "",
                   include_private: bool = False, mark_private: bool = False,
                   timezone: str = "UTC", members: Sequence[str] = (),
                   bank_topic: str = "", reports: Sequence[ReportAt] = ()) -> tuple[str, int]:
    """The minutes as Markdown, and how many private items/entries were left out.
    *bank_topic*: the topic bank's topic the deep dive took, in words ("" if none);
    *reports*: the reports back said at this meeting, on earlier meetings' commitments."""
    ctx = Minutes(names, group_name, include_private, mark_private,
                  timezone=timezone, members=members, meeting=meeting)
    kept = [i for i in items if ctx.keep(i)]
    lines = _header(meeting, kept, ctx)
    if bank_topic:  # under the deep dive's line, in the header's list
        lines.insert(3 if meeting.presenter_id or meeting.topic else 2,
                     f"- **From the topic bank:** {escape(bank_topic)}")
    lines += _framing(meeting, ctx)
    lines += _timing_table(meeting, ctx)
    lines += voice_markdown(meeting_voice(meeting, kept), ctx.name)
    lines += _notes(kept, ctx)
    lines += _recommendations(meeting, kept, ctx)
    lines += _simple_list("Decisions", [i for i in kept if i.kind == "decision"], ctx)
    lines += _actions(kept, ctx)
    lines += _plus_delta(kept, ctx)
    lines += _outcome_log(meeting, ctx)
    lines += _reports(reports, ctx)
    lines += _ratings(meeting, ctx)
    lines += _pulse(meeting, ctx)
    lines += ["---", "", _left_out_line(ctx.left_out)]
    return "\n".join(lines).rstrip() + "\n", ctx.left_out


def _left_out_line(count: int) -> str:
    if count == 0:
        return "_No private items were left out._"
    noun = "item" if count == 1 else "items"
    return f"_{count} private {noun} left out of this export._"


def _header(meeting: Meeting, kept: Sequence[Item], ctx: Minutes) -> list[str]:
    title = f"{escape(ctx.group_name)}: meeting of {meeting.date}" if ctx.group_name \
        else f"Meeting of {meeting.date}"
    present = meeting.present
    started, ended = meeting.started_at, meeting.ended_at
    actual = (from_iso(ended) - from_iso(started)) if started and ended else None
    planned = meeting.planned_minutes * 60
    lines = [f"# {title}", ""]
    if meeting.presenter_id or meeting.topic:
        lines.append(f"- **Deep dive:** {ctx.name(meeting.presenter_id)}: "
                     f"{escape(meeting.topic)}")
    lines.append(f"- **Present ({len(present)}):** "
                 + (", ".join(ctx.name(m) for m in present) or "—"))
    absent = [m for m in ctx.members if m not in present]
    if absent:
        lines.append(f"- **Absent ({len(absent)}):** " + ", ".join(ctx.name(m) for m in absent))
    takers = note_takers(kept, meeting.outcome_log, ctx)
    if takers:
        lines.append("- **Notes taken by:** " + ", ".join(takers))
    when = ""
    if started:
        when = (f" (started {clock_time(started, ctx.timezone)}, ended "
                f"{clock_time(ended, ctx.timezone)}, {zone_label(ctx.timezone, started)})")
    lines.append(f"- **Time:** planned {hours_minutes(planned)}, actual {hours_minutes(actual)}"
                 + when)
    return [*lines, ""]


def note_takers(items: Sequence[Item], log: Sequence[OutcomeEntry], ctx: Minutes) -> list[str]:
    """Who captured what the minutes show (each item's `by`: a member id or a name), in the
    order they first did; a private item's note-taker only when private items are shown."""
    seen: dict[str, None] = {}
    things: list[Item | OutcomeEntry] = [*items, *log]
    for thing in things:
        if thing.by.strip() and (ctx.include_private or not thing.private):
            seen.setdefault(thing.by.strip(), None)
    return [escape(ctx.names.get(by, by)) for by in seen]


def _ratings(meeting: Meeting, ctx: Minutes) -> list[str]:
    """The average score, and what would make it a 10 (unattributed, as members gave it)."""
    ratings = [r for _member, r in sorted(meeting.rating.items())]
    if not ratings:
        return []
    average = sum(r.score for r in ratings) / len(ratings)
    who = "member" if len(ratings) == 1 else "members"
    lines = ["## Rating", "", f"- **Average:** {average:.1f} / 10 from {len(ratings)} {who}"]
    answers = [r for r in ratings if r.comment.strip() and ctx.keep(r)]
    if answers:
        lines += ["", "### What would make it a 10", ""]
        lines += [f"- {ctx.lock(r)}{escape(r.comment)}" for r in answers]
    return [*lines, ""]


def _framing(meeting: Meeting, ctx: Minutes) -> list[str]:
    rows = [f"- **{question.label}:** {escape(text)}"
            for question, text in answered(meeting.framing)]
    needs = meeting.needs_met
    if needs is not None and ctx.keep(needs):  # asked at the next meeting's Follow-ups
        said = NEEDS_LABELS[needs.answer] + (f": {escape(needs.comment)}" if needs.comment
                                             else "")
        rows.append(f"- **Did {ctx.name(meeting.presenter_id)} get what they needed?** "
                    f"{ctx.lock(needs)}{said}")
    return ["## The challenge", "", *rows, ""] if rows else []


def _timing_table(meeting: Meeting, ctx: Minutes) -> list[str]:
    segments = timings(meeting)
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


def _notes(items: Sequence[Item], ctx: Minutes) -> list[str]:
    notes = [i for i in items if i.kind == "note"]
    if not notes:
        return []
    lines = ["## Notes", ""]
    segment = None
    for note in notes:
        title = note.segment_title or "Before the start"
        if title != segment:
            if segment is not None:
                lines.append("")
            lines += [f"### {escape(title)}", ""]
            segment = title
        speaker = note.speaker_id
        who = f"{ctx.name(speaker)}: " if speaker else ""
        lines.append(f"- {ctx.lock(note)}{who}{escape(note.text)}")
    return [*lines, ""]


def _recommendations(meeting: Meeting, items: Sequence[Item], ctx: Minutes) -> list[str]:
    recs = [i for i in items if i.kind == "recommendation"]
    if not recs:
        return []
    presenter = meeting.presenter_id
    lines = [f"## Recommendations to {ctx.name(presenter)}" if presenter
             else "## Recommendations", ""]
    shared = experience_line(recs)  # "" for untagged history: unknown, not 0%
    if shared:
        lines += [f"_{shared}._", ""]
    for giver, group in group_by_giver(recs, ctx.names):
        lines += [f"### From {ctx.name(giver)}", ""]
        for rec in group:
            to = rec.recipient_id
            also = f" (to {ctx.name(to)})" if to and to != presenter else ""
            said = [TAG_NAMES[rec.tag]] if rec.tag else []
            outcome = outcome_text(rec)
            tail = "".join(f" _({escape(part)})_" for part in [*said, outcome] if part)
            lines.append(f"- {ctx.lock(rec)}{escape(rec.text)}{also}{tail}")
        lines.append("")
    return lines


def group_by_giver(recs: Sequence[Item], names: Mapping[str, str]
                   ) -> list[tuple[str | None, list[Item]]]:
    """Recommendations grouped by who gave them, givers in order of first recommendation."""
    groups: dict[str | None, list[Item]] = {}
    for rec in recs:
        groups.setdefault(rec.giver_id, []).append(rec)
    return list(groups.items())


def _simple_list(title: str, items: Sequence[Item], ctx: Minutes) -> list[str]:
    if not items:
        return []
    return [f"## {title}", "", *[f"- {ctx.lock(i)}{escape(i.text)}" for i in items], ""]


def _actions(items: Sequence[Item], ctx: Minutes) -> list[str]:
    actions = [i for i in items if i.kind == "action"]
    if not actions:
        return []
    lines = ["## Action items", "", "| Owner | Action | Due | Status |", "|---|---|---|---|"]
    for action in actions:
        lines.append(f"| {ctx.name(action.owner_id)} | {ctx.lock(action)}"
                     f"{escape(action.text)} | {action.due or '—'} | "
                     f"{action.status or 'open'} |")
    return [*lines, ""]


def _plus_delta(items: Sequence[Item], ctx: Minutes) -> list[str]:
    """The wrap-up's round: what worked (plus) and what to change next time (delta)."""
    pluses = [i for i in items if i.kind == "plus"]
    deltas = [i for i in items if i.kind == "delta"]
    if not pluses and not deltas:
        return []
    lines = ["## Plus / Delta", ""]
    for title, found in (("Plus: what worked", pluses), ("Delta: what to change", deltas)):
        if found:
            lines += [f"### {title}", ""]
            lines += [f"- {ctx.lock(i)}{_said_by(i, ctx)}{escape(i.text)}" for i in found]
            lines.append("")
    return lines


def _said_by(item: Item, ctx: Minutes) -> str:
    return f"{ctx.name(item.speaker_id)}: " if item.speaker_id else ""


def _outcome_log(meeting: Meeting, ctx: Minutes) -> list[str]:
    entries = [e for e in meeting.outcome_log if ctx.keep(e)]
    if not entries:
        return []
    lines = ["## What happened since", ""]
    for entry in entries:
        day = entry.date or entry.at[:10]
        lines.append(f"- {ctx.lock(entry)}{day}: {escape(entry.text)}")
    return [*lines, ""]


def _pulse(meeting: Meeting, ctx: Minutes) -> list[str]:
    """Each member's self-ratings of the updates round: private unless a member chose not."""
    kept = [(member, p) for member, p in meeting.pulse.items() if ctx.keep(p)]
    if not kept:
        return []
    lines = ["## Pulse", ""]
    lines += [f"- {ctx.lock(p)}{ctx.name(member)}: {escape(pulse_line(p.scores))}"
              for member, p in kept]
    return [*lines, ""]


def _reports(reports: Sequence[ReportAt], ctx: Minutes) -> list[str]:
    kept = [r for r in reports if ctx.keep(r)]
    if not kept:
        return []
    lines = ["## Reported back", ""]
    for said in kept:
        row = said.commitment
        lines.append(f"- {ctx.lock(said)}{ctx.name(row.owner_id)} on "
                     f"“{escape(row.item.text)}”: {escape(said.report.text)}")
    return [*lines, ""]
