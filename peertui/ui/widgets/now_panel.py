"""What the room needs now, in the space under the agenda rail.

The panel chooses its content from the clock's segment: the speaking order in a round, the
presenter's framing in the deep dive, the recommendations so far in the recommendations and
the reflection, the open items due in the follow-ups.  It never reads the store: the screen
sets it a NowState (now_state() builds one from what the screen already holds), and it
repaints only when that state differs from the last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from peertui.domain.advice import experience_line
from peertui.domain.clock import ClockState, SlotState, format_clock
from peertui.domain.minutes import LOCK
from peertui.domain.records import Item, Meeting
from peertui.domain.text import printable
from peertui.domain.worksheet import answered
from peertui.ui.safe import Part, bold, line
from peertui.ui.widgets.steady import update_steady

Turn = Literal["spoken", "now", "next", "waiting"]
ROUNDS_WITH_RECOMMENDATIONS = ("recommendations", "reflection")
#: Where the meeting closes: its share of experience and the Plus/Delta round are shown.
WRAP_UP = "wrapup"


@dataclass(frozen=True)
class Speaker:
    """One speaker of a round and where the round stands with them."""

    name: str
    turn: Turn
    time: str  # the time taken once spoken, else the time allowed
    over: bool = False


@dataclass(frozen=True)
class Given:
    """A recommendation as the room heard it."""

    giver: str
    text: str
    private: bool = False


@dataclass(frozen=True)
class Due:
    """An open action item from an earlier meeting."""

    owner: str
    due: str
    text: str


@dataclass(frozen=True)
class NowState:
    """Every fact the panel may show; which of them it shows follows *segment_key*."""

    segment_key: str = ""
    round_title: str = ""  # the round under way, or else the next one
    speakers: tuple[Speaker, ...] = ()
    presenter: str = ""
    topic: str = ""
    framing: tuple[tuple[str, str], ...] = ()  # (label, text), in the framing form's order
    recommendations: tuple[Given, ...] = ()
    due: tuple[Due, ...] = ()
    experience: str = ""  # "3 of 5 recommendations were experience shares (60%)"
    pluses: int = 0
    deltas: int = 0
    kept: str = ""  # wrap-up: "Commitments kept since the last meeting: 7 of 9" (ledger)


def _round(state: ClockState) -> list[SlotState]:
    """The slots of the round under way, or else of the next round to come."""
    current = state.current
    start = state.index if state.status != "setup" else 0
    key = current.slot.segment_key if current and current.slot.round \
        and state.status != "setup" else next(
            (s.slot.segment_key for s in state.slots[start:] if s.slot.round), None)
    return [s for s in state.slots if key is not None and s.slot.segment_key == key]


def speakers(state: ClockState, names: Mapping[str, str]) -> tuple[Speaker, ...]:
    running = state.status in ("running", "paused")
    found: list[Speaker] = []
    next_given = False
    for slot in _round(state):
        name = names.get(slot.slot.speaker_id or "", slot.slot.title)
        turn: Turn = "waiting"
        if running and slot.index == state.index:
            turn = "now"
        elif slot.visited:
            turn = "spoken"
        elif not next_given:
            turn, next_given = "next", True
        spoken = turn == "spoken"
        found.append(Speaker(name, turn, format_clock(slot.elapsed if spoken else slot.allowed),
                             spoken and slot.overtime > 0))
    return tuple(found)


def now_state(state: ClockState | None, record: Meeting, items: Sequence[Item],
              names: Mapping[str, str], due: tuple[Due, ...] = (), kept: str = "") -> NowState:
    """The panel's state from what the live screen holds: clock, meeting, items, names."""
    if state is None or state.current is None:
        return NowState()
    slots = _round(state)
    return NowState(
        segment_key=state.current.slot.segment_key if state.status != "setup" else "",
        round_title=slots[0].slot.segment_title if slots else "",
        speakers=speakers(state, names),
        presenter=names.get(record.presenter_id or "", ""),
        topic=printable(record.topic),
        framing=tuple((question.label, printable(text))
                      for question, text in answered(record.framing)),
        recommendations=tuple(Given(names.get(i.giver_id or "", "?"), printable(i.text),
                                    i.private) for i in items if i.kind == "recommendation"),
        due=due, experience=experience_line(items),
        pluses=sum(1 for i in items if i.kind == "plus"),
        deltas=sum(1 for i in items if i.kind == "delta"), kept=kept)


