"""Reading the live screen as a person would: the meeting clock, the rail, the big digits."""

from __future__ import annotations

import re

from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD

from tests.bench.terminal import SIZE

MEETING = re.compile(r"Meeting (\d+(?::\d\d){1,2})")
DEEP_DIVE = re.compile(r"Deep dive hour: (\d+(?::\d\d){1,2}) left")


def seconds_of(text: str) -> int:
    """'1:02:03' or '2:03' as seconds."""
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


def clock_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def found(pattern: re.Pattern[str], screen: str) -> int | None:
    match = pattern.search(screen)
    return seconds_of(match.group(1)) if match else None


def rail_actual(screen: str, title: str) -> int | None:
    """The 'actual' time the agenda rail shows for the current slot (marked ›/▶) *title*."""
    for row in screen.splitlines():
        if title in row and ("›" in row or "▶" in row):
            times = re.findall(r"\b(\d+:\d\d(?::\d\d)?)\b", row.split("▕")[0])
            if len(times) >= 2:
                return seconds_of(times[1])
    return None


def _glyphs(text: str, bold: bool) -> list[str]:
    font = DIGITS3X3_BOLD if bold else DIGITS3X3
    rows = ["", "", ""]
    for char in text:
        at = DIGITS.index(char) * 3
        for r in range(3):
            rows[r] += font[at + r].ljust(3)
    return rows


def shows_digits(screen: str, text: str) -> bool:
    """Whether the screen shows *text* in Textual's big 3x3 digits (either weight)."""
    lines = [row.ljust(SIZE[0] + 3) for row in screen.splitlines()]
    for bold in (False, True):
        top, middle, bottom = _glyphs(text, bold)
        for r in range(len(lines) - 2):
            col = lines[r].find(top)
            while col >= 0:
                if lines[r + 1][col:col + len(middle)] == middle and \
                        lines[r + 2][col:col + len(bottom)] == bottom:
                    return True
                col = lines[r].find(top, col + 1)
    return False


def big_countdown(screen: str, near: int, spread: int = 4) -> int | None:
    """The countdown the big digits show, searched within *spread* s of *near*: seconds
    left, or minus the seconds over (shown as +m:ss in overtime)."""
    for delta in sorted(range(-spread, spread + 1), key=abs):
        value = near + delta
        text = clock_text(value) if value >= 0 else "+" + clock_text(-value)
        if shows_digits(screen, text):
            return value
    return None
