"""The clock-driver lease file, meetings/<id>.driver (see services/driver.py).

Kept apart from the meeting file on purpose: the heartbeat rewrites these few bytes every
few seconds while the meeting file, which every other screen polls, stays untouched.
The Store takes the lock around the writes.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from peertui.domain.records import Lease

from .atomic import atomic_write_bytes
from .codec import decode_record


def read_lease(path: Path) -> Lease | None:
    """The lease, or None.  Missing, unreadable or damaged all count as no lease (never an
    error): a bad lease file must not lock the room out of its clock, and the next claim
    simply replaces it."""
    try:
        with open(path, "rb") as handle:
            return decode_record(handle.read(), Lease)  # its host is shown: made safe
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def write_lease(path: Path, lease: Lease) -> None:
    """Replace the lease file: atomically (temp file, rename) and 0600, but with no fsync.
    A beat lost to a power cut only leaves the lease stale, which is how a vanished driver
    is let go anyway, so durability would buy nothing and cost two disk flushes per beat."""
    atomic_write_bytes(path, msgspec.json.encode(lease), durable=False)
