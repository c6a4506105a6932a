"""The live screen's part in the room: driving the clock, or taking notes beside the driver.

Only one process drives the clock at a time (a lease in the meeting record, see
services/driver.py).  A second terminal or a browser on the same store opens as note-taker:
no timer keys, F2 offers to take over instead, and everything else works as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peertui.services.driver import HEARTBEAT_S, DriverLease, describe, holder_gone, lease_of
from peertui.store import StoreError
from peertui.ui.screens.dialogs import Confirm

if TYPE_CHECKING:
    from peertui.ui.screens.live import LiveScreen

# Actions that write clock events: the driver's alone.
TIMER_ACTIONS = frozenset({"toggle", "back", "next", "extend", "rebalance", "end_meeting",
                           "shuffle_round", "speaking_order"})
TAKE_OVER = "take_over"


class ClockRole:
    """Holds the lease for the screen, keeps it alive, and says which keys apply."""

    def __init__(self, screen: LiveScreen) -> None:
        self.screen = screen
        self.lease = DriverLease(screen.app.store, screen.meeting_id,  # type: ignore[attr-defined]
                                 screen.app.time)  # type: ignore[attr-defined]
        self.driving = False
        self.base_title = ""
        self._shown: tuple[str, str, bool] | None = None

    # lifecycle -------------------------------------------------------------

    def start(self, base_title: str) -> None:
        """Drive if nobody live does; otherwise join as note-taker."""
        self.base_title = base_title
        try:
            self.driving = self.screen.live.record.get("status") != "ended" and self.lease.claim()
        except (StoreError, OSError) as error:
            self.driving = False
            self.screen.notify(f"Could not claim the clock: {error}", severity="error")
        if not self.driving and self.screen.live.record.get("status") != "ended":
            self.screen.notify(f"The clock is driven by {self._holder_text()}: you are the "
                               "note-taker here. F2 takes over.", timeout=8)
        self.screen.set_interval(HEARTBEAT_S, self.heartbeat)
        self.show()

    def heartbeat(self) -> None:
        """Keep the lease fresh; notice when another screen has taken over."""
        if not self.driving:
            self.show()
            return
        try:
            still = self.lease.heartbeat()
        except (StoreError, OSError):
            return  # a passing store problem: try again at the next beat
        if still:  # our own write: no need to read the meeting back (tests/bench, idle CPU)
            self.screen.live.adopt_own_write(*self.lease.last_write)
            return
        self.driving = False
        self.screen.notify(f"{self._holder_text().capitalize()} took over the clock: "
                           "you are the note-taker now.", severity="warning", timeout=10)
        self.show()

    def release(self) -> None:
        if self.driving:
            try:
                self.lease.release()
            except (StoreError, OSError):
                pass  # the heartbeat goes stale and the next driver takes over anyway
            self.driving = False

    # what the screen shows and allows -------------------------------------

    def _holder_text(self) -> str:
        lease = lease_of(self.screen.live.record)
        if holder_gone(lease, self.screen.app.time.now()):  # type: ignore[attr-defined]
            return "nobody"
        return describe(lease)

    def label(self) -> str:
        """Short, for the header: which role this screen has."""
        if self.driving:
            return "driving"
        if self._holder_text() == "nobody":
            return "note-taker · clock free, F2 takes it"
        return "note-taker"

    def show(self) -> None:
        """Header, footer keys and palette follow the role."""
        screen = self.screen
        shown = (self.base_title, self.label(), self.driving)
        if shown == self._shown:  # every heartbeat lands here: re-laying the footer is costly
            return
        self._shown = shown
        screen.sub_title = f"{self.base_title} · {self.label()}"
        screen.PALETTE = [entry for entry in type(screen).PALETTE
                          if self.allows(entry[1].split("(")[0]) is not False]
        screen.refresh_bindings()

    def allows(self, action: str) -> bool | None:
        """False hides the action (and its key) for this role; None means not ours to say."""
        if action in TIMER_ACTIONS:
            return self.driving
        if action == TAKE_OVER:
            return not self.driving and self.screen.live.record.get("status") != "ended"
        return None

    # taking over -------------------------------------------------------------

    def take_over(self) -> None:
        """Take the clock: at once if nobody live holds it, else after a confirmation."""
        if self.driving:
            return
        try:
            holder = self.lease.holder()
        except (StoreError, OSError) as error:
            self.screen.notify(f"Not taken over: {error}", severity="error")
            return
        if holder_gone(holder, self.screen.app.time.now()):  # type: ignore[attr-defined]
            self._claim(force=False)
            return

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self._claim(force=True)

        self.screen.app.push_screen(
            Confirm(f"The clock is driven by {describe(holder)}. Take it over? That screen "
                    "becomes a note-taker.", "Take over"), answer)

    def _claim(self, force: bool) -> None:
        try:
            self.driving = self.lease.claim(force=force)
        except (StoreError, OSError) as error:
            self.screen.notify(f"Not taken over: {error}", severity="error")
            return
        if self.driving:
            self.screen.notify("You are driving the clock now.")
        else:
            self.screen.notify("Someone else took the clock first.", severity="warning")
        self.show()
