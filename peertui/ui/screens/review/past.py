"""Review: the group's past meetings in a sortable table; Enter opens one.

From here: / searches every meeting's notes, o works the action items, x exports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Header, Label

from peertui.domain.minutes import actual_seconds
from peertui.domain.models import Group
from peertui.domain.records import MeetingSummary
from peertui.domain.text import printable
from peertui.store.listing import behind, folder_token
from peertui.store.records import StatKey
from peertui.store.watch import StoreChange
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.dialogs import ExportDialog
from peertui.ui.screens.review.router import open_view
from peertui.ui.screens.review.search import WARM_DELAY, warm_index
from peertui.ui.widgets.damaged_line import DamagedLine, unreadable_meetings
from peertui.ui.widgets.fitted_footer import FittedFooter

SortKey = str | int | float
POLL_SECONDS = 2.0  # where the store cannot be watched: how soon a change elsewhere shows
COLUMNS: list[tuple[str, str, int, Callable[[MeetingSummary, Group], SortKey]]] = [
    ("date", "Date", 10, lambda m, g: m.date),
    ("presenter", "Presenter", 13, lambda m, g: g.name_of(m.presenter_id).lower()),
    ("topic", "Topic", 28, lambda m, g: m.topic.lower()),
    ("present", "Attended", 18, lambda m, g: len(m.present)),
    ("planned", "Planned", 7, lambda m, g: m.planned_minutes),
    ("actual", "Actual", 7, lambda m, g: actual_seconds(m) or 0),
    ("notes", "Notes", 5, lambda m, g: m.counts.get("note", 0)),
    ("recs", "Recs", 4, lambda m, g: m.counts.get("recommendation", 0)),
    ("actions", "Actions", 7, lambda m, g: m.counts.get("action", 0)),
]


def short_length(seconds: float | None) -> str:
    """'2h 28m' or '45m': fits a narrow column."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def attended(meeting: MeetingSummary, group: Group) -> str:
    """'8: Art, Priya, Tom, …': how many and who, by first name."""
    present = meeting.present
    firsts = [group.name_of(m, "?").split()[0] for m in present]
    shown = ", ".join(firsts[:4]) + (", …" if len(firsts) > 4 else "")
    return f"{len(present)}: {shown}" if present else "—"


