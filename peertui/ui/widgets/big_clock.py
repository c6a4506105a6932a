"""Digits as big as the terminal allows: Textual's Digits when small, block glyphs when wide.

The block font is 5x7 pixels drawn with half blocks (one column by half a row is roughly
square), scaled by a whole factor so the strokes stay even.  The scale is chosen from a
template of the text with every digit as 0, so it does not jump when 10:00 becomes 9:59.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from textual.app import ComposeResult
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits, Static

from peertui.ui.widgets.frame_style import FrameStyle
from peertui.ui.widgets.steady import update_steady

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


@lru_cache(maxsize=256)
def _glyph_blocks(character: str, scale: int) -> tuple[str, ...]:
    return tuple(render_blocks(character, scale))


def blocks_of(text: str, scale: int) -> tuple[str, ...]:
    """render_blocks(text, scale), joined from cached glyphs: a new second costs a join, not
    a rendering of every pixel."""
    glyphs = [_glyph_blocks(ch if ch in FONT else " ", scale) for ch in text]
    if not glyphs:
        return tuple(render_blocks(text, scale))
    gap = " " * scale  # the one-pixel gap render_blocks leaves between glyphs
    return tuple(gap.join(rows) for rows in zip(*glyphs, strict=True))


@lru_cache(maxsize=4)  # this second's and the last: a frame asks for them once a line
def _blocks(text: str, scale: int) -> tuple[str, ...]:
    return blocks_of(text, scale) if scale >= 1 else (text,)


def changed_columns(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[int, int] | None:
    """The first and last column where two renderings of the same shape differ (mostly
    the last digit's), or None where nothing differs."""
    columns = [x for line_before, line_after in zip(before, after, strict=True)
               for x in range(min(len(line_before), len(line_after)))
               if line_before[x] != line_after[x]]
    return (min(columns), max(columns)) if columns else None


class BlockDigits(FrameStyle):
    """The huge rendering, centred line by line as Strips so no glyph row is ever re-aligned.

    A new second repaints only the glyph rows and columns that changed, not the blank rows
    around them: the projector's idle CPU is measured (tests/bench bar 8)."""

    text: reactive[str] = reactive("", repaint=False)

    def _layout(self, text: str) -> tuple[tuple[str, ...], int, int]:
        """The glyph lines of *text* at this size, and their top row and left column."""
        width, height = self.size.width, self.size.height
        lines = _blocks(text, block_scale(text, width, height))
        return lines, max(0, (height - len(lines)) // 2), max(0, (width - len(lines[0])) // 2)

    def watch_text(self, old: str, text: str) -> None:
        before, top, left = self._layout(old)
        after, new_top, new_left = self._layout(text)
        if (top, left, len(before), len(before[0])) != (new_top, new_left, len(after),
                                                        len(after[0])):
            self.refresh()  # another shape ("10:00" to "9:59"): every glyph moves
            return
        span = changed_columns(before, after)
        if span is not None:
            first, last = span
            self.refresh(Region(left + first, top, last - first + 1, len(after)))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines, top, _ = self._layout(self.text)
        row = y - top
        text = lines[row] if 0 <= row < len(lines) else ""
        left = max(0, (width - len(text)) // 2)
        line = (" " * left + text)[:width].ljust(width)
        return Strip([Segment(line, self.line_style)], width)


class BigClock(Widget):
    """Shows `text` as large as fits: block glyphs, Digits, or plain text as a last resort."""

    text: reactive[str] = reactive("0:00", repaint=False)  # its renderings repaint themselves
    mode: reactive[str] = reactive("digits", init=False)
    _shown_mode = ""  # the rendering on display, so a second does not set all three again

    def compose(self) -> ComposeResult:
        yield BlockDigits(id="clock-blocks")
        yield Digits(self.text, id="clock-digits")
        yield Static(self.text, id="clock-plain")

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def watch_text(self, text: str) -> None:
        if self.is_mounted:
            self._fit()

    def _fit(self) -> None:
        width, height = self.size.width, self.size.height
        if block_scale(self.text, width, height) >= MIN_BLOCK_SCALE:
            self.mode = "blocks"
        elif height >= 3 and width >= 3 * len(template_of(self.text)):
            self.mode = "digits"
        else:
            self.mode = "plain"
        # only the rendering shown follows the text: a hidden Digits or Static still lays the
        # whole projector out when its words change width (bench bar 8: once a second)
        if self.mode == "blocks":
            self.query_one(BlockDigits).text = self.text
        elif self.mode == "digits":
            self.query_one(Digits).update(self.text)
        else:
            update_steady(self.query_one("#clock-plain", Static), self.text)
        if self.mode != self._shown_mode:
            self._shown_mode = self.mode
            for name in ("blocks", "digits", "plain"):
                self.query_one(f"#clock-{name}").display = self.mode == name
