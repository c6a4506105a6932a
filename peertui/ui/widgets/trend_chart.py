"""A small column chart on a fixed scale: one column per meeting, a gap where none.

Textual's Sparkline scales from the data's own lowest to highest value, so ratings of 7 and
9 read as nothing and everything.  A forum's health reads against a fixed scale (1-10, or
0-100%), so this draws each value's height on that scale, with the scale's ends marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from peertui.ui.safe import Part, line

EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN = 3  # cells per meeting, then one blank


def chart_rows(values: Sequence[float | None], low: float, high: float,
               rows: int = 3) -> list[str]:
    """The chart's text rows, top first; a meeting without a value shows '·' at the foot."""
    span = (high - low) or 1.0
    lines: list[str] = []
    for row in range(rows - 1, -1, -1):
        cells: list[str] = []
        for value in values:
            if value is None:
                cells.append((" ·".ljust(COLUMN) if row == 0 else " " * COLUMN) + " ")
                continue
            eighths = round(min(1.0, max(0.0, (value - low) / span)) * rows * 8)
            fill = min(8, max(0, eighths - row * 8))
            if row == 0 and value > low and fill == 0:
                fill = 1  # above the floor shows, however little
            cells.append(EIGHTHS[fill] * COLUMN + " ")
        lines.append("".join(cells).rstrip())
    return lines


class TrendChart(Static):
    """show() it the values oldest first, the scale, and how its ends read."""

    def show(self, values: Sequence[float | None], low: float, high: float,
             labels: tuple[str, str], rows: int = 3) -> None:
        top, bottom = labels
        width = max(len(top), len(bottom))
        body = chart_rows(values, low, high, rows)
        parts: list[Part] = []
        for index, row in enumerate(body):
            mark = top if index == 0 else bottom if index == len(body) - 1 else ""
            parts += ["\n" if parts else "", (f"{mark:>{width}} ┤", "dim"), row]
        self.update(line(*parts) if values else Content(""))
