"""Who drives the clock: a lease in the meeting record, so only one process runs the timer.

The lease is ``record["driver"] = {id, pid, host, since, heartbeat}``.  The driving process
refreshes the heartbeat every few seconds; any other process on the same store is a
note-taker until it takes over explicitly.  A lease whose heartbeat is older than
STALE_AFTER_S, or whose process is gone (same host, dead pid), is free for the taking, so a
crashed driver never locks the room out.  Every decision is made while holding the store's
own cross-process lock (Store.locked, re-entrant, so update_meeting inside it is fine), so two
processes can never both believe they drive.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any

from peertui.domain.ids import new_id
from peertui.domain.timesource import TimeSource, from_iso, to_iso
from peertui.store import Store

HEARTBEAT_S = 3.0
STALE_AFTER_S = 10.0


@dataclass(frozen=True)
class Identity:
    """This process (or this screen, when several run in one test process)."""

    id: str
    pid: int
    host: str

    @classmethod
    def here(cls) -> Identity:
        return cls(new_id(), os.getpid(), socket.gethostname())


def lease_of(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The lease stored in a meeting record, or None if nobody holds one."""
    if not record:
        return None
    lease = record.get("driver")
    return lease if isinstance(lease, dict) and lease.get("id") else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def heartbeat_age(lease: dict[str, Any], now: float) -> float:
    """Seconds since the holder last said it was alive (inf if unreadable)."""
    try:
        return max(0.0, now - from_iso(str(lease.get("heartbeat"))))
    except (TypeError, ValueError):
        return float("inf")


def holder_gone(lease: dict[str, Any] | None, now: float,
                stale_after: float = STALE_AFTER_S) -> bool:
    """Whether the lease may be taken without asking: none, stale, or its process is dead."""
    if lease is None:
        return True
    if heartbeat_age(lease, now) > stale_after:
        return True
    pid = lease.get("pid")
    if lease.get("host") == socket.gethostname() and isinstance(pid, int):
        return not _pid_alive(pid)
    return False


def describe(lease: dict[str, Any] | None) -> str:
    """Who holds the clock, in words for the header and the take-over question."""
    if lease is None:
        return "nobody"
    return f"process {lease.get('pid', '?')} on {lease.get('host', '?')}"


class DriverLease:
    """One process's claim on the clock of one meeting."""

    def __init__(self, store: Store, meeting_id: str, time: TimeSource,
                 identity: Identity | None = None) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.time = time
        self.identity = identity or Identity.here()
        self.last_write: tuple[tuple[Any, ...], tuple[Any, ...]] = ((), ())

    def is_mine(self, record: dict[str, Any] | None) -> bool:
        lease = lease_of(record)
        return lease is not None and lease.get("id") == self.identity.id

    def _lease(self, since: str | None = None) -> dict[str, Any]:
        now = to_iso(self.time.now())
        return {"id": self.identity.id, "pid": self.identity.pid, "host": self.identity.host,
                "since": since or now, "heartbeat": now}

    def holder(self) -> dict[str, Any] | None:
        return lease_of(self.store.get_meeting(self.meeting_id))

    def claim(self, force: bool = False) -> bool:
        """Drive the clock if nobody live does (or, with force, regardless). True if we drive."""
        with self.store.locked():
            record = self.store.get_meeting(self.meeting_id)
            if record is None:
                return False
            lease = lease_of(record)
            if self.is_mine(record):
                assert lease is not None
                self.store.update_meeting(self.meeting_id, {"driver": self._lease(lease["since"])})
                return True
            if not force and not holder_gone(lease, self.time.now()):
                return False
            self.store.update_meeting(self.meeting_id, {"driver": self._lease()})
            return True

    def heartbeat(self) -> bool:
        """Say we are still here. False (and nothing written) if someone else took over.

        `last_write` keeps the file's change token before and after this write (under the
        lock, so nobody else's write is in between): a screen can tell its own heartbeat
        from another process's save without reading the file again.
        """
        with self.store.locked():
            before = self.store.change_token(self.meeting_id)
            record = self.store.get_meeting(self.meeting_id)
            if record is None or not self.is_mine(record):
                return False
            lease = lease_of(record)
            assert lease is not None
            self.store.update_meeting(self.meeting_id, {"driver": self._lease(lease["since"])})
            self.last_write = (before, self.store.change_token(self.meeting_id))
            return True

    def release(self) -> None:
        """Give the clock back on the way out, so the next driver need not wait."""
        with self.store.locked():
            record = self.store.get_meeting(self.meeting_id)
            if record is not None and self.is_mine(record):
                self.store.update_meeting(self.meeting_id, {"driver": None})
