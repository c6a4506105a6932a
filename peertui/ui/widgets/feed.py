"""The live feed of items saved in this meeting, newest last.

Every item is read whole: its row grows to as many lines as its text needs, wrapped at
word boundaries, after who said it (the named speaker, giver → recipient, owner and due)
and before the segment; Enter opens the selected one on its own (item_reader.py), for a
terminal too small to show a long row.  Saving one item adds one row, deleting one removes
its row; the others are neither measured nor rendered again (the whole table is rebuilt
only for an edit, a renamed member or a new width, where row heights change).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets.data_table import ColumnKey

from peertui.domain.local_time import clock_time
from peertui.domain.minutes import LOCK
from peertui.domain.records import Item
from peertui.domain.text import printable
from peertui.ui.widgets.kept_rows import KeptRowsTable
from peertui.ui.widgets.typed_aside import pass_typing_up

KIND_LABEL = {"note": "note", "recommendation": "rec", "action": "action",
              "decision": "decision", "plus": "plus", "delta": "delta"}
#: Width of the fixed columns: the clock time, and the lock plus the kind.
TIME_WIDTH, KIND_WIDTH = 5, 10


def item_line(item: Item, names: dict[str, str]) -> str:
    """One line of the projector's latest items: newlines flattened."""
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


def who_of(item: Item, names: dict[str, str]) -> str:
    """Whose item it is: the speaker, giver → recipient, or owner and due date."""
    if item.kind == "recommendation":
        giver = names.get(item.giver_id or "", "?")
        return f"{giver} → {names.get(item.recipient_id or '', '?')}"
    if item.kind == "action":
        done = ", done" if item.status == "done" else ""
        return f"{names.get(item.owner_id or '', '?')}, due {item.due or 'no date'}{done}"
    return names.get(item.speaker_id or "", "") if item.speaker_id else ""


def item_cell(item: Item, names: dict[str, str]) -> Text:
    """Who (bold), the whole text, then the segment (dim): wraps at word boundaries."""
    who = printable(who_of(item, names))
    cell = Text()
    if who:
        cell.append(who, style="bold")
        cell.append(": ")
    cell.append(printable(item.text))
    segment = printable(item.segment_title)
    if segment:
        cell.append(f"  ({segment})", style="dim")
    return cell


class Feed(KeptRowsTable[object]):
    """Up and down select an item; Enter reads it whole, ctrl+e edits it, Delete deletes
    it (ctrl+z undoes).  A letter typed here goes to the note box (typed_aside.py)."""

    #: The rows' extent grows at every new item; Textual's reactive lays the whole screen out
    #: for it (a note reached the other screens 130 ms after Enter, tests/bench bar 7).  The
    #: feed's own size never follows its rows: only a scrollbar coming or going needs that.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if new.width != old.width or (new.height > height) != (old.height > height):
            self.refresh(layout=True)  # a scrollbar comes or goes, or the columns moved
        elif self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = new.height

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self._items: list[Item] = []  # what the rows show, in order
        self._names: dict[str, str] = {}
        self._width = 0  # the item column's, as last laid out
        self.zone = ""  # the group's time zone, which the screen sets ("" = this machine's)

    def on_mount(self) -> None:
        self.add_column("time", key="time", width=TIME_WIDTH)
        self.add_column("kind", key="kind", width=KIND_WIDTH)
        self.add_column("item", key="item", width=20)

    def on_key(self, event: events.Key) -> None:
        pass_typing_up(self, event)

    def on_resize(self) -> None:
        if self._fit_columns():
            self._rebuild()
        elif self.row_count and self.cursor_row == self.row_count - 1:
            # following the newest: it stays in view when the feed shrinks (a panel opened
            # above it), as new rows are scrolled to the moment they are measured
            self.call_after_refresh(self._scroll_cursor_into_view)

    def _fit_columns(self) -> bool:
        """The item column takes what is left, so the feed never scrolls sideways; True
        if its width changed (then every row's height may have)."""
        column = self.columns.get(ColumnKey("item"))
        if column is None:
            return False
        fixed = TIME_WIDTH + KIND_WIDTH + 3 * 2 * self.cell_padding
        width = max(10, self.scrollable_content_region.width - fixed - 2)
        if width == self._width:
            return False
        self._width = width
        column.auto_width = False
        column.width = width
        return True

    def show(self, items: Sequence[Item], names: dict[str, str]) -> None:
        """Show *items*: rows of deleted items removed and new ones added, the rest left
        alone, when nothing shown has changed."""
        fitted = self._fit_columns()
        if fitted or names != self._names or not self._drop_deleted(items):
            self._names = dict(names)
            self._items = []
            self._rebuild(items)
            return
        shown = len(self._items)
        following = not self.has_focus or self.cursor_row >= shown - 1
        for item in items[shown:]:
            self._add(item)
        self.measure_new_rows()
        if following and len(items) > shown:
            self.move_cursor(row=len(items) - 1)

    def _drop_deleted(self, items: Sequence[Item]) -> bool:
        """Remove the rows of items no longer there; False if a kept one has changed (an
        edit: its row height may change, so the caller builds the rows again)."""
        wanted = {item.id for item in items}
        kept = [item for item in self._items if item.id in wanted]
        if list(items[:len(kept)]) != kept:
            return False
        for item in self._items:
            if item.id not in wanted:
                self.remove_row(item.id)
        self._items = kept
        return True

    def _rebuild(self, items: Sequence[Item] | None = None) -> None:
        """Every row again, the cursor kept on the same place (on the newest at first)."""
        items = list(self._items if items is None else items)
        selected = self.cursor_row if self._items else len(items) - 1
        self.clear()
        self._items = []
        for item in items:
            self._add(item)
        self.measure_new_rows()
        if items:
            self.move_cursor(row=min(max(selected, 0), len(items) - 1))

    def selected_item(self) -> Item | None:
        """The item under the cursor, as shown."""
        if not 0 <= self.cursor_row < len(self._items):
            return None
        return self._items[self.cursor_row]

    def _add(self, item: Item) -> None:
        lock = LOCK if item.private else ""
        kind = KIND_LABEL.get(item.kind, "note")
        self.add_row(clock_time(item.at, self.zone, unknown="--:--"), Text(lock + kind),
                     item_cell(item, self._names), key=item.id, height=None)
        self._items.append(item)

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None
