"""Enter on an action item: what can be done with it, one line each with its key.

A menu rather than letters on the table, so a sentence typed at the table can never tick
an item off or open a dialog (issue 13): only Enter, then a choice, acts.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from peertui.ui.screen_actions import ScreenAction, bindings


class ItemMenu(ModalScreen[str | None]):
    """Pick one of (action name, words shown) for the item; dismisses with the action."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("item-menu-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="item-menu"):
            yield Label(Text(self.title_text), id="item-menu-title")
            yield OptionList(*[Option(Text(words), id=action) for action, words in self.choices],
                             id="item-menu-list")
            yield Label("Enter picks · Esc cancels", classes="hint")

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
