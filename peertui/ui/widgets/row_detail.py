"""A table's highlighted row in full, on lines of its own under the table.

Table columns cut what does not fit; this line shows every cell of the row, wrapped, so
nothing in a table is unreadable at any width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from peertui.domain.roster import counted

__all__ = ["RowDetail", "counted"]


class RowDetail(Static):
    """Shown only while there is a row to show (set by the screen that owns the table)."""

    DEFAULT_CLASSES = "row-detail"

    def show_cells(self, cells: Sequence[object]) -> None:
        words = [" ".join(str(cell).split()) for cell in cells]
        shown = " · ".join(word for word in words if word)
        self.update(Text(shown))
        self.set_class(bool(shown), "-shown")
