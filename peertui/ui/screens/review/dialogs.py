"""Small dialogs of the review screens: due date, owner, a recommendation's outcome (and
the export dialog, kept in export_dialog.py and offered from here).

Each one checks what was typed itself and says what is wrong beside the field, keeping
the text, so nothing half-valid ever reaches the store.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from peertui.domain.records import OutcomeStatus
from peertui.domain.text import clean_item_text
from peertui.services.actions import read_due
from peertui.services.followthrough import OUTCOMES
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.export_dialog import ExportDialog  # where screens look for it


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


__all__ = ["DueDialog", "ExportDialog", "OutcomeDialog", "OwnerDialog", "outcome_status"]
