"""Reorder speakers: before the meeting at setup, or the ones still to come in a round."""

from __future__ import annotations

import random
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from peertui.ui.base import PeerModal
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.fitted_footer import FittedFooter


class SpeakingOrder(PeerModal[list[str] | None]):
    """Move the highlighted speaker with u/d; Enter keeps the order, Esc drops it."""

    # A dialog: its keys are in its footer, not in the command palette.
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("order-up", "u,shift+up", "move(-1)", "Move up", in_palette=False),
        ScreenAction("order-down", "d,shift+down", "move(1)", "Move down", in_palette=False),
        ScreenAction("order-shuffle", "s", "shuffle", "Shuffle", in_palette=False),
        ScreenAction("order-keep", "enter", "keep", "Keep this order", priority=True,
                     in_palette=False),
        ScreenAction("order-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, speakers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.speakers = list(speakers)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text)
            yield OptionList(id="speakers")
            yield Label("u / d move the highlighted speaker · s shuffles · Enter keeps",
                        classes="hint")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self._show(0)

    def _show(self, highlighted: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(f"{n}. {name}", id=mid)
                             for n, (mid, name) in enumerate(self.speakers, 1)])
        if self.speakers:
            options.highlighted = highlighted
        options.focus()

    def action_move(self, step: int) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        target = index + step
        if 0 <= target < len(self.speakers):
            self.speakers[index], self.speakers[target] = self.speakers[target], \
                self.speakers[index]
            self._show(target)

    def action_shuffle(self) -> None:
        random.shuffle(self.speakers)
        self._show(0)

    def action_keep(self) -> None:
        self.dismiss([mid for mid, _ in self.speakers])

    def action_cancel(self) -> None:
        self.dismiss(None)
