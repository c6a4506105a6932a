"""Where 'now' comes from. Injected everywhere so tests run a meeting in milliseconds."""

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


class FakeTime:
    """A clock that only moves when told to."""

    def __init__(self, start: float | datetime = datetime(2026, 9, 17, 8, 0, tzinfo=UTC)) -> None:
        self._now = start.timestamp() if isinstance(start, datetime) else float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, when: float | datetime) -> None:
        self._now = when.timestamp() if isinstance(when, datetime) else float(when)


def to_iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> float:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()
