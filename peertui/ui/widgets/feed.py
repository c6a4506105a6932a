"""The live feed of items saved in this meeting, newest last."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from peertui.domain.minutes import LOCK
from peertui.domain.records import Item
from peertui.domain.text import printable
from peertui.domain.timesource import from_iso

KIND_LABEL = {"note": "note", "recommendation": "rec", "action": "action",
              "decision": "decision"}


def _clock_time(iso: str) -> str:
    """'16:05' in local time; '--:--' for a stamp that cannot be read (a hand-edited file)."""
    try:
        return datetime.fromtimestamp(from_iso(iso)).strftime("%H:%M")
    except (ValueError, OverflowError, OSError):
        return "--:--"


def item_line(item: Item, names: dict[str, str]) -> str:
    """One line of the feed (and of the projector's latest items): newlines flattened."""
    kind = item.kind
    text = printable(item.text)
    if kind == "recommendation":
        giver = names.get(item.giver_id or "", "?")
        recipient = names.get(item.recipient_id or "", "?")
        return f"{giver} → {recipient}: {text}"
    if kind == "action":
        owner = names.get(item.owner_id or "", "?")
        due = item.due or "no date"
        status = " ✓" if item.status == "done" else ""
        return f"{owner}, due {due}{status}: {text}"
    return text


class Feed(DataTable[object]):
    """Select a row, then e edits, d deletes (ctrl+z undoes)."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("time", key="time", width=5)
        self.add_column("kind", key="kind", width=8)
        self.add_column("segment", key="segment", width=14)
        self.add_column("item", key="item")

    def on_resize(self) -> None:
        self._fit_item_column()

    def _fit_item_column(self) -> None:
        """The item column takes what is left, so the feed never scrolls sideways."""
        column = self.columns.get(ColumnKey("item"))
        if column is None:
            return
        fixed = sum(c.get_render_width(self) for k, c in self.columns.items() if k != "item")
        column.auto_width = False
        column.width = max(10, self.scrollable_content_region.width - fixed - 2)
        self.refresh()

    def show(self, items: Sequence[Item], names: dict[str, str]) -> None:
        selected = self.cursor_row
        self.clear()
        self._fit_item_column()
        for item in items:
            at = _clock_time(item.at)
            kind = KIND_LABEL.get(item.kind, "note")
            lock = LOCK if item.private else ""
            line = item_line(item, names)
            self.add_row(at, Text(lock + kind), Text(item.segment_title, overflow="ellipsis"),
                         Text(line[:300], overflow="ellipsis"), key=item.id)
        if items:
            self.move_cursor(row=min(max(selected, 0), len(items) - 1))

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None
