"""Shared fixtures for the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from peertui.domain.models import Group
from peertui.domain.records import Meeting
from peertui.store import Store

from .helpers import PLAN


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh store with one group, "g1", and one meeting of it, "m1" (one slot)."""
    s = Store.open(tmp_path / "store")
    s.save_group(Group(id="g1", name="Vistage 12"))
    s.create_meeting(Meeting(id="m1", group_id="g1", date="2024-03-01", topic="March",
                             slots=PLAN))
    return s
