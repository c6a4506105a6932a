"""Share of voice: who spoke how long at a meeting, read from the clock's own events.

Nobody times speakers by hand: the clock already knows whose timebox ran and for how long
(``replay`` counts only running time, so a pause is nobody's and an extension is the
speaker's).  A slot is a member's when it carries their speaker id: their timebox in a
round (the updates, the recommendations) or the deep dive's presentation phase.

"Quiet" (see ``quiet_members``): present at each of the group's last two ended meetings and
each time under half an equal share of the members' speaking time (QUIET_FRACTION).  Half
an equal share, not "the lowest", because someone is always lowest; the mark should mean
a member who barely used their turn, twice running.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from peertui.domain.clock import ClockState, format_clock, replay
from peertui.domain.records import Item, Meeting, Slot
from peertui.domain.timesource import from_iso

#: Under this fraction of an equal share of the speaking time counts as quiet.
QUIET_FRACTION = 0.5
#: How many meetings running a member must be quiet to be marked.
QUIET_MEETINGS = 2


@dataclass(frozen=True)
class MemberVoice:
    """One member's voice at one meeting: seconds by part, and what was said of them."""

    member_id: str
    update: float = 0.0
    recommendation: float = 0.0
    presentation: float = 0.0
    recommendations_given: int = 0
    items_attributed: int = 0

    @property
    def seconds(self) -> float:
        return self.update + self.recommendation + self.presentation


@dataclass(frozen=True)
class MeetingVoice:
    """Everyone present at one meeting, in the order present, with the meeting's running
    time (the clock's time without its pauses)."""

    meeting_id: str
    date: str
    running: float
    members: tuple[MemberVoice, ...]

    @property
    def spoken(self) -> float:
        """Seconds of all the members' own timeboxes together."""
        return sum(m.seconds for m in self.members)

    def of(self, member_id: str) -> MemberVoice | None:
        return next((m for m in self.members if m.member_id == member_id), None)

    def share(self, member_id: str) -> float | None:
        """The member's fraction of the members' speaking time; None if absent or if no
        member's timebox ran."""
        voice = self.of(member_id)
        if voice is None or self.spoken <= 0:
            return None
        return voice.seconds / self.spoken

    def quiet(self, member_id: str) -> bool:
        """Under QUIET_FRACTION of an equal share at this meeting (never when absent)."""
        share = self.share(member_id)
        return share is not None and share < QUIET_FRACTION / len(self.members)


def part_of(slot: Slot) -> str:
    """Which of a member's parts a slot is: "update", "recommendation" or "presentation";
    "" for a slot that is nobody's (the break, the welcome, the discussion)."""
    if not slot.speaker_id:
        return ""
    if not slot.round:
        return "presentation"
    words = f"{slot.segment_key} {slot.segment_title}".lower()
    return "recommendation" if "recommend" in words else "update"


def _last_moment(meeting: Meeting) -> float:
    """The time of the last readable event: where the replay stops for a past meeting."""
    stamps: list[float] = []
    for event in meeting.events:
        try:
            stamps.append(from_iso(event.at))
        except ValueError:
            continue  # the replay counts an unreadable time as no time passed
    return max(stamps, default=0.0)


def running_seconds(state: ClockState) -> float:
    """The clock's running time: every slot's elapsed seconds, pauses never counted."""
    return sum(s.elapsed for s in state.slots)


def meeting_voice(meeting: Meeting, items: Iterable[Item],
                  now: float | None = None) -> MeetingVoice:
    """Each present member's voice at *meeting*; *now* for one still running (a past
    meeting is replayed up to its last event)."""
    state = replay(meeting.slots, meeting.events, _last_moment(meeting) if now is None else now)
    seconds: dict[str, dict[str, float]] = {}
    for slot_state in state.slots:
        part = part_of(slot_state.slot)
        speaker = slot_state.slot.speaker_id
        if part and speaker:
            parts = seconds.setdefault(speaker, {})
            parts[part] = parts.get(part, 0.0) + slot_state.elapsed
    given: dict[str, int] = {}
    named: dict[str, int] = {}
    for item in items:
        if item.kind == "recommendation" and item.giver_id:
            given[item.giver_id] = given.get(item.giver_id, 0) + 1
        for person in {item.speaker_id, item.owner_id, item.giver_id} - {None}:
            assert person is not None
            named[person] = named.get(person, 0) + 1
    people = list(meeting.present) + [m for m in seconds if m not in meeting.present]
    members = tuple(
        MemberVoice(member_id, update=seconds.get(member_id, {}).get("update", 0.0),
                    recommendation=seconds.get(member_id, {}).get("recommendation", 0.0),
                    presentation=seconds.get(member_id, {}).get("presentation", 0.0),
                    recommendations_given=given.get(member_id, 0),
                    items_attributed=named.get(member_id, 0))
        for member_id in people)
    return MeetingVoice(meeting.id, meeting.date, running_seconds(state), members)


def quiet_members(voices: Sequence[MeetingVoice]) -> set[str]:
    """Members quiet at each of the last QUIET_MEETINGS meetings (voices oldest first, as
    ``voice_trend`` takes them); absent from one of them is not quiet."""
    last = list(voices)[-QUIET_MEETINGS:]
    if len(last) < QUIET_MEETINGS:
        return set()
    return {m.member_id for m in last[0].members if all(v.quiet(m.member_id) for v in last)}


def voice_trend(voices: Sequence[MeetingVoice], member_id: str) -> list[float | None]:
    """The member's share of voice meeting by meeting (None where absent), oldest first."""
    return [v.share(member_id) for v in voices]


def voice_markdown(voice: MeetingVoice, name: Callable[[str], str]) -> list[str]:
    """The minutes' "Share of voice" table; *name* gives a member's name as Markdown."""
    if voice.spoken <= 0:
        return []
    lines = ["## Share of voice", "",
             "| Member | Update | Recommendations | Presentation | Share | Recs given |",
             "|---|---:|---:|---:|---:|---:|"]
    for member in voice.members:
        share = voice.share(member.member_id) or 0.0
        times = " | ".join(format_clock(s) if s else "—" for s in (
            member.update, member.recommendation, member.presentation))
        lines.append(f"| {name(member.member_id)} | {times} | {round(100 * share)}% | "
                     f"{member.recommendations_given} |")
    return [*lines, "", "_From the clock: pauses left out, extensions in._", ""]
