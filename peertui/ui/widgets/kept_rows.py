"""A row-cursor DataTable that renders a row once and keeps it while the row stays the same.

DataTable keys its render caches on a count that every added row bumps, so one new row
renders every visible row again, each line asking three times for styles that walk every
ancestor.  On the live feed that was 15-70 ms a note in each follower, most of a note's way
to the other screens (tests/bench bar 7).  Here a row's cells and lines are kept for as long
as its place, height, widths, look and cursor state stay, and the table's own style is read
once a frame instead of once a line.

The rule that makes keeping safe: cells never change in place.  update_cell forgets what
was kept; anything else that changes a row (an edit) rebuilds the table with clear().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from peertui.ui.widgets.frame_style import FrameStyle

Lines = list[list[Segment]]
RowLines = tuple[Lines, Lines]
T = TypeVar("T")


class KeptRowsTable(DataTable[CellType], FrameStyle):
    """DataTable with cursor_type="row" whose rendered rows outlive an added row."""

    def __init__(self, **kwargs: Any) -> None:
        # before DataTable's own __init__, which may already clear caches
        self._kept_cells: LRUCache[tuple[object, ...], Lines] = LRUCache(4000)
        self._kept_lines: LRUCache[tuple[object, ...], RowLines] = LRUCache(2000)
        self._frame_widths: tuple[int, ...] = ()
        super().__init__(**kwargs)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_widths = (self.size.width,
                              *(column.get_render_width(self) for column in self.ordered_columns))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """DataTable.render_line, with the style read once for the frame."""
        if not self.in_frame:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        fixed = sum(self.get_row_height(self._row_locations.get_key(index) or RowKey())
                    for index in range(self.fixed_rows))
        if self.show_header:
            fixed += self.get_row_height(self._header_row_key)
        if y >= fixed:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self.line_style)

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate
                            ) -> RowLines:
        if not self.in_frame or self.cursor_type != "row":
            return super()._render_line_in_row(row_key, line_no, base_style,
                                               cursor_location, hover_location)
        index = self._row_locations.get(row_key)
        row_index = -1 if index is None else index
        key = (row_key, row_index, line_no, self.get_row_height(row_key), base_style,
               cursor_location.row == row_index, hover_location.row == row_index,
               self.show_cursor, self._show_hover_cursor, self._pseudo_class_state,
               self.show_row_labels, self._labelled_row_exists, self._frame_widths)
        return self._kept(self._kept_lines, key, lambda: super(
            KeptRowsTable, self)._render_line_in_row(row_key, line_no, base_style,
                                                     cursor_location, hover_location))

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> Lines:
        row_key = (self._header_row_key if row_index == -1
                   else self._row_locations.get_key(row_index))
        height = (self.header_height if row_index == -1
                  else self.rows[row_key].height if row_key in self.rows else 0)
        if height == 0:  # not measured yet: DataTable measures the row with this very call
            return super()._render_cell(row_index, column_index, base_style, width,
                                        cursor, hover)
        key = (row_key, row_index, column_index, height, base_style, width, cursor, hover,
               self._show_hover_cursor, self._pseudo_class_state)
        return self._kept(self._kept_cells, key, lambda: super(
            KeptRowsTable, self)._render_cell(row_index, column_index, base_style, width,
                                              cursor, hover))

    @staticmethod
    def _kept(cache: LRUCache[tuple[object, ...], T], key: tuple[object, ...],
              render: Callable[[], T]) -> T:
        found = cache.get(key)
        if found is None:
            found = render()
            cache[key] = found
        return found

    def measure_new_rows(self) -> None:
        """Measure the rows just added now rather than at the next idle (as DataTable's
        _on_idle would): a cursor moved to the newest row then scrolls in the same frame
        that draws it.  Else the new row is drawn below the view one frame and scrolled
        into it the next, 20-50 ms later on a follower (tests/bench bar 7)."""
        if self._updated_cells:
            updated, self._updated_cells = self._updated_cells, set()
            self._update_column_widths(updated)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows, self._new_rows = self._new_rows, set()
            self._update_dimensions(new_rows)

    def _forget(self) -> None:
        self._kept_cells.clear()
        self._kept_lines.clear()

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._forget()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType,
                    *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, value, update_width=update_width)
        self._forget()
