"""The agenda down the side: each segment's planned and actual time, the current one marked."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from peertui.domain.clock import ClockState, SlotState, format_clock


def _segments(state: ClockState) -> list[tuple[str, str, list[SlotState]]]:
    groups: list[tuple[str, str, list[SlotState]]] = []
    for slot in state.slots:
        if groups and groups[-1][0] == slot.slot.segment_key:
            groups[-1][2].append(slot)
        else:
            groups.append((slot.slot.segment_key, slot.slot.segment_title, [slot]))
    return groups


class AgendaRail(Widget):
    """Repaints only its rows that changed: once a second that is the current segment and
    slot, not the whole rail (tests/bench, idle CPU)."""

    DEFAULT_CSS = "AgendaRail { height: auto; }"

    state: reactive[ClockState | None] = reactive(None, layout=False, repaint=False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[Text] = []
        self._shape: tuple[object, ...] = ()

    def render(self) -> Text:
        return Text("\n").join(self._rows)  # what sizes it; lines come from render_line

    def render_line(self, y: int) -> Strip:
        """One row: the compositor asks only for the rows that changed."""
        width = self.size.width
        base = self.rich_style
        if not 0 <= y < len(self._rows):
            return Strip.blank(width, base)
        segments = Segment.apply_style(self._rows[y].render(self.app.console), base)
        return Strip(segments).adjust_cell_length(width, base)

    def on_resize(self) -> None:
        """Lines are cut to the width, which is first known (or has changed) now."""
        self._shape = ()
        self.watch_state(self.state)

    def watch_state(self, state: ClockState | None) -> None:
        if state is None:
            return
        rows = list(self.build(state).split("\n"))
        # The rows (and so the size) change with the slot; each second only a time does.
        shape = (state.index, state.status, len(rows), self.size.width)
        if shape != self._shape:
            self._rows, self._shape = rows, shape
            self.refresh(layout=True)
            return
        changed = [y for y, (old, new) in enumerate(zip(self._rows, rows)) if old != new]
        self._rows = rows
        if changed:
            self.refresh(*(Region(0, y, self.size.width, 1) for y in changed))

    def build(self, state: ClockState) -> Text:
        """The rail as lines of fixed columns (mark, title, plan, actual).

        Plain lines, not a rich Table: the rail is redrawn every second while the clock runs,
        and measuring a table's columns each time was a third of the live screen's idle CPU.
        """
        table = _Lines(self.content_size.width or 40)
        table.add_row("", Text("segment", style="dim"), Text("plan", style="dim"),
                      Text("actual", style="dim"))
        current_index = state.index if state.status != "setup" else -1
        for _key, title, slots in _segments(state):
            planned = sum(s.allowed for s in slots)
            actual = sum(s.elapsed for s in slots)
            is_current = any(s.index == current_index for s in slots)
            over = actual > planned
            mark = "▶" if is_current else ("✓" if all(s.visited for s in slots)
                                           and not is_current else " ")
            style = "bold reverse" if is_current else ("dim" if mark == "✓" else "")
            table.add_row(mark, Text(title, style=style), format_clock(planned),
                          Text(format_clock(actual) if actual else "",
                               style="red" if over else ""))
            if is_current and len(slots) > 1:
                for slot in slots:
                    here = slot.index == current_index
                    table.add_row("", Text(("› " if here else "  ") + slot.slot.title,
                                           style="bold" if here else "dim"),
                                  format_clock(slot.allowed),
                                  Text(format_clock(slot.elapsed) if slot.elapsed else "",
                                       style="red" if slot.overtime else ""))
        return table.text()


class _Lines:
    """Rows of `mark title plan actual`, the title taking what the other columns leave."""

    TIME = 7  # "1:00:00"

    def __init__(self, width: int) -> None:
        self.title_width = max(4, width - 1 - self.TIME * 2 - 3)
        self.rows: list[Text] = []

    def add_row(self, mark: str, title: Text, plan: str | Text, actual: Text) -> None:
        title = title.copy()
        title.truncate(self.title_width, overflow="ellipsis", pad=True)
        plan_text = plan if isinstance(plan, Text) else Text(plan)
        row = Text(mark[:1].ljust(1))
        row.append(" ")
        row.append_text(title)
        row.append(" ")
        row.append_text(_right(plan_text, self.TIME))
        row.append(" ")
        row.append_text(_right(actual, self.TIME))
        self.rows.append(row)

    def text(self) -> Text:
        return Text("\n").join(self.rows)


def _right(text: Text, width: int) -> Text:
    """*text* right-aligned in *width* cells (cut on the left if it is longer)."""
    if text.cell_len >= width:
        return text[len(text) - width:] if len(text) > width else text
    padded = Text(" " * (width - text.cell_len))
    padded.append_text(text)
    return padded
