"""A table of action items that can be worked: done/reopen, reassign, new due date.

Its keys cannot be typed by accident (ctrl+d, ctrl+r, ctrl+u; Enter opens a menu of the
same): the live screen's follow-ups table sits beside the note box, and a sentence typed
at it must never tick an item off (issue 13).  The keys are declared once, in ACTIONS;
the footer, the keys list and the action-items screen's palette read them from there.

Used by the action-items view, a meeting's detail and the live follow-ups; each change is
saved (with its history) here and announced with ActionTable.Changed so screens refresh.
A due date typed as "next meeting" means the group's next meeting as home shows it
(services/schedule), read when the date is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import DataTable

from peertui.domain.minutes import LOCK
from peertui.domain.timesource import to_iso
from peertui.services import actions as action_service
from peertui.services.actions import ActionRow
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.dialogs import DueDialog, OwnerDialog
from peertui.ui.widgets.item_menu import ItemMenu
from peertui.ui.widgets.typed_aside import pass_typing_up

#: The table's actions; a screen that wants them in its palette lists these entries too.
ACTIONS: tuple[ScreenAction, ...] = (
    ScreenAction("action-done", "ctrl+d", "toggle_done", "Done/reopen",
                 palette_title="Mark the selected item done or open again"),
    ScreenAction("action-reassign", "ctrl+r", "reassign", "Reassign",
                 palette_title="Reassign the selected item"),
    ScreenAction("action-due", "ctrl+u", "change_due", "Due date",
                 palette_title="Change the selected item's due date"),
    ScreenAction("action-menu", "enter", "item_menu", "Item actions",
                 palette_title="What can be done with the selected item",
                 help="done, reassign, due date"),
)
#: Action name -> what the item menu says for it.
MENU_WORDS = {"reassign": "Reassign to someone else", "change_due": "Change the due date",
              "open_meeting": "Open the meeting it came from"}


class ActionTable(DataTable[Text | str], PeerNode):
    """ctrl+d marks done (again: reopens), ctrl+r reassigns, ctrl+u changes the due date;
    Enter opens a menu of the same."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    class Changed(Message):
        """An item was saved; `row` is the item before the change."""

        def __init__(self, row: ActionRow, what: str) -> None:
            super().__init__()
            self.row = row
            self.what = what

    class OpenMeeting(Message):
        """The item menu's "open the meeting it came from" (offered when opens_meeting)."""

        def __init__(self, row: ActionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, show_meeting: bool = True, opens_meeting: bool = False,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id, classes=classes)
        self.show_meeting = show_meeting
        self.opens_meeting = opens_meeting
        self.rows_shown: list[ActionRow] = []
        self.names: dict[str, str] = {}

    def on_mount(self) -> None:
        self.add_column("Due", key="due", width=18)
        self.add_column("Owner", key="owner", width=14)
        self.add_column("Status", key="status", width=6)
        self.add_column("Action", key="action", width=54 if self.show_meeting else None)
        if self.show_meeting:
            self.add_column("Meeting", key="meeting", width=10)

    def on_key(self, event: events.Key) -> None:
        pass_typing_up(self, event)

    def show(self, rows: list[ActionRow], names: dict[str, str], today: date, *,
             select: str | None = None) -> None:
        """Refill, keeping the cursor on the same item (or on `select`) where possible."""
        current = self.selected()
        keep = select or (current.id if current else None)
        self.rows_shown, self.names = rows, names
        self.clear()
        for row in rows:
            item = row.item
            due = Text(row.due_words(today),
                       style="bold red" if row.overdue(today) else "")
            lock = f"{LOCK} " if item.private else ""
            cells: list[Text | str] = [
                due, Text(names.get(item.owner_id or "", "?")),
                "✓ done" if row.status == "done" else "open",
                Text(lock + " ".join(item.text.split()), overflow="ellipsis")]
            if self.show_meeting:
                cells.append(row.meeting_date)
            self.add_row(*cells, key=row.id)
        ids = [r.id for r in rows]
        if keep in ids:
            self.move_cursor(row=ids.index(keep))

    def selected(self) -> ActionRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def _now(self) -> str:
        return to_iso(self.time.now())

    def _next_meeting(self) -> date | None:
        """The group's next meeting, as home and the live meeting read "next meeting"."""
        group = self.group
        if group is None:
            return None
        # Imported when a due date is changed: the tables open without the schedule.
        from peertui.services.schedule import next_meeting_for

        try:
            return next_meeting_for(self.store, group, self.today).day
        except StoreError:
            return None  # "next meeting" then asks for a date instead

    def _save(self, row: ActionRow, what: str, change: Callable[[], object]) -> None:
        try:
            change()
        except ValueError as problem:
            self.notify(str(problem), severity="warning", markup=False)
            return
        except (KeyError, StoreError, OSError) as problem:
            self.notify(f"Not saved: {problem}", severity="error", timeout=10, markup=False)
            return
        self.post_message(self.Changed(row, what))

    def action_item_menu(self) -> None:
        """Enter: the item's actions, each with its key, so none needs remembering."""
        row = self.selected()
        if row is None:
            return
        done = "Open it again" if row.status == "done" else "Mark it done"
        keys = {entry.name: entry.key for entry in ACTIONS}
        choices = [("toggle_done", f"{done} ({keys['toggle_done']})")]
        choices += [(name, f"{MENU_WORDS[name]} ({keys[name]})")
                    for name in ("reassign", "change_due")]
        if self.opens_meeting:
            choices.append(("open_meeting", MENU_WORDS["open_meeting"]))

        def open_meeting() -> None:
            self.post_message(self.OpenMeeting(row))

        run: dict[str, Callable[[], None]] = {
            "toggle_done": self.action_toggle_done, "reassign": self.action_reassign,
            "change_due": self.action_change_due, "open_meeting": open_meeting}

        def chosen(action: str | None) -> None:
            if action in run:
                run[action]()

        text = " ".join(row.item.text.split())
        self.app.push_screen(ItemMenu(text, choices), chosen)

    def action_toggle_done(self) -> None:
        row = self.selected()
        if row is None:
            return
        status = "open" if row.status == "done" else "done"
        store = self.store
        self._save(row, "reopened" if status == "open" else "done",
                   lambda: action_service.set_status(store, row, status, self._now()))

    def action_reassign(self) -> None:
        row = self.selected()
        if row is None:
            return
        group = self.group
        owner = row.item.owner_id
        people = sorted(((m.name, m.id) for m in (group.members if group else [])
                         if m.active or m.id == owner), key=lambda p: p[0].lower())

        def apply(owner: str | None) -> None:
            if owner:
                store = self.store
                self._save(row, "reassigned",
                           lambda: action_service.reassign(store, row, owner, self._now()))

        self.app.push_screen(OwnerDialog(people, owner), apply)

    def action_change_due(self) -> None:
        row = self.selected()
        if row is None:
            return
        current = row.item.due_text or row.item.due
        today = self.today
        next_meeting = self._next_meeting()

        def apply(text: str | None) -> None:
            if text is not None:
                store = self.store
                self._save(row, "due date changed", lambda: action_service.change_due(
                    store, row, text, today, self._now(), next_meeting))

        self.app.push_screen(DueDialog(current, today, next_meeting), apply)
