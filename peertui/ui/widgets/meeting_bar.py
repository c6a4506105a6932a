"""The line above the live meeting: meeting time, planned end, projected end, pace.

All of it in minutes: it changes about once a minute, while the countdown ticks.  One line
drawn from (text, style) pieces rather than markup, so a change repaints one line without
parsing markup or laying out the screen (tests/bench, idle CPU).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from peertui.domain.clock import ClockState, format_clock, format_minutes

#: A piece of the line and its look: "" plain, "b" bold, or a component class below.
Piece = tuple[str, str]

GOOD, BAD, NOTE = "meeting-bar--good", "meeting-bar--bad", "meeting-bar--note"


def local_hhmm(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%H:%M") if ts is not None else "--:--"


ON_TIME_WITHIN = 60.0  # seconds either way that still read as on time (the pace is in minutes)


def pace_pieces(state: ClockState) -> list[Piece]:
    behind = state.behind_by
    if state.started_at is None:
        return []
    if abs(behind) < ON_TIME_WITHIN:
        return [("on time", GOOD)]
    if behind > 0:
        return [(f"behind by {format_minutes(behind)}", BAD)]
    return [(f"ahead by {format_minutes(-behind)}", GOOD)]


def pace_text(state: ClockState) -> str:
    """The pace as markup, for the projector view (a Static that changes rarely)."""
    colour = {GOOD: "$success", BAD: "$error"}
    return "".join(f"[{colour[look]}]{text}[/]" for text, look in pace_pieces(state))


def bar_pieces(state: ClockState) -> list[Piece]:
    """What the bar says for *state*, in pieces with their look."""
    if state.status == "setup":
        return [(f"Not started · planned length {format_clock(state.planned_total)} · press ",
                 ""), ("F2", "b"), (" to start the clock", "")]
    pieces: list[Piece] = [
        ("Meeting ", ""), (format_minutes(state.meeting_elapsed), "b"),
        (" · planned end ", ""), (local_hhmm(state.planned_end), "b"),
        (" · projected end ", ""), (local_hhmm(state.projected_end), "b"),
        (" · ", ""), *pace_pieces(state)]
    if state.status == "paused":
        pieces += [(" · ", ""), ("PAUSED", NOTE)]
    elif state.status == "ended":
        pieces += [(" · ", ""), ("ENDED", "b")]
    return pieces


class MeetingBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {GOOD, BAD, NOTE}

    # always_update: comparing a ClockState deeply costs more than the watcher, which repaints
    # only what changed anyway
    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._pieces: list[Piece] = []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def watch_state(self, state: ClockState | None) -> None:
        if state is None:
            return
        pieces = bar_pieces(state)
        if pieces != self._pieces:
            self._pieces = pieces
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        looks: dict[str, Style] = {"": base, "b": base + Style(bold=True)}
        segments = []
        for text, look in self._pieces:
            if look not in looks:
                looks[look] = base + self.get_component_rich_style(look)
            segments.append(Segment(text, looks[look]))
        return Strip(segments).adjust_cell_length(width, base)

    @property
    def text(self) -> str:
        """The bar as plain text (what a test or a screen reader sees)."""
        return "".join(text for text, _ in self._pieces)
