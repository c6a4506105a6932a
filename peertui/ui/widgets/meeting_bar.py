"""The line above the live meeting: meeting time, planned end, projected end, pace.

All of it in minutes: it changes about once a minute, while the countdown ticks.  One line
drawn from (text, style) pieces rather than markup, so a change repaints one line without
parsing markup or laying out the screen (tests/bench, idle CPU).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from peertui.domain.clock import ClockState, format_clock, format_minutes
from peertui.domain.local_time import hhmm

#: A piece of the line and its look: "" plain, "b" bold, or a component class below.
Piece = tuple[str, str]

GOOD, BAD, NOTE = "meeting-bar--good", "meeting-bar--bad", "meeting-bar--note"


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


#: One element of the bar: its pieces and its rank (0 is the last to go when space runs out).
Element = tuple[int, list[Piece]]
SEPARATOR: Piece = (" · ", "")


def bar_elements(state: ClockState, zone: str = "") -> list[Element]:
    """What the bar says for *state*, as whole elements a narrow terminal drops by rank:
    the pace and a pause matter most in the room, the planned end least (it never moves)."""
    if state.status == "setup":
        return [(0, [("Not started", "")]),
                (2, [("planned length ", ""), (format_clock(state.planned_total), "b")]),
                (1, [("press ", ""), ("F2", "b"), (" to start the clock", "")])]
    elements: list[Element] = [
        (3, [("Meeting ", ""), (format_minutes(state.meeting_elapsed), "b")]),
        (4, [("planned end ", ""), (hhmm(state.planned_end, zone), "b")]),
        (2, [("projected end ", ""), (hhmm(state.projected_end, zone), "b")])]
    pace = pace_pieces(state)
    if pace:
        elements.append((1, pace))
    if state.status == "paused":
        elements.append((0, [("PAUSED", NOTE)]))
    elif state.status == "ended":
        elements.append((0, [("ENDED", "b")]))
    return elements


def _joined(elements: list[Element]) -> list[Piece]:
    pieces: list[Piece] = []
    for _, element in elements:
        pieces += ([SEPARATOR] if pieces else []) + element
    return pieces


def _width(pieces: list[Piece]) -> int:
    return sum(cell_len(text) for text, _ in pieces)


def fitted_pieces(elements: list[Element], width: int) -> list[Piece]:
    """The elements that fit in *width* cells, whole: the highest ranks go first, so a
    narrow bar never ends in half a figure ("ahead by 1")."""
    kept = list(elements)
    while kept and _width(_joined(kept)) > width:
        kept.remove(max(kept, key=lambda element: element[0]))
    return _joined(kept)


def bar_pieces(state: ClockState) -> list[Piece]:
    """Everything the bar says for *state* with room enough, in pieces with their look."""
    return _joined(bar_elements(state))


class MeetingBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {GOOD, BAD, NOTE}

    # always_update: comparing a ClockState deeply costs more than the watcher, which repaints
    # only what changed anyway
    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._elements: list[Element] = []
        self._fitted: tuple[int, list[Piece]] = (-1, [])  # (width, pieces) last drawn
        self.zone = ""  # the group's time zone, which the screen sets ("" = this machine's)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def watch_state(self, state: ClockState | None) -> None:
        if state is None:
            return
        elements = bar_elements(state, self.zone)
        if elements != self._elements:
            self._elements = elements
            self._fitted = (-1, [])
            self.refresh()

    def shown(self, width: int) -> list[Piece]:
        """The pieces drawn at *width* cells, worked out once per change or resize."""
        if self._fitted[0] != width:
            self._fitted = (width, fitted_pieces(self._elements, width))
        return self._fitted[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        looks: dict[str, Style] = {"": base, "b": base + Style(bold=True)}
        segments = []
        for text, look in self.shown(width):
            if look not in looks:
                looks[look] = base + self.get_component_rich_style(look)
            segments.append(Segment(text, looks[look]))
        return Strip(segments).adjust_cell_length(width, base)

    @property
    def text(self) -> str:
        """Everything the bar says, as plain text (what a test or a screen reader sees)."""
        return "".join(text for text, _ in _joined(self._elements))

    @property
    def shown_text(self) -> str:
        """What the bar shows at its present width."""
        return "".join(text for text, _ in self.shown(self.size.width))
