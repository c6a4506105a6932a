"""Small modal dialogs: a yes/no confirmation and a one-line text editor."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings


class Confirm(ModalScreen[bool]):
    # Dialogs keep their keys out of the command palette: they say them on their buttons.
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("confirm-cancel", "escape", "cancel", "Cancel", in_palette=False),
        ScreenAction("confirm-yes", "y", "yes", "Yes", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button("Cancel (Esc)", id="no")

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class EditText(ModalScreen[str | None]):
    """Edit an item's text; Enter saves, Esc keeps the old text."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("edit-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, text: str, problem: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.problem = problem  # why the last try was not saved: shown under the text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.title_text))
            yield Input(self.text, id="edit-text")
            if self.problem:
                yield Label(line(self.problem), id="edit-problem", classes="error")
            yield Label("Enter saves · Esc cancels", classes="hint")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
