"""The group's life areas for the pulse: what members rate themselves 1 to 10 on."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from peertui.domain.life_areas import parse_areas
from peertui.domain.models import DEFAULT_LIFE_AREAS
from peertui.services.roster import editing
from peertui.store import StoreError
from peertui.ui.base import PeerModal
from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings


class LifeAreasScreen(PeerModal[None]):
    """Rename the areas, comma-separated; Enter saves, Esc keeps them as they were."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("areas-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def compose(self) -> ComposeResult:
        group = self.require_group()
        with Vertical(classes="dialog", id="life-areas"):
            yield Label(line(("Life areas of the pulse", "bold")))
            yield Label(line("In the updates round each member may rate these 1 to 10 "
                             "(p: 7 8 6 in the note box). Private unless asked. Default: "
                             + ", ".join(DEFAULT_LIFE_AREAS) + "."), classes="hint")
            yield Input(", ".join(group.life_areas), id="areas", max_length=140,
                        placeholder="e.g. health, wealth, love, happiness")
            yield Label("", id="areas-error", classes="error")
            yield Label("Enter saves · Esc cancels", classes="hint")

    @on(Input.Submitted, "#areas")
    def save(self, event: Input.Submitted) -> None:
        error = self.query_one("#areas-error", Label)
        try:
            areas = parse_areas(event.value)
            with editing(self.store, self.require_group().id) as group:
                group.life_areas = areas
        except ValueError as problem:
            error.update(line(str(problem)))
            return
        except (StoreError, OSError) as problem:
            error.update(line(f"Not saved, your words are kept: {problem}"))
            return
        self.peer.reload_group()
        self.notify(f"Life areas saved: {', '.join(areas)}.")
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
