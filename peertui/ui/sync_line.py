"""Sync from the app: home's "last synced" line, and a sync run off the UI thread with its
steps and result shown on that line, where the chair is looking.

The sync itself is services/sync.py, the same as `peertui sync`; the first time it needs a
remote, which a small dialog asks for (and says what one is).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from peertui.domain.text import printable
from peertui.services.sync_state import SyncState, read_state
from peertui.store import StoreError
from peertui.ui.screen_actions import ScreenAction, bindings

if TYPE_CHECKING:
    from peertui.ui.base import PeerScreen


def ago(stamp: str, now: float) -> str:
    """'2 h ago' from an ISO UTC stamp; the stamp itself if it is not one."""
    try:
        then = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return stamp
    seconds = max(0, int(now - then))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def sync_words(state: SyncState | None, now: float) -> str:
    """Home's line: when this copy last synced and with what, or why the last try failed.
    Nothing for a store that has never synced (it has no second copy to speak of)."""
    if state is None or not state.remote:
        return ""
    remote = printable(state.remote)
    synced = (f"Last synced {ago(state.last_synced, now)} with {remote}" if state.last_synced
              else f"Not synced yet with {remote}")
    if state.last_error and state.last_tried >= state.last_synced:
        return (f"[b $error]Last sync failed[/] ({ago(state.last_tried, now)}): "
                f"{printable(state.last_error)}  ·  {synced}  ·  y tries again")
    return f"{synced}  ·  y syncs now"


class SyncLine(Static):
    """The line on home; shows each step while a sync runs."""

    def show_state(self, screen: PeerScreen[Any]) -> None:
        try:
            state = read_state(screen.store.root)
        except StoreError as error:
            self.update(f"[b $error]Sync state unreadable[/]: {printable(str(error))}")
            return
        words = sync_words(state, time.time())
        self.display = bool(words)  # never synced: no line at all
        self.update(words)


class RemoteDialog(ModalScreen[str]):
    """The first sync needs a remote: a bare git repository the copies meet in."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("remote-cancel", "escape", "dismiss('')", "Cancel", in_palette=False),)
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def compose(self) -> ComposeResult:
        with Vertical(id="remote-dialog", classes="dialog"):
            yield Label("[b]Sync this store with its other copies[/]")
            yield Label("Where do the copies meet? A bare git repository: a folder on a USB "
                        "stick made with `git init --bare`, user@host:path over SSH, or a "
                        "private git host. Enter syncs, Escape cancels.")
            yield Input(placeholder="/media/usb/group.git", id="remote-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())


def start_sync(screen: PeerScreen[Any], line: SyncLine) -> None:
    """Sync now in a thread; the steps and the result land on *line* and as a notice."""
    try:
        state = read_state(screen.store.root)
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    if state is None or not state.remote:
        def chosen(remote: str | None) -> None:
            if remote:
                _run(screen, line, remote)

        screen.app.push_screen(RemoteDialog(), chosen)
        return
    _run(screen, line, None)


def _run(screen: PeerScreen[Any], line: SyncLine, remote: str | None) -> None:
    from peertui.services.sync import Syncer, SyncError  # git and the merge: when used

    app = screen.app

    def step(words: str) -> None:
        app.call_from_thread(line.update, f"[b]Syncing…[/] {printable(words)}")

    # the thread's store calls take the store's lock; screens saving meanwhile wait briefly
    # (they hand a busy save to a thread of their own, see ui/saves.py)

    def work() -> None:
        try:
            result = Syncer(screen.store, progress=step).run(remote)
        except (SyncError, StoreError) as error:
            app.call_from_thread(screen.notify, str(error), title="Sync did not complete",
                                 severity="error", timeout=15)
        else:
            app.call_from_thread(screen.notify, result.summary(), title="Synced")
            if result.received:
                app.call_from_thread(screen.peer.reload_group)
        app.call_from_thread(line.show_state, screen)

    line.display = True
    line.update("[b]Syncing…[/]")
    screen.run_worker(work, thread=True, exclusive=True, group="sync")
