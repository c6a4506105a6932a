"""Small helpers shared by the store tests."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def mode_of(path: Path) -> int:
    """Permission bits, so tests can say 0o600 / 0o700."""
    return stat.S_IMODE(os.stat(path).st_mode)


def temp_leftovers(folder: Path) -> list[str]:
    """Names of atomic-write temp files in *folder*."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


requires_non_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root ignores file permissions",
)
