"""Who drives the clock: a lease beside the meeting, so only one process runs the timer.

The lease is a small file of its own, ``meetings/<id>.driver`` = {id, pid, host, since,
heartbeat, name} (Store.read_lease / write_lease / clear_lease), not part of the meeting
record (its name is who drives: services/machine.py, or a browser's session), so that
the heartbeat rewrites a few dozen bytes, and the meeting file, which every other
screen polls, does not change every few seconds.  (Records saved before may still hold a
"driver" key; nothing reads it.)  The driving process refreshes the heartbeat every few
seconds; any other process on the same store is a note-taker until it takes over explicitly.
A lease whose heartbeat is older than STALE_AFTER_S, or whose process is gone (same host,
dead pid), or whose file is damaged, is free for the taking, so a crashed driver never locks
the room out.  Every decision is made while holding the store's own cross-process lock
(Store.locked, re-entrant, so the store's writes inside it are fine), so two processes can
never both believe they drive.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from peertui.domain.ids import new_id
from peertui.domain.records import Lease
from peertui.domain.timesource import TimeSource, from_iso, to_iso
from peertui.store import Store
from peertui.store.atomic import pid_alive
from peertui.store.leases import NotDriving, holder_words
from peertui.store.records import StatKey

# A beat every few seconds is plenty: a driver that dies on this host is seen at once (its pid).
HEARTBEAT_S = 5.0
STALE_AFTER_S = 15.0


@dataclass(frozen=True)
class Identity:
    """This process (or this screen, when several run in one test process)."""

    id: str
    pid: int
    host: str
    name: str = ""  # who, when known (this machine's person, a browser's note-taker)

    @classmethod
    def here(cls, name: str = "") -> Identity:
        return cls(new_id(), os.getpid(), socket.gethostname(), name)


def current_lease(store: Store, meeting_id: str) -> Lease | None:
    """The meeting's lease, or None if nobody holds one (or its file makes no sense: the
    store reads a damaged lease, or one without an id, as none)."""
    return store.read_lease(meeting_id)


def heartbeat_age(lease: Lease, now: float) -> float:
    """Seconds since the holder last said it was alive (inf if unreadable)."""
    try:
        return max(0.0, now - from_iso(lease.heartbeat))
    except (TypeError, ValueError):
        return float("inf")


def holder_gone(lease: Lease | None, now: float,
                stale_after: float = STALE_AFTER_S) -> bool:
    """Whether the lease may be taken without asking: none, stale, or its process is dead."""
    if lease is None:
        return True
    if heartbeat_age(lease, now) > stale_after:
        return True
    if lease.host == socket.gethostname() and lease.pid > 0:
        return not pid_alive(lease.pid)
    return False


def describe(lease: Lease | None) -> str:
    """Who holds the clock, in words for the header and the take-over question."""
    return "nobody" if lease is None else holder_words(lease)


class DriverLease:
    """One process's claim on the clock of one meeting."""

    def __init__(self, store: Store, meeting_id: str, time: TimeSource,
                 identity: Identity | None = None) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.time = time
        self.identity = identity or Identity.here()

    def is_mine(self, lease: Lease | None) -> bool:
        """Whether *lease* (as current_lease read it) is this process's."""
        return lease is not None and lease.id == self.identity.id

    def _lease(self, since: str = "") -> Lease:
        """Our lease as of now; *since* kept from the lease we renew."""
        now = to_iso(self.time.now())
        return Lease(id=self.identity.id, pid=self.identity.pid, host=self.identity.host,
                     since=since or now, heartbeat=now, name=self.identity.name)

    def holder(self) -> Lease | None:
        """Whoever holds the lease now (maybe a stale or dead holder: see holder_gone)."""
        return current_lease(self.store, self.meeting_id)

    def token(self) -> StatKey:
        """Changes whenever the lease file does (a beat, a claim, a release): one stat."""
        return self.store.lease_token(self.meeting_id)

    def claim(self, force: bool = False) -> bool:
        """Drive the clock if nobody live does (or, with force, regardless). True if we drive."""
        with self.store.locked():
            if self.store.meeting(self.meeting_id) is None:
                return False  # no lease for a meeting that is not (or no longer) there
            lease = self.holder()
            if self.is_mine(lease):
                assert lease is not None
                self.store.write_lease(self.meeting_id, self._lease(lease.since))
                return True
            if not force and not holder_gone(lease, self.time.now()):
                return False
            self.store.write_lease(self.meeting_id, self._lease())
            return True

    def heartbeat(self) -> bool:
        """Say we are still here. False (and nothing written) if someone else took over.

        Reads and rewrites only the tiny lease file, never the meeting: no other screen sees
        a change to poll for, and a beat costs no parse of the meeting's notes.  The store
        checks the holder under its lock (Store.renew_lease), the same rule as for clock
        events (Store.append_event with driver=), so a stale beat never overwrites a claim.
        """
        try:
            self.store.renew_lease(self.meeting_id, self.identity.id, to_iso(self.time.now()))
        except NotDriving:  # checked under the store's lock: the new holder's lease stays
            return False
        return True

    def release(self) -> None:
        """Give the clock back on the way out, so the next driver need not wait."""
        with self.store.locked():
            if self.is_mine(self.holder()):
                self.store.clear_lease(self.meeting_id)
