"""A "terminal too small" notice laid over any screen that cannot fit its terminal.

Squeezed below a certain size a screen clips its clock or note box and looks broken; a plain
notice saying what size it needs is clearer.  The app calls :func:`fit_screen` on every resize
and screen change; a screen may declare ``MIN_SIZE = (columns, rows)``, else the table below
applies.  The screen underneath keeps running (the clock, a note being typed), untouched.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

DEFAULT_MIN = (40, 12)
BY = " \u00d7 "  # the multiplication sign, as a terminal size is written
MIN_SIZES: dict[str, tuple[int, int]] = {
    "WelcomeScreen": (60, 20),
    "HomeScreen": (70, 18),
    "SetupScreen": (80, 20),
}


def min_size(screen: Screen[object]) -> tuple[int, int]:
    """The smallest (columns, rows) at which *screen* is usable."""
    declared = getattr(screen, "MIN_SIZE", None)
    if declared:
        return int(declared[0]), int(declared[1])
    return MIN_SIZES.get(type(screen).__name__, DEFAULT_MIN)


def notice_text(need: tuple[int, int], size: Size) -> str:
    return (f"Terminal too small\n\nThis screen needs at least {need[0]}{BY}{need[1]};\n"
            f"this terminal is {size.width}{BY}{size.height}.\n\n"
            "Make the window bigger or the font smaller.")


class TooSmall(Static):
    """Covers the screen while the terminal is below the screen's minimum size."""


def fit_screen(screen: Screen[object], size: Size) -> bool:
    """Show or hide the notice on *screen* for a terminal of *size*; True when it fits."""
    need = min_size(screen)
    fits = size.width >= need[0] and size.height >= need[1]
    notices = list(screen.query_children(TooSmall))
    if fits:
        for notice in notices:
            notice.display = False
        screen.remove_class("-too-small")
        return True
    screen.add_class("-too-small")
    if notices:
        notices[0].update(notice_text(need, size))
        notices[0].display = True
    else:
        screen.mount(TooSmall(notice_text(need, size), id="too-small"))
    return False