MARKS: dict[Turn, str] = {"spoken": "✓ ", "now": "▶ ", "next": "  ", "waiting": "  "}


def _speaking(now: NowState) -> list[Part]:
    parts: list[Part] = [bold(f"Speaking order: {now.round_title}")]
    column = max((cell_len(s.name) for s in now.speakers), default=0)  # times line up
    for speaker in now.speakers:
        look = "bold" if speaker.turn == "now" else "dim" if speaker.turn == "spoken" else ""
        pad = " " * (column - cell_len(speaker.name))
        parts += ["\n", (MARKS[speaker.turn] + speaker.name, look), pad, "  ",
                  (speaker.time.rjust(5), "red" if speaker.over else "dim")]
        if speaker.turn == "next":
            parts.append("  next")
    return parts


def _framing(now: NowState) -> list[Part]:
    who = f"{now.presenter}'s challenge" if now.presenter else "The challenge"
    parts: list[Part] = [bold(who)]
    if now.topic:
        parts += ["\n", now.topic]
    for label, text in now.framing:
        parts += ["\n\n", bold(label), "\n", text]
    if not now.topic and not now.framing:
        parts += ["\n", ("No framing was written for this deep dive.", "dim")]
    return parts


def _recommendations(now: NowState) -> list[Part]:
    to = f" to {now.presenter}" if now.presenter else ""
    parts: list[Part] = [bold(f"Recommendations so far{to}: {len(now.recommendations)}")]
    for given in now.recommendations:
        parts += ["\n", f"{LOCK} " if given.private else "", bold(given.giver), ": ", given.text]
    if not now.recommendations:
        parts += ["\n", ("None yet: choose Recommendation as the kind to record one.", "dim")]
    return parts


def _due(now: NowState) -> list[Part]:
    parts: list[Part] = [bold(f"Open action items due: {len(now.due)}")]
    for item in now.due:
        parts += ["\n", bold(item.owner), f" (due {item.due or 'no date'}): ", item.text]
    if not now.due:
        parts += ["\n", ("None open from earlier meetings.", "dim")]
    return parts


def _closing(now: NowState) -> list[Part]:
    """The wrap-up: how much was shared as experience, and the Plus/Delta round so far."""
    parts: list[Part] = [bold("Closing the meeting")]
    if now.experience:
        parts += ["\n", now.experience]
    parts += ["\n\n", bold(f"Plus / Delta: {now.pluses} plus · {now.deltas} delta"), "\n",
              ("+: what worked  ·  -: what to change next time", "dim")]
    return parts


def now_content(now: NowState) -> Content:
    """What to show for the segment under way; between rounds, what comes next."""
    key = now.segment_key
    sections: list[list[Part]] = []
    if key == "followups":
        sections.append(_due(now))
    elif key == "deepdive":
        sections.append(_framing(now))
    elif now.speakers and key and any(s.turn == "now" for s in now.speakers):
        sections.append(_speaking(now))
    if key in ROUNDS_WITH_RECOMMENDATIONS:
        sections.append(_recommendations(now))
    if key == WRAP_UP:
        if now.kept:
            sections.append([bold(now.kept)])
        sections.append(_closing(now))
    if not sections and now.speakers:  # welcome, a break: who speaks in the next round
        sections.append(_speaking(now))
    parts: list[Part] = []
    for section in sections:
        parts += (["\n\n"] if parts else []) + section
    return line(*parts)


class NowPanel(Static):
    """Set `now`; it repaints only when the state differs (a NowState compares by value)."""

    now: reactive[NowState] = reactive(NowState, layout=False)

    def watch_now(self, now: NowState) -> None:
        update_steady(self, now_content(now))
