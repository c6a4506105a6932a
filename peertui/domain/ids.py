"""Identifiers that stay unique across processes (TinyDB's counter does not)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A short random id, safe as a file name and unique across writers."""
    return uuid.uuid4().hex[:16]
