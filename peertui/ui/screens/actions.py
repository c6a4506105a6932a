"""Every action item of every meeting: open and overdue first, filter by owner and status.

Space marks done (again reopens), o reassigns, u changes the due date; each change is kept
in the item's history, shown under the table for the selected item.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Select, Static
from textual.worker import get_current_worker

from peertui.domain.models import Group
from peertui.services.actions import ActionRow, describe_change, list_actions
from peertui.store import StoreError
from peertui.ui.widgets.action_table import ActionTable

DISPLAY_LIMIT = 300
STATUS_CHOICES = [("Open", "open"), ("Done", "done"), ("All", "all")]


class ActionsScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open_meeting", "Open meeting", id="actions-open"),
        Binding("f", "focus_filters", "Filter", id="actions-filter"),
        Binding("escape", "app.pop_screen", "Back", id="actions-back"),
    ]
    PALETTE = [
        ("Mark the selected item done or open again", "toggle_done", "space"),
        ("Reassign the selected item", "reassign", "o"),
        ("Change the selected item's due date", "change_due", "u"),
        ("Open the meeting the item came from", "open_meeting", "Enter"),
        ("Filter by owner or status", "focus_filters", "f"),
    ]

    def __init__(self, owner_id: str | None = None, status: str = "open") -> None:
        super().__init__()
        self.owner_id = owner_id
        self.status = status

    def compose(self) -> ComposeResult:
        group = self.app.group()  # type: ignore[attr-defined]
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
        yield ActionTable(id="actions-table")
        yield Static("", id="actions-history", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(ActionTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def _group(self) -> Group | None:
        return self.app.group()  # type: ignore[attr-defined,no-any-return]

    def refresh_view(self) -> None:
        """Re-list in a thread: years of meetings are read there, never on the UI thread."""
        group = self._group()
        if group is None:
            return
        self.sub_title = f"{group.name} · action items"
        status = None if self.status == "all" else self.status
        self._load(group, status, self.owner_id, self.app.today)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="actions-list")
    def _load(self, group: Group, status: str | None, owner_id: str | None, today: date) -> None:
        try:
            rows = list_actions(self.app.store, group.id, status=status,  # type: ignore[attr-defined]
                                owner_id=owner_id, today=today)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, group, rows, today)

    def _show(self, group: Group, rows: list[ActionRow], today: date) -> None:
        if not self.is_attached:
            return
        shown = rows[:DISPLAY_LIMIT]
        table = self.query_one(ActionTable)
        table.show(shown, {m.id: m.name for m in group.members}, today, group.next_meeting)
        open_rows = [r for r in rows if r.status == "open"]
        overdue = sum(1 for r in open_rows if r.overdue(today))
        who = f" for {group.name_of(self.owner_id)}" if self.owner_id else ""
        more = f" (showing the first {DISPLAY_LIMIT}: filter by owner)" \
            if len(rows) > DISPLAY_LIMIT else ""
        self.query_one("#actions-summary", Label).update(Content(
            f"{len(rows)} item{'s' if len(rows) != 1 else ''}{who}: {len(open_rows)} open, "
            f"{overdue} overdue{more}  ·  space done/reopen, o reassign, u due date, "
            "Enter meeting"))
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
        self.notify(f"“{str(event.row.item.get('text', ''))[:40]}” {event.what}.", markup=False)

    @on(DataTable.RowSelected, "#actions-table")
    def _selected(self) -> None:
        self.action_open_meeting()

    @on(DataTable.RowHighlighted, "#actions-table")
    def _highlighted(self) -> None:
        self._show_history()

    def _show_history(self) -> None:
        row = self.query_one(ActionTable).selected()
        panel = self.query_one("#actions-history", Static)
        if row is None:
            panel.update("No action items match these filters.")
            return
        group = self._group()
        names = {m.id: m.name for m in group.members} if group else {}
        history = row.item.get("history") or []
        lines = [f"From the meeting of {row.meeting_date} · {row.item.get('segment_title', '')}"
                 + (f" · asked as '{row.item['due_text']}'" if row.item.get("due_text") else "")]
        lines += [describe_change(entry, names) for entry in history[-4:]] or ["No changes yet."]
        panel.update("\n".join(lines))

    def action_open_meeting(self) -> None:
        from peertui.ui.screens.review import open_view

        row = self.query_one(ActionTable).selected()
        if row is not None:
            open_view(self.app, "meeting", meeting_id=row.meeting_id, item_id=row.id)

    def action_focus_filters(self) -> None:
        self.query_one("#actions-owner", Select).focus()

    def action_toggle_done(self) -> None:
        self.query_one(ActionTable).action_toggle_done()

    def action_reassign(self) -> None:
        self.query_one(ActionTable).action_reassign()

    def action_change_due(self) -> None:
        self.query_one(ActionTable).action_change_due()
