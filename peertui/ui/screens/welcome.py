"""First run on an empty store: try the sample group, or start your own."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from peertui.services.groups import new_group
from peertui.services.sample import load_sample
from peertui.ui.base import PeerScreen
from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings

INTRO = """\
[b]Welcome to peertui[/b]

peertui runs your peer group's meeting (updates round, the one-hour deep dive,
recommendations) on a timer, captures notes, recommendations and action items as
you go, and keeps them here, on this computer, for the next meeting.

Nothing leaves this machine. What is said in the room stays in the room."""


class WelcomeScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("sample", "ctrl+s", "sample", "Try the sample group",
                     palette_title="Load the sample group",
                     help="Eight members and one past meeting"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(INTRO, id="intro")
            yield Button("Try the sample group (8 members, one past meeting)", id="sample",
                         variant="primary")
            yield Label("Or start your own group:")
            yield Input(placeholder="Group name, e.g. Mid-market CIOs", id="group-name")
            yield Label("", id="group-error", classes="error")
            yield Button("Create group", id="create")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sample", Button).focus()

    @on(Button.Pressed, "#sample")
    def action_sample(self) -> None:
        group = load_sample(self.store, self.today)
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
