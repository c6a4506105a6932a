"""F1 (or ? outside a text box): the keys of the screen underneath, one line each.

Made from the same action tables as the bindings, the footer and the palette
(screen_actions.py), so it cannot disagree with them: what the screen would refuse now
(a note-taker's timer keys) is left out, as the palette leaves it out.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from peertui.ui.commands import allowed, key_hint
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.result_list import Column, ResultList, Row

# "More" folds away on a narrow terminal, so every title is read whole.
COLUMNS = (Column("Key", 12), Column("Does"), Column("More", hide_below=90))


def key_rows(screen: Screen[Any]) -> list[Row]:
    """The focused widget's actions (a table's own keys), then the screen's that apply
    now, then the app's, as (key, title, help)."""
    tables: list[tuple[Screen[Any], tuple[ScreenAction, ...]]] = [
        (screen, getattr(screen.focused, "ACTIONS", ())),
        (screen, getattr(screen, "ACTIONS", ())),
        (screen, getattr(screen.app, "ACTIONS", ())),
    ]
    rows: list[Row] = []
    seen: set[str] = set()
    for where, table in tables:
        for entry in table:
            title = entry.palette_name
            if title in seen or not allowed(where, entry):
                continue
            seen.add(title)
            rows.append(Row((key_hint(screen.app, entry) or "palette", title, entry.help)))
    return rows


class KeysHelp(ModalScreen[None]):
    """The keys list; Esc, q or F1 again (the app's key) closes it."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("keys-close", "escape,q", "close", "Close", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under
        self.rows = key_rows(under)  # now, while *under* is the screen the checks ask about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="keys-help"):
            yield Label("Keys of this screen", classes="section")
            yield ResultList(COLUMNS, id="keys-list")
            yield Label("ctrl+p finds any of these by name · F1 or Esc closes", classes="hint")

    def on_mount(self) -> None:
        keys = self.query_one(ResultList)
        keys.set_rows(self.rows)
        keys.focus()

    def action_close(self) -> None:
        self.dismiss(None)
