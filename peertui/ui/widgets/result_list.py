"""A list of one-line rows drawn straight to strips, for results refilled as the user types.

A DataTable sends every cell through Rich's padding, styling and wrapping and measures
every cell of every row, so refilling it with 50 search results held the screen for 50 ms
and more on each key.  Here a row is a handful of segments built when it is first drawn
and kept until the rows, the width, the focus or the theme change: a refill costs a few
milliseconds.  The last column takes the width that is left and can mark spans of its text
(the matched words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from peertui.domain.text import printable

GAP = 1  # spaces either side of a cell, as a DataTable pads them
ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 0  # cells; 0 takes the width the other columns leave
    hide_below: int = 0  # left out when the list is narrower than this, to keep the text


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    marks: tuple[tuple[int, int], ...] = ()  # character spans of the last cell to highlight


def _fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


class ResultList(ScrollView, can_focus=True):
    """Rows under a header line; the cursor row is highlighted, Enter selects it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-list--header", "result-list--cursor", "result-list--even-row",
        "result-list--match",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up_rows", "Page up", show=False),
        Binding("pagedown", "page_down_rows", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """The user chose a row (Enter, or a click)."""

        def __init__(self, result_list: ResultList, index: int) -> None:
            super().__init__()
            self.result_list = result_list
            self.index = index

        @property
        def control(self) -> ResultList:
            return self.result_list

    def __init__(self, columns: Sequence[Column], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = tuple(columns)
        self._rows: list[Row] = []
        self._strips: dict[tuple[int, bool, int], Strip] = {}

    # the rows ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[str]:
        """The cells of one row, as given (the same question a DataTable answers)."""
        return list(self._rows[index].cells)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead, the cursor on the first."""
        self._rows = [Row(tuple(printable(c) for c in row.cells), row.marks) for row in rows]
        self._strips.clear()
        self.virtual_size = Size(0, len(self._rows) + 1)
        self.scroll_to(y=0, animate=False)
        self.cursor_row = 0
        self.refresh()

    # drawing ---------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(0, len(self._rows) + 1)

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        self.refresh()

    def _widths(self, width: int) -> list[int]:
        """Each column's width in cells; 0 for a column left out at this width."""
        shown = [c for c in self.columns if width >= c.hide_below]
        fixed = sum(c.width + 2 * GAP for c in shown if c.width)
        flexible = sum(1 for c in shown if not c.width)
        left = max(0, width - fixed - 2 * GAP * flexible)
        return [0 if c not in shown else c.width or left // max(flexible, 1)
                for c in self.columns]

    def _cells(self, texts: Sequence[str], widths: list[int], style: Style,
               marks: tuple[tuple[int, int], ...] = (),
               mark_style: Style | None = None) -> list[Segment]:
        pad = " " * GAP
        segments: list[Segment] = []
        last = len(widths) - 1
        for number, (text, width) in enumerate(zip(texts, widths, strict=False)):
            if not width:
                continue
            shown = _fit(text, width)
            if number < last or not marks or mark_style is None:
                segments.append(Segment(pad + shown + pad, style))
                continue
            segments.append(Segment(pad, style))
            visible = len(shown) - 1 if cell_len(text) > width else len(text)
            at = 0
            for start, end in marks:
                start, end = max(start, at), min(end, visible)
                if start >= end:
                    continue
                segments += [Segment(shown[at:start], style),
                             Segment(shown[start:end], style + mark_style)]
                at = end
            segments.append(Segment(shown[at:] + pad, style))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # less the scrollbar, when shown
        if y == 0:
            return self._strip(-1, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        return self._strip(index, width)

    def _strip(self, index: int, width: int) -> Strip:
        key = (index, index == self.cursor_row, width)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        base = self.rich_style
        widths = self._widths(width)
        if index < 0:
            style = base + self.get_component_rich_style("result-list--header")
            segments = self._cells([c.title for c in self.columns], widths, style)
        else:
            row = self._rows[index]
            style = base
            if index == self.cursor_row:
                style += self.get_component_rich_style("result-list--cursor")
            elif index % 2:
                style += self.get_component_rich_style("result-list--even-row")
            segments = self._cells(row.cells, widths, style, row.marks,
                                   self.get_component_rich_style("result-list--match"))
        strip = Strip(segments).extend_cell_length(width, style).crop(0, width)
        self._strips[key] = strip
        return strip

    # moving and choosing ------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        if not self._rows:
            return
        self._strips = {k: v for k, v in self._strips.items() if k[0] not in (old, new)}
        self.refresh()
        self._keep_in_view(new)

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1))

    def _page(self) -> int:
        return max(1, self.size.height - 2)

    def _keep_in_view(self, index: int) -> None:
        top, shown = self.scroll_offset.y, max(1, self.size.height - 1)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + shown:
            self.scroll_to(y=index - shown + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up_rows(self) -> None:
        self.cursor_row -= self._page()

    def action_page_down_rows(self) -> None:
        self.cursor_row += self._page()

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self._rows) - 1

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.cursor_row))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if 0 <= index < len(self._rows):
            self.cursor_row = index
            self.post_message(self.Selected(self, index))
