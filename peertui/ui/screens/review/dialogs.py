"""Small dialogs of the review screens: due date, owner, a recommendation's outcome, export.

Each one checks what was typed itself and says what is wrong beside the field, keeping
the text, so nothing half-valid ever reaches the store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from peertui.domain.records import OutcomeStatus
from peertui.domain.text import clean_item_text
from peertui.services.actions import read_due
from peertui.services.exports import ExportError, export_meeting, write_export
from peertui.services.followthrough import OUTCOMES
from peertui.ui.base import PeerModal
from peertui.ui.screen_actions import ScreenAction, bindings

FORMAT_CHOICES = [("Minutes (Markdown)", "md"), ("Action items (CSV)", "csv"),
                  ("Whole meeting (JSON)", "json"), ("Next meeting (iCalendar)", "ics")]


class DueDialog(ModalScreen[str | None]):
    """A new due date, read the same way as at capture."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("due-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, current: str, today: date, next_meeting: date | None = None) -> None:
        super().__init__()
        self.current = current
        self.today = today
        self.next_meeting = next_meeting  # what 'next meeting' means (services/schedule)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New due date: 2026-12-15, 'in 2 weeks' or 'next meeting'")
            yield Input(self.current, id="due-text")
            yield Label("", id="due-error", classes="error")
            yield Label("Enter saves · Esc cancels", classes="hint")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        try:
            read_due(event.value, self.today, self.next_meeting)
        except ValueError as problem:
            self.query_one("#due-error", Label).update(Content(str(problem)))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OwnerDialog(ModalScreen[str | None]):
    """Who owns the item now: pick a member, Enter confirms."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("owner-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, people: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.people = people
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Reassign to (Enter picks · Esc cancels)")
            yield OptionList(*[Option(Text(name), id=ident) for name, ident in self.people],
                             id="owner-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [ident for _name, ident in self.people]
        if self.current in ids:
            options.highlighted = ids.index(self.current)

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def outcome_status(value: object) -> OutcomeStatus | None:
    """The outcome key *value* names (from a key binding or the select), or None."""
    return next((key for key in OUTCOMES if key == value), None)


class OutcomeDialog(ModalScreen[tuple[OutcomeStatus, str] | None]):
    """What became of a recommendation (adopted, tried, set aside) and why, in a line."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("outcome-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, recommendation: str, status: str, why: str = "") -> None:
        super().__init__()
        self.recommendation = recommendation
        self.status: OutcomeStatus = outcome_status(status) or "adopted"
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(f"“{self.recommendation[:200]}”"))
            yield Select[str]([(label, key) for key, label in OUTCOMES.items()],
                              value=self.status, allow_blank=False, id="outcome-status")
            yield Input(self.why, placeholder="Why, in a line", id="outcome-why")
            yield Label("", id="outcome-error", classes="error")
            yield Label("Enter saves · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#outcome-why", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        try:
            why = clean_item_text(event.value)
        except ValueError:
            self.query_one("#outcome-error", Label).update("Say why in a line.")
            return
        chosen = outcome_status(self.query_one("#outcome-status", Select).value)
        self.dismiss((chosen or self.status, why))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(PeerModal[str | None]):
    """Export one meeting to a file; dismisses with a sentence saying what was written."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("export-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, meeting_id: str, meeting_date: str, fmt: str = "md") -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting_date = meeting_date
        self.fmt = fmt
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(f"Export the meeting of {self.meeting_date}")
            yield Select[str](FORMAT_CHOICES, value=self.fmt, allow_blank=False,
                              id="export-format")
            yield Checkbox("Include private items", id="export-private")
            yield Input(id="export-path", placeholder="File to write")
            yield Label("", id="export-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (Enter)", id="export-go", variant="primary")
                yield Button("Cancel (Esc)", id="export-no")

    def on_mount(self) -> None:
        self._suggest(self.fmt)
        self.query_one("#export-path", Input).focus()

    def _suggest(self, fmt: str) -> None:
        """Follow the format with the file name until the user types their own."""
        path = self.query_one("#export-path", Input)
        names = {"md": f"minutes-{self.meeting_date}.md", "csv": f"actions-{self.meeting_date}.csv",
                 "json": f"meeting-{self.meeting_date}.json", "ics": "next-meeting.ics"}
        if path.value in ("", self._auto_path):
            self._auto_path = str(Path.cwd() / names[fmt])
            path.value = self._auto_path

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._suggest(str(event.value))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def export(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        private = self.query_one("#export-private", Checkbox).value
        raw = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Label)
        if not raw:
            error.update("Type the file to write.")
            return
        path = Path(raw).expanduser()
        try:
            result = export_meeting(self.store, self.meeting_id, fmt, include_private=private,
                                    now=self.time.now())
            write_export(path, result.text)
        except ExportError as problem:
            error.update(Content(str(problem)))
            return
        except OSError as problem:
            error.update(Content(f"Cannot write {path}: {problem.strerror or problem}"))
            return
        self.dismiss(f"Wrote {path}. {result.note}"
                     + (" Tick 'Include private items' to keep them." if result.left_out else ""))

    @on(Button.Pressed, "#export-no")
    def action_cancel(self) -> None:
        self.dismiss(None)
