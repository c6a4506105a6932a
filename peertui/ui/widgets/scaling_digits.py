"""The live countdown, scaled to the terminal: three-row digits, or the projector's block
glyphs (big_clock.py) when a big terminal has rows to spare.

Once a second it repaints only the glyph columns that changed, and works out its lines and
style once per second rather than for each row: the live screen's idle CPU is measured
(tests/bench, idle CPU).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip

from peertui.ui.widgets.big_clock import (
    GLYPH_ROWS,
    MIN_BLOCK_SCALE,
    block_scale,
    blocks_of,
    changed_columns,
    template_of,
)
from peertui.ui.widgets.clock_digits import ROWS, ClockDigits, glyph_rows

CLOCK_SHARE = 4  # the countdown takes up to a quarter of the terminal's rows


def block_rows(scale: int) -> int:
    return (GLYPH_ROWS * scale + 1) // 2


class ScalingDigits(ClockDigits):
    """The live countdown: three-row digits on a small terminal, block glyphs as large as a
    quarter of the terminal's height and the pane's width allow on a big one, leaving
    *reserve* rows for the rest of the screen.

    Its height follows its scale, which is chosen from the template of the text (every
    digit 0), so a second ticking by repaints it without a layout."""

    DEFAULT_CSS = "ScalingDigits { height: auto; width: 100%; }"

    def __init__(self, value: str = "0:00", *, reserve: int = 0, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(value, id=id, classes=classes)
        self.reserve = reserve  # rows the rest of the screen needs at its fullest
        self._drawn = value  # the value shown before this one
        self._frame: tuple[tuple[str, int, int], Style, int, tuple[str, ...]] | None = None
        self._budget = 0  # rows the terminal gives the clock (a share of its height)

    def scale_for(self, width: int) -> int:
        """The block scale at this width and budget; under MIN_BLOCK_SCALE: three-row digits."""
        scale = block_scale(self.value, width, self._budget)
        return scale if scale >= MIN_BLOCK_SCALE else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._budget = min(viewport.height // CLOCK_SHARE, viewport.height - self.reserve)
        scale = self.scale_for(width)
        return block_rows(scale) if scale else ROWS

    def watch_value(self, value: str) -> None:
        old, self._drawn = self._drawn, value
        self._rows = glyph_rows(value, bool(self.rich_style.bold))
        if template_of(value) != template_of(old):
            self.refresh(layout=True)  # "+1:00" is wider than "9:59": the scale may change
            return
        self.refresh(*self._changed(old, value))

    def _changed(self, old: str, value: str) -> list[Region]:
        """The columns of big glyphs that differ, mostly the last digit: a second repaints
        those, not the whole width.  None (all of it) for three-row digits."""
        width = self.size.width
        scale = self.scale_for(width)
        if not scale or len(old) != len(value):  # 10:00 to 9:59 shifts every glyph
            return []
        after = blocks_of(value, scale)
        span = changed_columns(blocks_of(old, scale), after)
        if span is None:
            return []
        first, last = span
        left = max(0, (width - len(after[0])) // 2)
        return [Region(left + first, 0, last - first + 1, len(after))]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._frame = None  # a new colour (warning, overtime) or theme

    def _lines(self, width: int) -> tuple[Style, int, tuple[str, ...]]:
        """Style, scale and glyph lines, worked out once per value, size and style rather
        than for each of the clock's rows."""
        key = (self.value, width, self._budget)
        if self._frame is None or self._frame[0] != key:
            scale = self.scale_for(width)
            lines = blocks_of(self.value, scale) if scale else ()
            self._frame = (key, self.rich_style, scale, lines)
        return self._frame[1], self._frame[2], self._frame[3]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style, scale, lines = self._lines(width)
        if not scale:
            return super().render_line(y)
        if not 0 <= y < len(lines):
            return Strip.blank(width, style)
        text = lines[y]
        left = max(0, (width - len(text)) // 2)
        return Strip([Segment(" " * left, style), Segment(text, style)]
                     ).adjust_cell_length(width, style)
