"""Follow-ups: who reports back, on which commitment, and the note-taker's record of it.

Lists each commitment that fell due since the last meeting (domain/ledger.py says what
falls due when), with its member; Enter on one opens a small dialog (what they said, and
"done"), saved onto the commitment's item through the live screen's Saves.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Label
from textual.worker import get_current_worker

from peertui.domain.ledger import Commitment
from peertui.domain.minutes import LOCK
from peertui.domain.records import Item
from peertui.domain.text import clean_item_text, printable
from peertui.domain.timesource import to_iso
from peertui.services.ledger import read_ledger, record_report
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.safe import plain
from peertui.ui.saves import BUSY_SAVING, Saves
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.typed_aside import pass_typing_up

LOAD_GROUP = "report-back-load"
#: What the dialog returns: the words, mark done, private.
Said = tuple[str, bool, bool]


class ReportDialog(ModalScreen[Said | None]):
    """What the member said of their commitment; optionally, that it is done."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("report-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, who: str, commitment: str, can_mark_done: bool, text: str = "") -> None:
        super().__init__()
        self.text = text  # words a failed save kept
        self.who = who
        self.commitment = commitment
        self.can_mark_done = can_mark_done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-dialog"):
            yield Label(Content(f"{self.who} on “{self.commitment[:160]}”"))
            yield Input(self.text, placeholder="What did they say? Enter saves",
                        id="report-text")
            yield Checkbox("Done", id="report-done", value=False,
                           disabled=not self.can_mark_done)
            yield Checkbox("Private", id="report-private", value=False)
            yield Label("", id="report-error", classes="error")
            yield Label("Enter saves · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#report-error").display = False
        self.query_one("#report-text").focus()

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            clean_item_text(event.value)
        except ValueError as problem:
            error = self.query_one("#report-error", Label)
            error.update(Content(str(problem)))
            error.display = True
            return
        self.dismiss((event.value, self.query_one("#report-done", Checkbox).value,
                      self.query_one("#report-private", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def row_cells(row: Commitment, names: dict[str, str], day: date) -> tuple[object, ...]:
    text = printable(row.item.text)
    reported = "reported" if row.item.reports else ""
    return (plain(names.get(row.owner_id or "", "?")),
            plain(f"{LOCK} {text}" if row.private else text),
            row.due.isoformat() if row.due else "",
            row.standing(day), reported)


class ReportTable(DataTable[object]):
    """The commitments to report on; letters typed here are words for the note box."""

    def on_key(self, event: events.Key) -> None:
        pass_typing_up(self, event)


class ReportBack(Vertical, PeerNode):
    """The report-back section of the follow-ups panel."""

    def __init__(self, meeting_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.rows: list[Commitment] = []
        self._unsaved: dict[str, str] = {}  # item id -> words a failed save kept, to retry
        self._own_saves: Saves | None = None

    def compose(self) -> ComposeResult:
        yield Label("Report back: commitments due since the last meeting", id="rb-title",
                    classes="hint")
        yield ReportTable(id="rb-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="rb-message")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Member", "Commitment", "Due", "Standing", "")
        self.query_one("#rb-message").display = False

    def load(self) -> None:
        group = self.group
        if group is not None:
            self._fetch(group.id, self.today)

    @work(thread=True, exclusive=True, group=LOAD_GROUP)
    def _fetch(self, group_id: str, today: date) -> None:
        try:
            record = self.store.meeting(self.meeting_id)
            day = date.fromisoformat(record.date) if record else today
            rows = [r for r in read_ledger(self.store, group_id).due_since_last(day)
                    if r.meeting_id != self.meeting_id]
        except StoreError as error:
            self.app.call_from_thread(self._say, f"Cannot read the commitments: {error}")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, rows, day)

    def _say(self, message: str) -> None:
        if self.is_attached:
            label = self.query_one("#rb-message", Label)
            label.update(Content(message))
            label.display = bool(message)

    def _show(self, rows: list[Commitment], day: date) -> None:
        if not self.is_attached:
            return
        group = self.group
        names = group.names if group else {}
        self.rows = sorted(rows, key=lambda r: (names.get(r.owner_id or "", ""), str(r.due)))
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, row in enumerate(self.rows):
            table.add_row(*row_cells(row, names, day), key=str(index))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        members = len({r.owner_id for r in self.rows})
        self.query_one("#rb-title", Label).update(
            f"Report back: {len(self.rows)} due since the last meeting, {members} "
            f"{'member' if members == 1 else 'members'} (Enter: record)" if self.rows else
            "Report back: no commitment fell due since the last meeting.")
        table.display = bool(self.rows)

    @on(DataTable.RowSelected, "#rb-table")
    def _ask(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not 0 <= event.cursor_row < len(self.rows):
            return
        row = self.rows[event.cursor_row]
        group = self.group
        who = group.names.get(row.owner_id or "", "?") if group else "?"

        def said(answer: Said | None) -> None:
            if answer is not None:
                self._save(row, *answer)

        can_mark_done = row.item.kind == "action" and row.item.status != "done"
        self.app.push_screen(ReportDialog(who, row.item.text, can_mark_done,
                                          self._unsaved.get(row.item.id, "")), said)

    def _saves(self) -> Saves:
        """The live screen's saves (in order with its other saves), else this panel's own."""
        saves = getattr(self.screen, "saves", None)
        if isinstance(saves, Saves):
            return saves
        if self._own_saves is None:
            self._own_saves = Saves(self.store)
        return self._own_saves

    def _save(self, row: Commitment, text: str, done: bool, private: bool) -> None:
        at = to_iso(self.time.now())

        def write() -> Item:
            return record_report(self.store, row, text, at, captured_in=self.meeting_id,
                                 private=private, mark_done=done)

        def saved(item: Item) -> None:
            self._unsaved.pop(item.id, None)
            self._say(f"Saved: {'done, and ' if done and item.status == 'done' else ''}"
                      f"what was said of “{printable(item.text)[:50]}”.")
            self.load()

        def failed(error: Exception) -> None:
            self._unsaved[row.item.id] = text
            self._say(f"Not saved, your words are kept: {error}. Enter on the row to try "
                      "again.")

        self._saves().save(write, saved, failed, queued=lambda: self._say(BUSY_SAVING))
