"""Shared fixtures for the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from peertui.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh store with one group and one meeting, "m1"."""
    s = Store.open(tmp_path / "store")
    s.put_group({"id": "g1", "name": "Vistage 12"})
    s.create_meeting(
        {"id": "m1", "title": "March", "events": []},
        {"id": "m1", "group_id": "g1", "date": "2024-03-01", "status": "planned"},
    )
    return s
