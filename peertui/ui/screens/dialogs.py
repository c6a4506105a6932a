"""Small modal dialogs: a yes/no confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

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
