"""The live countdown in three-row digits, drawn line by line from a glyph table.

It looks exactly like Textual's Digits (same glyphs), but Digits lays out a Rich renderable
every time its value changes, once a second for the whole meeting.  Here a second costs
three short strings: the live screen's idle CPU is measured against a minimal app
(tests/bench, idle CPU).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.strip import Strip

from peertui.ui.widgets.frame_style import FrameStyle

ROWS = 3
GLYPH_META = Style(meta={"offset": (0, 0)})  # what Digits marks its glyphs with


def glyph_rows(text: str, bold: bool = False) -> tuple[str, str, str]:
    """*text* as three rows of box-drawing glyphs, 3 cells per known character."""
    table = DIGITS3X3_BOLD if bold else DIGITS3X3
    rows: tuple[list[str], list[str], list[str]] = ([], [], [])
    for character in text:
        position = DIGITS.find(character)
        pieces: tuple[str, ...]
        if position < 0:  # unknown characters sit on the bottom row, as in Digits
            pieces = (" ", " ", character)
        else:
            pieces = tuple(table[position * 3 + row].ljust(3) for row in range(ROWS))
        for row in range(ROWS):
            rows[row].append(pieces[row])
    return "".join(rows[0]), "".join(rows[1]), "".join(rows[2])


class ClockDigits(FrameStyle):
    """Big digits, centred (or aligned by text-align), repainted only when they change."""

    DEFAULT_CSS = "ClockDigits { height: 3; width: 100%; }"

    value: reactive[str] = reactive("0:00", layout=False, repaint=False)

    def __init__(self, value: str = "0:00", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ClockDigits.value, value)
        self._rows = glyph_rows(value)

    def watch_value(self, value: str) -> None:
        self._rows = glyph_rows(value, bool(self.rich_style.bold))
        self.refresh()  # the same three rows: no layout, and only this widget

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.line_style
        if not 0 <= y < ROWS:
            return Strip.blank(width, style)
        text = self._rows[y]
        align = self.styles.text_align
        free = max(0, width - len(text))
        left = 0 if align in ("left", "start") else free if align in ("right", "end") \
            else free // 2
        # Glyphs and padding as separate segments, as Digits draws them: an SVG screenshot
        # stretches each run of text to its cell count, and padded glyphs come out skewed.
        glyphs = Segment(text, style + GLYPH_META)
        return Strip([Segment(" " * left, style), glyphs]).adjust_cell_length(width, style)
