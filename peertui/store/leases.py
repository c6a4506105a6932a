"""The clock-driver lease file, meetings/<id>.driver (see services/driver.py).

Kept apart from the meeting file on purpose: the heartbeat rewrites these few bytes every
few seconds while the meeting file, which every other screen polls, stays untouched.
The Store takes the lock around the writes, and checks the holder under that same lock
(require_holder): a clock event or a heartbeat from a process that lost the lease a moment
ago writes nothing, so there is never a second driver, not even until its next beat.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from peertui.domain.records import Lease

from .atomic import atomic_write_bytes
from .codec import decode_record
from .errors import StoreError
from .sealing import unseal_read


class NotDriving(StoreError):
    """A clock write (an event, a heartbeat) from a process that does not hold the lease.

    Nothing was written.  ``holder`` is who holds the lease instead (None: nobody), so the
    screen can say who took the clock over and when.
    """

    def __init__(self, path: Path | str, holder: Lease | None) -> None:
        who = "nobody holds it now" if holder is None else f"{holder_words(holder)} holds it now"
        super().__init__(path, f"this process no longer drives the clock ({who})",
                         "Nothing was saved. F2 on the live screen takes the clock back.",
                         "clock lease")
        self.holder = holder
        self.args = (str(path), holder)  # what unpickling passes back to __init__


def person_at(name: str, host: str) -> str:
    """"Priya on chair-laptop": a person at a machine, as every screen names them."""
    return f"{name} on {host or '?'}"


def holder_words(lease: Lease) -> str:
    """Who holds *lease*, in words: the person and the machine; an unnamed holder (an old
    file, a machine whose name question was skipped) by its process and machine."""
    return person_at(lease.name or f"process {lease.pid or '?'}", lease.host)


def read_lease(path: Path) -> Lease | None:
    """The lease, or None.  Missing, unreadable or damaged all count as no lease (never an
    error): a bad lease file must not lock the room out of its clock, and the next claim
    simply replaces it.  Unsealed when the store is encrypted; one this process cannot
    unseal is none too."""
    try:
        with open(path, "rb") as handle:
            raw = unseal_read(path, handle.read())
        return decode_record(raw, Lease)  # its host is shown: made safe
    except (OSError, StoreError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def require_holder(path: Path, driver: str) -> Lease:
    """The lease, if *driver* (a lease id) holds it; NotDriving otherwise.  Only meaningful
    under the store's write lock: then nobody can claim between this check and the write."""
    lease = read_lease(path)
    if lease is None or lease.id != driver:
        raise NotDriving(path, lease)
    return lease


def write_lease(path: Path, lease: Lease) -> None:
    """Replace the lease file: atomically (temp file, rename) and 0600, but with no fsync.
    A beat lost to a power cut only leaves the lease stale, which is how a vanished driver
    is let go anyway, so durability would buy nothing and cost two disk flushes per beat."""
    atomic_write_bytes(path, msgspec.json.encode(lease), durable=False)
