"""First run on an empty store: try the sample group, or start your own."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from peertui.services.groups import new_group
from peertui.services.sample import load_sample
from peertui.ui.base import PeerScreen
from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.fitted_footer import FittedFooter

# One line per paragraph: the Static wraps them to the width there is.
INTRO = "\n\n".join([
    "peertui runs your peer group's meeting (updates round, the one-hour deep dive, "
    "recommendations) on a timer, captures notes, recommendations and action items as you "
    "go, and keeps them on this computer for the next meeting. Nothing leaves this "
    "machine: what is said in the room stays in the room.",
    "Type your group's name and press Enter to start it, or press ctrl+s to try a sample "
    "group first (8 members, a year of past meetings).",
])


class WelcomeScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("sample", "ctrl+s", "sample", "Try the sample group",
                     palette_title="Load the sample group",
                     help="Eight members and a year of past meetings"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(INTRO, id="intro")
            yield Label("Your group's name:")
            yield Input(placeholder="e.g. Mid-market CIOs", id="group-name")
            yield Label("", id="group-error", classes="error")
            with Horizontal(id="welcome-buttons"):
                yield Button("Create group (Enter)", id="create", variant="primary")
                yield Button("Try the sample group (ctrl+s)", id="sample")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.query_one("#welcome").border_title = "Welcome to peertui"
        self.query_one("#group-name", Input).focus()  # typing the name is the first thing

    @on(Button.Pressed, "#sample")
    def action_sample(self) -> None:
        group = load_sample(self.store, self.today, history=True)
        self._open(group.id)

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#group-name")
    def create(self) -> None:
        name = self.query_one("#group-name", Input).value
        try:
            group = new_group(self.store, name)
        except ValueError as error:
            self.query_one("#group-error", Label).update(line(str(error)))
            return
        self._open(group.id)

    def _open(self, group_id: str) -> None:
        self.peer.open_group(group_id)
        self.peer.open_home()