class ReviewScreen(PeerScreen[None]):
    """Past meetings, newest first; s sorts by the next column, S reverses."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("review-open", "enter", "open_meeting", "Open",
                     palette_title="Open the selected meeting",
                     help="Minutes, timing, recommendations, actions"),
        ScreenAction("review-search", "slash", "search", "Search",
                     palette_title="Search every meeting's notes",
                     help="Free text with member, kind and date filters"),
        ScreenAction("review-actions", "o", "actions", "Action items",
                     palette_title="Action items across meetings",
                     help="Overdue first; mark done, reassign, re-date"),
        ScreenAction("review-export", "x", "export", "Export",
                     palette_title="Export the selected meeting",
                     help="Minutes, action items, JSON or next meeting"),
        ScreenAction("review-sort", "s", "sort_next", "Sort",
                     palette_title="Sort by the next column"),
        ScreenAction("review-reverse", "S", "reverse", "Reverse", show=False,
                     palette_title="Reverse the order"),
        ScreenAction("review-back", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = 0
        self.newest_first = True
        self.meetings: list[MeetingSummary] = []
        self._seen: tuple[StatKey, ...] = ()
        self._folder: StatKey = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Past meetings (Enter opens, s sorts, / searches, o action items, x exports)",
                    classes="section", id="review-title")
        yield DamagedLine(id="review-damaged")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        for key, title, width, _ in COLUMNS:
            table.add_column(title, key=key, width=width)
        self.refresh_view()
        table.focus()
        self.set_timer(WARM_DELAY, lambda: warm_index(self))
        watch = self.peer.store_watch
        watch.subscribe(self, self._store_changed)
        watch.poll_every(self, POLL_SECONDS, self._follow_changes)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def _index_token(self) -> tuple[StatKey, ...]:
        """The index's part of the store's change token (it comes first): the notes of a
        meeting in progress elsewhere change the rest, and that meeting is not listed here."""
        return self.store.change_token()[:1]

    def _changed(self) -> bool:
        """Whether the list is behind the store: the index changed (a meeting ended, the
        group renamed), or a listed meeting's file is not the one its counts came from (an
        item added, edited or deleted after the end, here or in another terminal).  The
        files are listed only when the folder changed: one stat a poll while nothing does
        (listing 600 meeting files costs 5-8 ms)."""
        store = self.store
        if self._index_token() != self._seen:
            return True
        folder = folder_token(store.root)
        if folder == self._folder:
            return False
        if behind(store.root, self.meetings):
            return True  # refresh_view notes the folder as it is before it lists again
        self._folder = folder  # a lease's heartbeat, a meeting in progress: nothing listed
        return False

    def _store_changed(self, change: StoreChange) -> None:
        if change.touches_index() or change.any_meeting:
            self._follow_changes()

    def _follow_changes(self) -> None:
        if self.is_current and self._changed():
            self.refresh_view()

    def refresh_view(self) -> None:
        group = self.group
        if group is None:
            return
        self.sub_title = f"{group.name} · past meetings"
        store = self.store
        self._seen = self._index_token()  # before the listing: a change after it is seen
        self._folder = folder_token(store.root)
        self.meetings = [m for m in store.meetings(group.id) if m.status == "ended"]
        # A meeting whose file cannot be read is left out of the list, and named here.
        self.query_one(DamagedLine).show_errors(unreadable_meetings(store), store.root)
        self._fill(group)

    def _fill(self, group: Group) -> None:
        table = self.query_one("#review-table", DataTable)
        selected = self.selected_id()
        _key, title, _width, value = COLUMNS[self.sort_column]
        ordered = sorted(self.meetings, key=lambda m: (value(m, group), m.date),
                         reverse=self.newest_first)
        table.clear()
        for meeting in ordered:
            counts = meeting.counts
            table.add_row(
                meeting.date, Text(group.name_of(meeting.presenter_id)),
                Text(printable(meeting.topic), overflow="ellipsis"),
                Text(attended(meeting, group), overflow="ellipsis"),
                short_length(meeting.planned_minutes * 60),
                short_length(actual_seconds(meeting)), counts.get("note", 0),
                counts.get("recommendation", 0), counts.get("action", 0), key=meeting.id)
        arrow = "↓" if self.newest_first else "↑"
        self.query_one("#review-title", Label).update(
            f"Past meetings ({len(ordered)}), sorted by {title.lower()} {arrow}  ·  Enter opens, "
            "s sorts, / searches, o action items, x exports")
        ids = [m.id for m in ordered]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        if not ordered:
            self.query_one("#review-title", Label).update(
                "No past meetings yet: they appear here once a meeting has ended.")

    def selected_id(self) -> str | None:
        table = self.query_one("#review-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected, "#review-table")
    def _row_chosen(self) -> None:
        self.action_open_meeting()

    @on(DataTable.HeaderSelected, "#review-table")
    def _header_chosen(self, event: DataTable.HeaderSelected) -> None:
        index = event.column_index
        if index == self.sort_column:
            self.newest_first = not self.newest_first
        else:
            self.sort_column, self.newest_first = index, True
        group = self.group
        if group is not None:
            self._fill(group)

    def action_open_meeting(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            self.notify("No past meeting to open yet.")
            return
        open_view(self.app, "meeting", meeting_id=meeting_id)

    def action_search(self) -> None:
        open_view(self.app, "search")

    def action_actions(self) -> None:
        open_view(self.app, "actions")

    def action_export(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            self.notify("No past meeting to export yet.")
            return
        day = next((m.date for m in self.meetings if m.id == meeting_id), "")

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8, markup=False)

        self.app.push_screen(ExportDialog(meeting_id, day), done)

    def action_sort_next(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.newest_first = True
        group = self.group
        if group is not None:
            self._fill(group)

    def action_reverse(self) -> None:
        self.newest_first = not self.newest_first
        group = self.group
        if group is not None:
            self._fill(group)
