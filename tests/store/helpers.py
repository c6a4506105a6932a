"""Small helpers shared by the store tests."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from peertui.domain.records import ClockEvent, Item, Meeting, Slot

AT = "2024-03-01T16:00:00.000000+00:00"
#: The plan of the fixture's meeting: one countdown, so a 'start' starts it.
PLAN = (Slot(segment_key="welcome", segment_title="Welcome", title="Welcome", planned=300),)


def mode_of(path: Path) -> int:
    """Permission bits, so tests can say 0o600 / 0o700."""
    return stat.S_IMODE(os.stat(path).st_mode)


def temp_leftovers(folder: Path) -> list[str]:
    """Names of atomic-write temp files in *folder*."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def note(item_id: str, text: str = "", **fields: Any) -> Item:
    """A note (or, with kind=..., any item) with the fields a test cares about."""
    return Item(id=item_id, text=text, **fields)


def event(kind: Any, at: str = AT, **fields: Any) -> ClockEvent:
    return ClockEvent(type=kind, at=at, **fields)


def meeting(meeting_id: str, group_id: str = "g1", date: str = "2024-03-01",
            **fields: Any) -> Meeting:
    return Meeting(id=meeting_id, group_id=group_id, date=date, **fields)


requires_non_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root ignores file permissions",
)
