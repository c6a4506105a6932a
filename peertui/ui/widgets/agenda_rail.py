"""The agenda down the side: each segment's planned and actual time, the current one marked."""

from __future__ import annotations

import textwrap
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from peertui.domain.clock import ClockState, SlotState, format_clock, format_minutes

TIME = 7  # cells for a time column: "1:00:00"
POINTER = "\u203a "  # marks the running speaker or phase in a segment's list

#: One rail row as plain values: (mark, title, title style, plan, actual, actual style).
#: Rows are compared as these tuples each second; only a row that differs is drawn again.
Row = tuple[str, str, str, str, str, str]
HEADER: Row = ("", "segment", "dim", "plan", "actual", "dim")


def _segments(state: ClockState) -> list[tuple[str, str, list[SlotState]]]:
    groups: list[tuple[str, str, list[SlotState]]] = []
    for slot in state.slots:
        if groups and groups[-1][0] == slot.slot.segment_key:
            groups[-1][2].append(slot)
        else:
            groups.append((slot.slot.segment_key, slot.slot.segment_title, [slot]))
    return groups


def rail_rows(state: ClockState) -> list[Row]:
    """The rail for *state*: a header, each segment, and the current segment's phases."""
    rows: list[Row] = [HEADER]
    current_index = state.index if state.status != "setup" else -1
    for _key, title, slots in _segments(state):
        planned = sum(s.allowed for s in slots)
        actual = sum(s.elapsed for s in slots)
        is_current = any(s.index == current_index for s in slots)
        mark = "▶" if is_current else ("✓" if all(s.visited for s in slots) else " ")
        style = "bold reverse" if is_current else ("dim" if mark == "✓" else "")
        rows.append((mark, title, style, format_clock(planned),
                     _actual(actual, is_current), "red" if actual > planned else ""))
        # A deep dive's phases open out here; a round's speakers are in the now panel.
        if is_current and len(slots) > 1 and not slots[0].slot.round:
            for slot in slots:
                here = slot.index == current_index
                rows.append(("", (POINTER if here else "  ") + slot.slot.title,
                             "bold" if here else "dim", format_clock(slot.allowed),
                             _actual(slot.elapsed, here), "red" if slot.overtime else ""))
    return rows


def _actual(elapsed: float, running: bool) -> str:
    """Time taken: to the second once done; in whole minutes while it runs (the countdown
    has the seconds), so the rail changes once a minute rather than every second."""
    if running:
        return format_minutes(elapsed, compact=True)
    return format_clock(elapsed) if elapsed else ""


@lru_cache(maxsize=32)
def _style(name: str) -> Style:
    return Style.parse(name) if name else Style()


def fit(text: str, width: int) -> str:
    """*text* in exactly *width* cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(text, max(0, width - 1)) + "…"


def _right(text: str, style: Style, base: Style) -> list[Segment]:
    """*text* right-aligned in a time column; the padding keeps the plain look."""
    text = text[-TIME:]
    return [Segment(" " * (TIME - len(text)), base), Segment(text, style)]


def title_width(width: int) -> int:
    """Cells left for a title in a rail *width* cells wide: `mark title plan actual`."""
    return max(4, width - 1 - TIME * 2 - 3)


def wrapped(rows: list[Row], width: int) -> list[Row]:
    """Each row with its title wrapped at spaces to the title column: a long segment name
    goes on the next line whole ("Reflection and" / "commitments"), never cut mid-word.
    Its times stay on its first line; a slot's second line keeps the slot's indent."""
    room = title_width(width)
    lines: list[Row] = []
    for row in rows:
        mark, title, title_style, plan, actual, actual_style = row
        indent = title[:2] if title[:2] in (POINTER, "  ") else ""
        parts = textwrap.wrap(title[len(indent):], max(1, room - len(indent)),
                              break_on_hyphens=False) or [""]
        lines.append((mark, indent + parts[0], title_style, plan, actual, actual_style))
        lines += [("", " " * len(indent) + part, title_style, "", "", "") for part in parts[1:]]
    return lines


def row_segments(row: Row, width: int, base: Style) -> list[Segment]:
    """Columns `mark title plan actual`, the title taking what the times leave."""
    mark, title, title_style, plan, actual, actual_style = row
    cells = title_width(width)
    plan_style = base + _style("dim") if row == HEADER else base
    return [Segment((mark or " ")[:1] + " ", base),
            Segment(fit(title, cells), base + _style(title_style)),
            Segment(" ", base), *_right(plan, plan_style, base),
            Segment(" ", base), *_right(actual, base + _style(actual_style), base)]


class AgendaRail(Widget):
    """Repaints only its rows that changed: once a minute, the current segment and slot."""

    DEFAULT_CSS = "AgendaRail { height: auto; }"

    # always_update: comparing a ClockState deeply costs more than the watcher, which repaints
    # only what changed anyway
    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = []
        self._shape: tuple[object, ...] = ()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows)

    def render_line(self, y: int) -> Strip:
        """One row: the compositor asks only for the rows that changed."""
        width = self.size.width
        base = self.rich_style
        if not 0 <= y < len(self._rows):
            return Strip.blank(width, base)
        return Strip(row_segments(self._rows[y], width, base)).adjust_cell_length(width, base)

    def on_resize(self) -> None:
        """Lines are cut to the width, which is first known (or has changed) now."""
        self._shape = ()
        self.watch_state(self.state)

    def watch_state(self, state: ClockState | None) -> None:
        if state is None:
            return
        rows = wrapped(rail_rows(state), self.size.width)
        # Its height is its number of rows: only that (or the width) needs a layout of the
        # screen; a new slot or each minute's time repaints the rows that differ.
        shape = (len(rows), self.size.width)
        if shape != self._shape:
            self._rows, self._shape = rows, shape
            self.refresh(layout=True)
            return
        pairs = enumerate(zip(self._rows, rows, strict=True))  # same shape: as many rows
        changed = [y for y, (old, new) in pairs if old != new]
        self._rows = rows
        if changed:
            self.refresh(*(Region(0, y, self.size.width, 1) for y in changed))
