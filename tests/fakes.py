"""Test doubles that production code has no use for."""

from __future__ import annotations

from datetime import UTC, datetime


class FakeTime:
    """A clock that only moves when told to: a TimeSource for tests."""

    def __init__(self, start: float | datetime = datetime(2026, 9, 17, 8, 0, tzinfo=UTC)) -> None:
        self._now = start.timestamp() if isinstance(start, datetime) else float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, when: float | datetime) -> None:
        self._now = when.timestamp() if isinstance(when, datetime) else float(when)
