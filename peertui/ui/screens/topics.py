"""The topic bank (parking lot): what members would bring to a deep dive, and how long it
has waited; the topics deep dives took, with the meeting's date.  Add, edit, drop here.

Setup reads the same bank to suggest the next presenter (domain/topics.py says the rule).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from peertui.domain.models import Group, Topic
from peertui.domain.topics import URGENCY_WORDS, suggest
from peertui.services.topics import BankRow, add_topic, bank_rows, drop_topic, edit_topic
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.topic_form import TopicForm
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.row_detail import RowDetail, counted

A = ScreenAction
ACTIONS: tuple[ScreenAction, ...] = (
    A("topic-add", "a", "add", "Add", palette_title="Add a topic to the bank",
      help="whose, the issue in one line, urgency A, B or C"),
    A("topic-edit", "enter,e", "edit", "Edit", palette_title="Edit the highlighted topic"),
    A("topic-drop", "d,delete", "drop", "Drop", palette_title="Drop the highlighted topic",
      help="out of the bank; a taken one stays as the link to its meeting"),
    A("topics-back", "escape", "app.pop_screen", "Back", in_palette=False),
)


def waited(row: BankRow) -> str:
    """The last column: how long it waits, or when a deep dive took it."""
    if row.topic.taken_in:
        return f"taken {row.taken_on}" if row.taken_on else "taken"
    if row.weeks is None:
        return "waiting"
    if row.weeks == 0:
        return "this week"
    return counted(row.weeks, "week")


class TopicBankScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BankRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="topic-bank"):
            yield Static(id="bank-intro")
            yield DataTable(id="bank-table", cursor_type="row", zebra_stripes=True)
            yield RowDetail(id="bank-detail")
            yield Static(id="bank-suggestion")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Member", key="member")
        table.add_column("U", key="urgency")
        table.add_column("Waiting", key="waiting")  # before the issue: a long one is cut
        table.add_column("Issue", key="issue")
        self.refresh_view()
        table.focus()
        self.watch_group(self._group_changed)

    def _group_changed(self, _group: Group | None) -> None:
        self.refresh_view()

    def refresh_view(self, select: str | None = None) -> None:
        group = self.group
        if group is None:
            return
        self.sub_title = f"{group.name} · topic bank"
        meetings = self.store.meetings(group.id)
        keep = select or self._highlighted_id()
        self.rows = bank_rows(group, meetings, self.today)
        waiting = sum(1 for r in self.rows if not r.topic.taken_in)
        self.query_one("#bank-intro", Static).update(plain(
            f"{counted(waiting, 'topic')} waiting for a deep dive, "
            f"{len(self.rows) - waiting} taken. Urgency: A needs the group now, B soon, "
            "C some day. In a meeting, 't: Name: the issue, A' adds one."))
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(plain(row.member_name), row.topic.urgency, waited(row),
                          plain(row.topic.issue), key=row.topic.id)
        index = next((i for i, r in enumerate(self.rows) if r.topic.id == keep), None)
        if index is not None:
            table.move_cursor(row=index)
        found = suggest(group, meetings, self.today)
        self.query_one("#bank-suggestion", Static).update(
            plain(f"Next presenter suggested: {found.reason}") if found else "")
        self._show_detail()

    def _highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value else None

    def _highlighted(self) -> Topic | None:
        ident = self._highlighted_id()
        return next((r.topic for r in self.rows if r.topic.id == ident), None)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        """The highlighted topic whole: the table cuts a long issue at 80 columns."""
        row = next((r for r in self.rows if r.topic.id == self._highlighted_id()), None)
        detail = self.query_one(RowDetail)
        if row is None:
            detail.show_cells([])
            return
        detail.show_cells([row.member_name, f"{row.topic.urgency} "
                           f"({URGENCY_WORDS[row.topic.urgency]})", row.topic.issue,
                           f"added {row.topic.added}" if row.topic.added else "", waited(row)])

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def _saved(self, topic_id: str | None, said: str) -> None:
        self.peer.reload_group()  # the table follows the saved group (_group_changed)
        self.refresh_view(select=topic_id)
        self.notify(said, markup=False)

    def action_add(self) -> None:
        group = self.require_group()
        if not group.active_members:
            self.notify("Add members first (roster, m at home): a topic is a member's.",
                        severity="warning")
            return
        made: list[Topic] = []

        def save(member_id: str, issue: str, urgency: str) -> None:
            made.append(add_topic(self.store, group.id, member_id or None, issue, urgency,
                                  self.today))

        def done(saved: bool | None) -> None:
            if saved and made:
                self._saved(made[0].id, f"Added to the bank: {group.name_of(made[0].member_id)}"
                                        f", '{made[0].issue}' ({made[0].urgency}).")

        self.app.push_screen(TopicForm("Add a topic", group.active_members, save), done)

    def action_edit(self) -> None:
        topic = self._highlighted()
        if topic is None:
            self.notify("No topic to edit yet: a adds one.")
            return
        group = self.require_group()
        members = [m for m in group.members if m.active or m.id == topic.member_id]

        def save(member_id: str, issue: str, urgency: str) -> None:
            edit_topic(self.store, group.id, topic.id, member_id or None, issue, urgency)

        def done(saved: bool | None) -> None:
            if saved:
                self._saved(topic.id, "Topic saved.")

        self.app.push_screen(TopicForm("Edit the topic", members, save, topic), done)

    def action_drop(self) -> None:
        topic = self._highlighted()
        if topic is None:
            return
        if topic.taken_in:
            self.notify("A deep dive took this topic: it stays, as the link to that "
                        "meeting.", severity="warning")
            return
        group = self.require_group()

        def apply(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                drop_topic(self.store, group.id, topic.id)
            except (ValueError, StoreError, OSError) as problem:
                self.notify(f"Not dropped: {problem}", severity="error", markup=False)
                return
            self._saved(None, f"Dropped '{topic.issue}' from the bank.")

        self.app.push_screen(Confirm(f"Drop {group.name_of(topic.member_id)}'s topic "
                                     f"'{topic.issue}' from the bank?", "Drop"), apply)
