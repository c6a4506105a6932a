"""One item of the live feed, whole: Enter on the feed opens it.

The feed wraps long rows, but on a small terminal it may be three lines tall; here the
item has most of the screen, so a 300-character note is read in full at 80x24.  Its
keys are the feed's own (ctrl+e edit, Delete delete), so nothing new is learnt.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from peertui.domain.minutes import LOCK
from peertui.domain.records import Item
from peertui.domain.text import printable
from peertui.ui.screen_actions import ScreenAction, bindings

#: What the reader asks the live screen to do with the item once it closes.
ReaderChoice = Literal["edit", "delete"]
KIND_WORDS = {"note": "Note", "recommendation": "Recommendation", "action": "Action item",
              "decision": "Decision", "plus": "Plus (what worked)",
              "delta": "Delta (what to change)"}


class ItemReader(ModalScreen[ReaderChoice | None]):
    """The item's kind, time, segment and people, then its whole text, wrapped."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("reader-edit", "ctrl+e", "choose('edit')", "Edit"),
        ScreenAction("reader-delete", "delete", "choose('delete')", "Delete"),
        ScreenAction("reader-close", "escape,enter", "close", "Close", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, item: Item, who: str, at: str) -> None:
        super().__init__()
        self.item = item
        self.who = who
        self.at = at

    def compose(self) -> ComposeResult:
        item = self.item
        heading = [KIND_WORDS.get(item.kind, "Note"), self.at, printable(item.segment_title)]
        if item.private:
            heading.append(f"{LOCK} private")
        with Vertical(classes="dialog", id="item-reader"):
            yield Label(Text(" · ".join(part for part in heading if part)), classes="section")
            if self.who:
                yield Label(Text(printable(self.who), style="bold"), id="reader-who")
            with VerticalScroll(id="reader-scroll"):
                yield Static(Text(printable(item.text)), id="reader-text")
            yield Label("ctrl+e edits · Delete deletes · Enter or Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#reader-scroll").focus()

    def action_choose(self, choice: ReaderChoice) -> None:
        self.dismiss(choice)

    def action_close(self) -> None:
        self.dismiss(None)
