"""Every action item of every meeting: open and overdue first, filter by owner and status.

ctrl+d marks done (again reopens), ctrl+r reassigns, ctrl+u changes the due date, Enter
offers the same and opening the item's meeting (ActionTable); each change is kept
in the item's history, shown under the table for the selected item.  A meeting whose file
cannot be read is named above the table; the items of every other meeting are listed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Label, Select, Static
from textual.worker import get_current_worker

from peertui.domain.models import Group
from peertui.domain.text import printable
from peertui.services.actions import ActionRow, describe_change, list_actions
from peertui.services.search import index_for
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.router import open_view
from peertui.ui.widgets.action_table import ACTIONS as TABLE_KEYS
from peertui.ui.widgets.action_table import ActionTable
from peertui.ui.widgets.damaged_line import DamagedLine, unreadable_meetings
from peertui.ui.widgets.fitted_footer import FittedFooter

DISPLAY_LIMIT = 300
STATUS_CHOICES = [("Open", "open"), ("Done", "done"), ("All", "all")]
TABLE_ACTIONS = frozenset({"toggle_done", "reassign", "change_due"})


class ActionsScreen(PeerScreen[None]):
    # The table's own keys (ActionTable.ACTIONS, in the footer while it has the focus),
    # listed here too, hidden, so the palette offers them with their keys; they apply only
    # while the table has the focus (check_action), as the keys themselves do.
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        *(replace(entry, id=f"actions-{entry.id}", show=False) for entry in TABLE_KEYS
          if entry.name in TABLE_ACTIONS),
        ScreenAction("actions-open", "", "open_meeting", "Open meeting",
                     palette_title="Open the meeting the item came from",
                     help="also in the item's menu (Enter)"),
        ScreenAction("actions-filter", "f", "focus_filters", "Filter",
                     palette_title="Filter by owner or status"),
        ScreenAction("actions-back", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, owner_id: str | None = None, status: str = "open") -> None:
        super().__init__()
        self.owner_id = owner_id
        self.status = status

    def compose(self) -> ComposeResult:
        group = self.group
        members = [(Text(m.name), m.id) for m in group.members] if group else []
        yield Header()
        with Horizontal(id="actions-filters"):
            yield Label("Owner", classes="filter-label")
            yield Select[str](members, prompt="Everyone", id="actions-owner",
                              value=self.owner_id if self.owner_id else Select.NULL)
            yield Label("Status", classes="filter-label")
            yield Select[str](STATUS_CHOICES, value=self.status, allow_blank=False,
                              id="actions-status")
        yield Label("Reading the action items…", id="actions-summary", classes="section")
        yield DamagedLine(id="actions-damaged")
        yield ActionTable(opens_meeting=True, id="actions-table")
        yield Static("", id="actions-history", markup=False)
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(ActionTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Re-list in a thread: years of meetings are read there, never on the UI thread."""
        group = self.group
        if group is None:
            return
        self.sub_title = f"{group.name} · action items"
        status = None if self.status == "all" else self.status
        self._load(group, status, self.owner_id, self.today)

    @work(thread=True, exclusive=True, group="actions-list")
    def _load(self, group: Group, status: str | None, owner_id: str | None, today: date) -> None:
        store = self.store
        try:
            rows = list_actions(store, group.id, status=status, owner_id=owner_id,
                                today=today)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        # Left out of the list (the store's listing) or failed to read after it (the index).
        damaged = unreadable_meetings(store, list(index_for(store).unreadable.values()))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, group, rows, today, damaged)

    def _show(self, group: Group, rows: list[ActionRow], today: date,
              damaged: list[StoreError]) -> None:
        if not self.is_attached:
            return
        self.query_one(DamagedLine).show_errors(damaged, self.store.root)
        shown = rows[:DISPLAY_LIMIT]
        table = self.query_one(ActionTable)
        table.show(shown, group.names, today)
        open_rows = [r for r in rows if r.status == "open"]
        overdue = sum(1 for r in open_rows if r.overdue(today))
        who = f" for {group.name_of(self.owner_id)}" if self.owner_id else ""
        more = f" (showing the first {DISPLAY_LIMIT}: filter by owner)" \
            if len(rows) > DISPLAY_LIMIT else ""
        self.query_one("#actions-summary", Label).update(Content(
            f"{len(rows)} item{'s' if len(rows) != 1 else ''}{who}: {len(open_rows)} open, "
            f"{overdue} overdue{more}  ·  Enter: what to do with the selected item"))
        self._show_history()

    @on(Select.Changed, "#actions-owner")
    def _owner_changed(self, event: Select.Changed) -> None:
        self.owner_id = event.value if isinstance(event.value, str) else None
        self.refresh_view()

    @on(Select.Changed, "#actions-status")
    def _status_changed(self, event: Select.Changed) -> None:
        self.status = str(event.value)
        self.refresh_view()

    @on(ActionTable.Changed)
    def _changed(self, event: ActionTable.Changed) -> None:
        self.refresh_view()
        self.notify(f"“{printable(event.row.item.text[:40])}” {event.what}.", markup=False)

    @on(DataTable.RowSelected, "#actions-table")
    def _selected(self) -> None:
        """A click on the selected row opens its meeting, as it always did."""
        self.action_open_meeting()

    @on(ActionTable.OpenMeeting)
    def _open_from_menu(self, event: ActionTable.OpenMeeting) -> None:
        open_view(self.app, "meeting", meeting_id=event.row.meeting_id, item_id=event.row.id)

    @on(DataTable.RowHighlighted, "#actions-table")
    def _highlighted(self) -> None:
        self._show_history()

    def _show_history(self) -> None:
        row = self.query_one(ActionTable).selected()
        panel = self.query_one("#actions-history", Static)
        if row is None:
            panel.update("No action items match these filters.")
            return
        group = self.group
        names = group.names if group else {}
        item = row.item
        lines = [f"From the meeting of {row.meeting_date} · {item.segment_title}"
                 + (f" · asked as '{item.due_text}'" if item.due_text else "")]
        lines += [describe_change(entry, names)
                  for entry in item.history[-4:]] or ["No changes yet."]
        panel.update("\n".join(lines))

    def action_open_meeting(self) -> None:
        row = self.query_one(ActionTable).selected()
        if row is not None:
            open_view(self.app, "meeting", meeting_id=row.meeting_id, item_id=row.id)

    def action_focus_filters(self) -> None:
        self.query_one("#actions-owner", Select).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TABLE_ACTIONS:
            return isinstance(self.focused, ActionTable)
        return True

    def action_toggle_done(self) -> None:
        self.query_one(ActionTable).action_toggle_done()

    def action_reassign(self) -> None:
        self.query_one(ActionTable).action_reassign()

    def action_change_due(self) -> None:
        self.query_one(ActionTable).action_change_due()
