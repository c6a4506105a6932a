"""The live screen's part in the room: driving the clock, or taking notes beside the driver.

Only one process drives the clock at a time (a lease file beside the meeting, see
services/driver.py).  A second terminal or a browser on the same store opens as note-taker:
no timer keys, F2 offers to take over instead, and everything else works as usual.  Which
actions are the driver's is said once, by the `role` of each entry in the screen's action
table (screen.py); `allows` applies it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.timer import Timer

from peertui.domain.clock import EventType
from peertui.domain.timesource import from_iso
from peertui.services.driver import HEARTBEAT_S, DriverLease, Identity, describe, holder_gone
from peertui.services.live import LiveMeeting
from peertui.services.machine import load_machine
from peertui.store import StoreError
from peertui.store.leases import NotDriving, person_at
from peertui.store.records import StatKey
from peertui.store.watch import StoreChange
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import Role
from peertui.ui.screens.dialogs import Confirm
from peertui.web.sessions import SessionRegistry, note_takers_text, own_session

# How often a note-taker looks at the lease file (one stat): the screen's own poll only
# watches the meeting file, which a claim, a beat or a release no longer touch.
LEASE_POLL_S = 0.5
_UNSEEN: StatKey = (-1, -1, -1, -1)  # no lease file ever has this fingerprint: the next poll looks
#: A refused clock key, in the words of the footer, for the message that it was not saved.
KEY_WORDS: dict[EventType, str] = {
    "start": "start (F2)", "pause": "pause (F2)", "resume": "resume (F2)", "back": "Back (F3)",
    "next": "Next (F4)", "extend": "extension", "rebalance": "rebalance (F7)",
    "reorder": "new speaking order", "end": "End (F8)",
}


def not_saved_message(refused: NotDriving, kind: EventType, seconds: int = 0) -> str:
    """Who took the clock and when, that the key was not saved, and how to take it back."""
    what = KEY_WORDS.get(kind, kind)
    if kind == "extend" and seconds:
        what = f"extension (+{seconds // 60} min)"
    lease = refused.holder
    if lease is None:
        return (f"Nobody holds the clock any more: your {what} was not saved. "
                "F2 takes the clock.")
    who = describe(lease)
    try:
        at = f" at {datetime.fromtimestamp(from_iso(lease.since)):%H:%M}"
    except (TypeError, ValueError):
        at = ""
    return (f"{who[:1].upper()}{who[1:]} took the clock over{at}: your {what} was not "
            "saved. F2 takes it back.")


HEADER_CHROME = 28  # the header's icon (8), its clock space (10) and "peertui — "


def header_line(base: str, role: str, width: int) -> str:
    """The live header's subtitle in *width* columns: whole parts only, the date dropped
    first, then the deep dive's presenter, then the group's name, so the role (who drives,
    who takes notes) is never the part cut off."""
    parts = [part for part in base.split(" · ") if part]
    room = width - HEADER_CHROME
    candidates = [parts, [p for p in parts if not p[:4].isdigit()],
                  [p for p in parts if not p[:4].isdigit() and not p.startswith("deep dive")]]
    for kept in candidates:
        text = " · ".join([*kept, role])
        if len(text) <= room:
            return text
    return role  # the group's name gives way last: the header shows it on every other screen


class ClockRole:
    """Holds the lease for the screen, keeps it alive, and says which keys apply."""

    def __init__(self, screen: PeerScreen[None], live: LiveMeeting) -> None:
        self.screen = screen
        self.live = live
        # who is here, so the others see a name: a browser's note-taker (peertui serve asks),
        # or this machine's person (asked the first time a terminal opens a live meeting)
        session = own_session(screen.store.root, screen.store.locked)
        self.in_browser = session is not None
        machine = None if self.in_browser else load_machine()
        self._ask_name = not self.in_browser and machine is None
        self.name = session[1].name if session is not None else \
            machine.name if machine is not None else ""
        self.lease = DriverLease(screen.store, live.meeting_id, screen.time,
                                 Identity.here(self.name))
        self.browsers = SessionRegistry(screen.store.root, screen.store.locked)
        self.driving = False
        self.base_title = ""
        self._width = 0  # the screen's, when the header was last laid out
        self._shown: tuple[str, str, bool] | None = None
        self._watch: Timer | None = None
        self._lease_seen: StatKey = _UNSEEN

    # lifecycle -------------------------------------------------------------

    def start(self, base_title: str) -> None:
        """Drive if nobody live does; otherwise join as note-taker."""
        self.base_title = base_title
        try:
            self.driving = self.live.record.status != "ended" and self.lease.claim()
        except (StoreError, OSError) as error:
            self.driving = False
            self.screen.notify(f"Could not claim the clock: {error}", severity="error")
        if not self.driving and self.live.record.status != "ended":
            self.screen.notify(f"The clock is driven by {self.holder_text()}: you are the "
                               "note-taker here. F2 takes over.", timeout=8)
        self.screen.set_interval(HEARTBEAT_S, self.heartbeat)
        watch = self.screen.peer.store_watch
        watch.subscribe(self.screen, self._store_changed)
        self._watch = watch.poll_every(self.screen, LEASE_POLL_S, self._follow_lease)
        if self._watch is not None and self.driving:
            self._watch.pause()
        self.show()
        if self._ask_name and self.live.record.status != "ended":  # the first one here
            from peertui.ui.screens.who_is_here import ask_machine_name  # it imports this

            self._ask_name = False
            ask_machine_name(self.screen.app, True,
                             lambda name: self.rename(name) if name else None)

    def rename(self, name: str) -> None:
        """This machine's person is now *name*: the lease (if driving) and header say so."""
        if self.in_browser:
            return  # a browser's name is its session's (peertui serve), not the machine's
        self.name = name
        self.lease.identity = replace(self.lease.identity, name=name)
        if self.driving:
            try:
                self.lease.claim()  # ours already: rewritten with the name, `since` kept
            except (StoreError, OSError):
                pass  # the lease keeps the old name until the next claim; nothing is lost
        self.show()

    def heartbeat(self) -> None:
        """Keep the lease fresh; notice when another screen has taken over.  A note-taker
        re-reads the lease here instead (show), to follow who drives or that nobody does."""
        if not self.driving:
            self.show()
            return
        try:
            still = self.lease.heartbeat()
        except (StoreError, OSError):
            return  # a passing store problem: try again at the next beat
        if still:  # only the lease file changed: the meeting, and the screen, are as they were
            self.show()  # but a browser may have joined or been named (peertui serve)
            return
        self._set_driving(False)
        self.screen.notify(f"{self.holder_text().capitalize()} took over the clock: "
                           "you are the note-taker now.", severity="warning", timeout=10)
        self.show()

    @property
    def driver_id(self) -> str:
        """This screen's lease id: the store keeps a clock event only while it holds it."""
        return self.lease.identity.id

    def lost_clock(self, refused: NotDriving, kind: EventType, seconds: int = 0) -> None:
        """The store refused a clock key (another screen holds the lease): say so where the
        user looks, and become note-taker now, not at the next heartbeat."""
        self._set_driving(False)
        self.screen.notify(not_saved_message(refused, kind, seconds), severity="warning",
                           timeout=12)
        self.show()

    def release(self) -> None:
        """On the way out: give the lease back (the screen's timers end with it)."""
        if self.driving:
            try:
                self.lease.release()
            except (StoreError, OSError):
                pass  # the heartbeat goes stale and the next driver takes over anyway
            self.driving = False

    def _set_driving(self, driving: bool) -> None:
        """Change role; the lease watch runs only while taking notes, so a driver (the idle
        CPU case) wakes for nothing but its heartbeat."""
        self.driving = driving
        if self._watch is not None:
            if driving:
                self._watch.pause()
            else:
                self._lease_seen = _UNSEEN
                self._watch.resume()

    def _store_changed(self, change: StoreChange) -> None:
        if change.touches_lease(self.live.meeting_id):
            self._follow_lease()

    def _follow_lease(self) -> None:
        """A note-taker's poll of the lease file: one stat, and a read only when it changed,
        so another screen's claim or release shows within a second, as saves do."""
        if self.driving:
            return
        try:
            token = self.lease.token()
        except OSError:
            return  # the heartbeat re-reads the lease anyway
        if token != self._lease_seen:
            self._lease_seen = token
            self.show()

    # what the screen shows and allows -------------------------------------

    def holder_text(self) -> str:
        """Who drives, in words, from the lease file ("nobody" if it is free to take)."""
        lease = self.lease.holder()  # never raises: a bad lease file reads as no lease
        if holder_gone(lease, self.screen.time.now()):
            return "nobody"
        return describe(lease)

    def me(self) -> str:
        """Who this screen is, in words ("" if unnamed): "Priya (browser)", "Priya on vm"."""
        if not self.name:
            return ""
        return f"{self.name} (browser)" if self.in_browser else \
            person_at(self.name, self.lease.identity.host)

    def label(self) -> str:
        """Short, for the header: which role this screen has, and who."""
        me = self.me()
        if self.driving:
            browsers = note_takers_text(self.browsers)
            driving = f"driving as {me}" if me else "driving"
            return f"{driving} · {browsers}" if browsers else driving
        role = f"note-taker: {me}" if me else "note-taker"
        holder = self.lease.holder()
        if holder_gone(holder, self.screen.time.now()):
            return f"{role} · clock free, F2 takes it"
        if holder is not None and holder.name:
            return f"{role} · {describe(holder)} drives the clock"
        return role

    def show(self) -> None:
        """Header, footer keys and palette follow the role."""
        screen = self.screen
        width = screen.size.width
        shown = (self.base_title, self.label(), self.driving)
        if shown == self._shown and width == self._width:
            return  # every heartbeat lands here: re-laying the footer is costly
        keys_changed = shown != self._shown
        self._shown, self._width = shown, width
        screen.sub_title = header_line(self.base_title, self.label(), width)
        if keys_changed:
            screen.refresh_bindings()  # the footer and the palette ask check_action again

    def allows(self, role: Role) -> bool:
        """Whether an action for *role* applies to this screen now; False hides it (its key
        in the footer, its entry in the palette)."""
        if role == "driver":
            return self.driving
        if role == "note-taker":
            return not self.driving and self.live.record.status != "ended"
        return True

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
        if holder_gone(holder, self.screen.time.now()):
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
            driving = self.lease.claim(force=force)
        except (StoreError, OSError) as error:
            self.screen.notify(f"Not taken over: {error}", severity="error")
            return
        self._set_driving(driving)
        if self.driving:
            self.screen.notify("You are driving the clock now.")
        else:
            self.screen.notify("Someone else took the clock first.", severity="warning")
        self.show()
