"""Digits as big as the terminal allows: Textual's Digits when small, block glyphs when wide
(the projector's BigClock, and the live screen's ScalingDigits).

The block font is 5x7 pixels drawn with half blocks (one column by half a row is roughly
square), scaled by a whole factor so the strokes stay even.  The scale is chosen from a
template of the text with every digit as 0, so it does not jump when 10:00 becomes 9:59.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits, Static

from peertui.ui.widgets.clock_digits import ROWS, ClockDigits, glyph_rows

FONT: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "# #  ", "  #  ", "  #  ", "  #  ", "#####"),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    ":": ("  ", "##", "##", "  ", "##", "##", "  "),
    "+": ("     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    " ": ("   ",) * 7,
}
GLYPH_ROWS = 7
MIN_BLOCK_SCALE = 2  # below this, Textual's Digits looks better


def template_of(text: str) -> str:
    """The text with every digit as 0, at least as wide as '00:00'."""
    shape = re.sub(r"\d", "0", text)
    return shape if len(shape) >= 5 else shape.rjust(5, "0")


def pixel_width(text: str) -> int:
    glyphs = [FONT.get(ch, FONT[" "]) for ch in text]
    return sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)


def block_scale(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits in width x height cells."""
    wide = pixel_width(template_of(text))
    if wide == 0:
        return 0
    return max(0, min(width // wide, (2 * height) // GLYPH_ROWS))


def render_blocks(text: str, scale: int) -> list[str]:
    """The text as lines of half-block characters, `scale` cells per font pixel."""
    glyphs = [FONT.get(ch, FONT[" "]) for ch in text]
    pixels = ["" for _ in range(GLYPH_ROWS)]
    for n, glyph in enumerate(glyphs):
        for row in range(GLYPH_ROWS):
            pixels[row] += ("" if n == 0 else " ") + glyph[row]
    half_rows = GLYPH_ROWS * scale
    width = len(pixels[0]) * scale

    def lit(half_row: int, column: int) -> bool:
        return half_row < half_rows and pixels[half_row // scale][column // scale] == "#"

    lines = []
    for row in range((half_rows + 1) // 2):
        line = []
        for column in range(width):
            top, bottom = lit(2 * row, column), lit(2 * row + 1, column)
            line.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
        lines.append("".join(line))
    return lines


@lru_cache(maxsize=64)
def _blocks(text: str, scale: int) -> tuple[str, ...]:
    return tuple(render_blocks(text, scale)) if scale >= 1 else (text,)


class BlockDigits(Widget):
    """The huge rendering, centred line by line as Strips so no glyph row is ever re-aligned."""

    text: reactive[str] = reactive("")

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        lines = _blocks(self.text, block_scale(self.text, width, height))
        top = max(0, (height - len(lines)) // 2)
        row = y - top
        text = lines[row] if 0 <= row < len(lines) else ""
        left = max(0, (width - len(text)) // 2)
        line = (" " * left + text)[:width].ljust(width)
        return Strip([Segment(line, self.rich_style)], width)


class BigClock(Widget):
    """Shows `text` as large as fits: block glyphs, Digits, or plain text as a last resort."""

    text: reactive[str] = reactive("0:00")
    mode: reactive[str] = reactive("digits", init=False)

    def compose(self) -> ComposeResult:
        yield BlockDigits(id="clock-blocks")
        yield Digits(self.text, id="clock-digits")
        yield Static(self.text, id="clock-plain")

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def watch_text(self, text: str) -> None:
        if not self.is_mounted:
            return
        self.query_one(BlockDigits).text = text
        self.query_one(Digits).update(text)
        self.query_one("#clock-plain", Static).update(text)
        self._fit()

    def _fit(self) -> None:
        width, height = self.size.width, self.size.height
        if block_scale(self.text, width, height) >= MIN_BLOCK_SCALE:
            self.mode = "blocks"
        elif height >= 3 and width >= 3 * len(template_of(self.text)):
            self.mode = "digits"
        else:
            self.mode = "plain"
        self.query_one(BlockDigits).text = self.text
        for name in ("blocks", "digits", "plain"):
            self.query_one(f"#clock-{name}").display = self.mode == name


CLOCK_SHARE = 4  # the countdown takes up to a quarter of the terminal's rows


@lru_cache(maxsize=256)
def _glyph_blocks(character: str, scale: int) -> tuple[str, ...]:
    return tuple(render_blocks(character, scale))


def blocks_of(text: str, scale: int) -> tuple[str, ...]:
    """render_blocks(text, scale), joined from cached glyphs: a new second costs a join."""
    glyphs = [_glyph_blocks(ch if ch in FONT else " ", scale) for ch in text]
    gap = " " * scale  # the one-pixel gap render_blocks leaves between glyphs
    return tuple(gap.join(rows) for rows in zip(*glyphs, strict=True))


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
        before, after = blocks_of(old, scale), blocks_of(value, scale)
        columns = [x for line_before, line_after in zip(before, after, strict=True)
                   for x in range(len(line_after)) if line_before[x] != line_after[x]]
        if not columns:
            return []
        left = max(0, (width - len(after[0])) // 2)
        return [Region(left + min(columns), 0, max(columns) - min(columns) + 1, len(after))]

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
