"""The Textual app and its factory, shared by the CLI and the tests."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import App
from textual.binding import Binding

from peertui.domain.models import Group
from peertui.domain.timesource import TimeSource
from peertui.services.groups import load_group, load_groups
from peertui.store import Store
from peertui.ui.commands import MeetingCommands


class PeerApp(App[None]):
    """Routes between screens; the store and the time source live here, injected."""

    CSS_PATH = "app.tcss"
    TITLE = "peertui"
    COMMANDS = App.COMMANDS | {MeetingCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", priority=True)]

    def __init__(self, store: Store, time: TimeSource, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.time = time
        self._today = today
        self.group_id: str | None = None

    @property
    def today(self) -> date:
        """Today's date, fixed in tests so dates on screen do not depend on the run."""
        if self._today is not None:
            return self._today
        return datetime.fromtimestamp(self.time.now()).date()

    def group(self) -> Group | None:
        if self.group_id is None:
            return None
        return load_group(self.store, self.group_id)

    def on_mount(self) -> None:
        from peertui.ui.screens.home import HomeScreen
        from peertui.ui.screens.welcome import WelcomeScreen

        groups = load_groups(self.store)
        if not groups:
            self.push_screen(WelcomeScreen())
            return
        self.group_id = groups[0].id
        self.push_screen(HomeScreen())
        self._resume_running_meeting()

    def _resume_running_meeting(self) -> None:
        """Reopening mid-meeting goes straight back to the clock, where it stands."""
        from peertui.services.meetings import running_meeting
        from peertui.ui.screens.live import LiveScreen

        if self.group_id is None:
            return
        live = running_meeting(self.store, self.group_id)
        if live is not None and live.get("status") == "running":
            self.push_screen(LiveScreen(live["id"]))

    def open_home(self) -> None:
        from peertui.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(HomeScreen())


def create_app(store: Store, time: TimeSource, today: date | None = None) -> PeerApp:
    return PeerApp(store, time, today)
