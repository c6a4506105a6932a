"""Reading the live screen as a person would: the meeting time, the rail, the big digits.

Only the big countdown shows seconds; the meeting time, the rail's running row and the
deep-dive hour show whole minutes ('<1 min', '12 min', '1 h 5 min', or '1:05 h' in the rail).
"""

from __future__ import annotations

import re

from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD

from tests.bench.terminal import SIZE

_MINUTES = r"<1 min|\d+ min|\d+ h(?: \d+ min)?|\d+:\d\d h"
MEETING = re.compile(rf"Meeting ({_MINUTES})")
DEEP_DIVE = re.compile(rf"Deep dive hour: ((?:{_MINUTES}) left|time is up)")
TIME_IS_UP = -1


def clock_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_of(text: str) -> int:
    """'<1 min' 0, '12 min' 12, '1 h' 60, '1 h 5 min' 65, '1:05 h' 65; 'time is up' -1."""
    text = text.removesuffix(" left")
    if text == "time is up":
        return TIME_IS_UP
    if text == "<1 min":
        return 0
    if text.endswith(" h") and ":" in text:
        hours, minutes = text[:-2].split(":")
        return int(hours) * 60 + int(minutes)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return numbers[0] * 60 + (numbers[1] if len(numbers) > 1 else 0) if " h" in text \
        else numbers[0]


def found(pattern: re.Pattern[str], screen: str) -> int | None:
    """Whole minutes shown by the first match of *pattern* (see minutes_of)."""
    match = pattern.search(screen)
    return minutes_of(match.group(1)) if match else None


def rail_actual(screen: str, title: str) -> int | None:
    """Whole minutes the agenda rail shows as taken by the running slot (marked ›/▶) *title*."""
    for row in screen.splitlines():
        if title in row and ("›" in row or "▶" in row):
            taken = re.search(rf"({_MINUTES})\s*$", row.split("▕")[0].rstrip())
            if taken:
                return minutes_of(taken.group(1))
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
