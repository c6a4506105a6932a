"""Who uses this machine: asked the first time a terminal opens a live meeting, never again
here (services/machine.py keeps the answer), and changeable from the command palette.

With the name, the other screens read "Priya on chair-laptop drives the clock" rather
than a process number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType

from peertui.services.machine import save_machine_name
from peertui.store import StoreError
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.live.role import ClockRole
from peertui.ui.screens.note_taker import NAME_ACTIONS, NameChooser

CHANGE_TITLE = "Change my name on this machine"


class WhoIsHere(NameChooser):
    """The machine's person: saved in its settings file.  Skipped the first time, it is
    remembered as skipped (so never asked again); skipped when changing, nothing changes."""

    QUESTION = ("[b]Who uses this machine?[/b] The other screens will show your name. "
                f"Asked once: “{CHANGE_TITLE}” in the palette changes it.")

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = NAME_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, first_time: bool) -> None:
        super().__init__()
        self.first_time = first_time

    def save_name(self, name: str) -> None:
        save_machine_name(name)

    def action_skip(self) -> None:
        if self.first_time:
            try:
                save_machine_name("")  # asked once: a skip is an answer too
            except (StoreError, OSError):
                pass  # not remembered: asked again next time, which is no harm
        self.dismiss(None)


def ask_machine_name(app: App[object], first_time: bool,
                     then: Callable[[str | None], None]) -> None:
    """Ask who uses this machine; *then* gets the name saved, or None if skipped."""
    app.push_screen(WhoIsHere(first_time), then)


def change_my_name(app: App[object]) -> None:
    """The palette's entry: ask again, and let a live meeting open here use the new name
    at once (its lease, its header)."""

    def answered(name: str | None) -> None:
        if name is None:
            return
        for screen in app.screen_stack:
            role = getattr(screen, "role", None)
            if isinstance(role, ClockRole):
                role.rename(name)
        app.notify(f"This machine is {name}'s now: the other screens show that name.")

    ask_machine_name(app, False, answered)
