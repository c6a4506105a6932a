"""Where 'now' comes from. Injected everywhere, so tests run a whole meeting in milliseconds
on a clock of their own (tests/fakes.py)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class TimeSource(Protocol):
    def now(self) -> float:
        """Seconds since the epoch, UTC."""
        ...


class SystemTime:
    def now(self) -> float:
        return time.time()


def to_iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> float:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()
