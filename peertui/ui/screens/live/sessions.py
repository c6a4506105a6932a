"""The browsers let in by `peertui serve`, for the driver: who, from where, since when, and
a key to revoke one (a tablet left behind, someone who should not be there).

Revoking marks the session in the store's session file; the server sees the file change
within a second, closes that browser's connection and refuses its cookie from then on.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from peertui.domain.timesource import from_iso
from peertui.store import StoreError
from peertui.ui.base import PeerModal
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.web.sessions import BrowserSession, SessionRegistry

REFRESH_S = 1.0


def _clock(stamp: str) -> str:
    """HH:MM local time of an ISO stamp, "?" if it makes no sense."""
    try:
        return datetime.fromtimestamp(from_iso(stamp)).strftime("%H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return "?"


class BrowserSessions(PeerModal[None]):
    """Lists the live browser sessions; r (or Delete) revokes the highlighted one."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("sessions-revoke", "r,delete", "revoke", "Revoke"),
        ScreenAction("sessions-close", "escape", "close", "Close", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.registry = SessionRegistry(self.store.root, self.store.locked)
        self._shown: tuple[BrowserSession, ...] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="browser-sessions"):
            yield Label("[b]Browsers[/b] let in with the key of `peertui serve`")
            yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="sessions-message")
            yield Label("r revokes the highlighted browser · Esc closes", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Address", "Since", "Last seen")
        self.refill()
        self.set_interval(REFRESH_S, self.refill)
        table.focus()

    def refill(self) -> None:
        """Show the file as it is now (a new browser joining, a name chosen)."""
        sessions = self.registry.listed()
        if sessions == self._shown:
            return
        self._shown = sessions
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for session in sessions:
            table.add_row(plain(session.name or "(no name yet)"), plain(session.address or "?"),
                          _clock(session.created), _clock(session.last_seen), key=session.id)
        if sessions:
            table.move_cursor(row=min(max(row, 0), len(sessions) - 1))
        self.query_one("#sessions-message", Label).update(
            "" if sessions else "No browser has joined.")

    def action_revoke(self) -> None:
        table = self.query_one(DataTable)
        if not self._shown or table.cursor_row < 0:
            return
        session = self._shown[min(table.cursor_row, len(self._shown) - 1)]
        try:
            self.registry.revoke(session.id)
        except (StoreError, OSError) as problem:
            self.notify(f"Not revoked: {problem}", severity="error")
            return
        self.notify(f"Revoked {session.shown_name} from {session.address or '?'}: its page "
                    "closes within seconds. The link still lets a device in: restart "
                    "`peertui serve` for a new key.", timeout=10)
        self.refill()

    def action_close(self) -> None:
        self.dismiss(None)
