"""The Textual app and its factory, shared by the CLI and the tests."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from peertui.domain.models import Group
from peertui.domain.timesource import TimeSource
from peertui.services.groups import load_group, load_groups
from peertui.services.meetings import running_meeting
from peertui.store import Store, StoreError
from peertui.ui.commands import MeetingCommands
from peertui.ui.long_lived import FREEZE_AFTER_S, freeze_long_lived
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.store_watch import START_DELAY_S, StoreWatcher
from peertui.ui.widgets.too_small import fit_screen
from peertui.web.sessions import SESSION_ENV


class PeerApp(App[None]):
    """Routes between screens; the store and the time source live here, injected.

    The current group lives here, in one place: `group`, set when a group is opened
    (open_group) and set again when it has been saved (reload_group).  Screens read it and
    watch it; nothing else keeps a copy of it.
    """

    CSS_PATH = "app.tcss"
    TITLE = "peertui"
    COMMANDS = App.COMMANDS | {MeetingCommands}
    #: What works from every screen, the live one included (palette, F1 keys list).
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("keys", "f1", "app.keys_help", "Keys", palette_title="Keys of this screen",
                     help="every key here, one line each (also ? outside a text box)",
                     priority=True, show=False),
        ScreenAction("keys-question", "question_mark", "app.keys_help", "Keys", show=False,
                     in_palette=False),
        ScreenAction("go-past", "", "app.open_view('past')", "Past meetings",
                     help="minutes, timings, recommendations"),
        ScreenAction("go-search", "", "app.open_view('search')",
                     "Search every meeting's notes", help="free text, by member, kind, date"),
        ScreenAction("go-actions", "", "app.open_view('actions')",
                     "Action items across meetings", help="overdue first; done, reassign"),
        ScreenAction("export", "", "app.export_meeting", "Export this meeting",
                     help="minutes, action items, the whole meeting or the next meeting"),
        ScreenAction("quit", "ctrl+q", "app.quit", "Quit", priority=True, in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    #: The group shown; watchers hear of it only when it differs (Group compares by value).
    group: var[Group | None] = var(None)

    def __init__(self, store: Store, time: TimeSource, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.time = time
        self._today = today
        self._store_failed = False
        self._start_error: StoreError | None = None
        #: Other processes' saves, as they land (screens subscribe; see ui/store_watch.py).
        self.store_watch = StoreWatcher(self, store.root)

    @property
    def today(self) -> date:
        """Today's date, fixed in tests so dates on screen do not depend on the run."""
        if self._today is not None:
            return self._today
        return datetime.fromtimestamp(self.time.now()).date()

    @property
    def group_id(self) -> str | None:
        return self.group.id if self.group is not None else None

    def open_group(self, group_id: str) -> None:
        """Make *group_id* the group shown (the screens watching `group` follow)."""
        self.group = load_group(self.store, group_id)

    def reload_group(self) -> None:
        """Read the current group again: screens call this after saving changes to it
        through the services, and home when another process has written the store."""
        if self.group is not None:
            self.group = load_group(self.store, self.group.id)

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """Screens that show through the top one: none when the top one is opaque.

        Textual counts the screen just under the top as background whatever the top's own
        background, so home under the live screen passed its repaints up as repaints of the
        whole live screen (a full redraw at every clock key: tests/bench bar 7).  Dialogs
        (translucent) keep the screens under them."""
        if self._screen_stack and self.screen.styles.background.a == 1:
            return []
        return super()._background_screens

    def get_default_screen(self) -> Screen[Any]:
        """The first screen is the real one (welcome, or the group's home) rather than a
        blank one under it: a screen fewer to build and paint at start (tests/bench)."""
        try:
            groups = load_groups(self.store)
        except StoreError as error:
            self._start_error = error  # raised from on_mount, where it ends the app cleanly
            return Screen()
        if not groups:
            # Import only the screen shown: start-up time is mostly imports.
            from peertui.ui.screens.welcome import WelcomeScreen

            return WelcomeScreen()
        from peertui.ui.screens.home import HomeScreen  # the same: only the screen shown

        self.group = groups[0]
        return HomeScreen()

    def on_mount(self) -> None:
        if self._start_error is not None:
            raise self._start_error
        self.screen_change_signal.subscribe(
            self, lambda screen: self.call_later(fit_screen, screen, self.size))
        self.call_later(fit_screen, self.screen, self.size)  # the first screen, too
        self.set_timer(START_DELAY_S, self.store_watch.start)  # after the first paint
        self.set_timer(FREEZE_AFTER_S, freeze_long_lived)
        if os.environ.get(SESSION_ENV):  # a browser of `peertui serve`: who takes notes?
            from peertui.ui.screens.note_taker import ask_who_takes_notes  # only in a browser

            if ask_who_takes_notes(self, self._resume_running_meeting):
                return
        self._resume_running_meeting()

    def on_resize(self, event: events.Resize) -> None:
        fit_screen(self.screen, event.size)

    def on_unmount(self) -> None:
        self.store_watch.stop()

    def _handle_exception(self, error: Exception) -> None:
        """A store file found unusable mid-run (damaged, vanished): its plain message and exit
        code 2, as at start; never a traceback, whose locals could show private notes."""
        if isinstance(error, StoreError):
            if not self._store_failed:
                self._store_failed = True
                self.exit(return_code=2, message=Text(str(error)))
            return
        if self._store_failed:  # knock-on errors of the failure already being reported
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual's crash report without local variables: those can hold private notes,
        and a terminal may be on the projector."""
        # Imported only on a crash: rich.traceback brings pygments, a cost at every start.
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def _resume_running_meeting(self) -> None:
        """Reopening mid-meeting goes straight back to the clock, where it stands."""
        if self.group_id is None:
            return
        live = running_meeting(self.store, self.group_id)
        if live is not None and live.status in ("running", "paused"):
            from peertui.ui.screens.live.screen import LiveScreen  # only if one is running

            self.push_screen(LiveScreen(live.id))

    def open_home(self) -> None:
        """Back to the group's home, which shows the current group again as it resumes.
        The first screen cannot be swapped out, so a welcome screen stays under the home
        it led to."""
        from peertui.ui.screens.home import HomeScreen  # not imported at start on a new store

        stack = self.screen_stack
        home = next((n for n, screen in enumerate(stack) if isinstance(screen, HomeScreen)),
                    None)
        while len(self.screen_stack) > (1 if home is None else home + 1):
            self.pop_screen()
        if home is None:
            self.push_screen(HomeScreen())

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast as plain text: messages quote names and notes, and a '[' in one must
        show as typed, never be read as markup (nor crash the toast)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # what works from every screen ---------------------------------------------------------

    def action_keys_help(self) -> None:
        from peertui.ui.screens.keys_help import KeysHelp  # when first asked for

        if isinstance(self.screen, KeysHelp):  # F1 again closes it
            self.screen.dismiss(None)
        else:
            self.push_screen(KeysHelp(self.screen))

    def action_open_view(self, view: str) -> None:
        from peertui.ui.screens.review.router import open_view  # review waits until opened

        open_view(self, view)

    def _meeting_to_export(self) -> tuple[str, str] | None:
        """The meeting on screen (live or detail), else the group's newest: (id, date)."""
        shown = getattr(self._working_screen(), "meeting_id", None)
        meetings = self.store.meetings(self.group_id) if self.group_id else []
        if isinstance(shown, str):
            return shown, next((m.date for m in meetings if m.id == shown), "")
        newest = max(meetings, key=lambda m: (m.date, m.id), default=None)
        return (newest.id, newest.date) if newest else None

    def action_export_meeting(self) -> None:
        from peertui.ui.screens.review.dialogs import ExportDialog  # when first used

        found = self._meeting_to_export()
        if found is None:
            self.notify("No meeting to export yet.")
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8, markup=False)

        self.push_screen(ExportDialog(*found), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Review and export need a group; from a dialog, the palette offers none of them."""
        if action in ("open_view", "export_meeting"):
            return self.group_id is not None and not self._working_screen().is_modal
        return True

    def _working_screen(self) -> Screen[Any]:
        """The screen the user works on: the one under the command palette, if it is open."""
        return next(s for s in reversed(self.screen_stack) if not isinstance(s, CommandPalette))

    def action_switch_group(self) -> None:
        """Pick another group (or create one) and open its home; screens bind it to g."""
        from peertui.ui.screens.group_switch import GroupSwitch  # when first used (start-up)

        def opened(group_id: str | None) -> None:
            if group_id:
                self.open_group(group_id)
                self.open_home()

        self.push_screen(GroupSwitch(self.group_id), opened)


def create_app(store: Store, time: TimeSource, today: date | None = None) -> PeerApp:
    return PeerApp(store, time, today)
