"""The store is private to its owner: every file 0600, every folder 0700."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def loose_modes(root: Path) -> list[str]:
    """Paths under *root* (root included) that others could read, write or enter."""
    loose = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            loose.append(f"{path.relative_to(root.parent)} is {mode:o}, not {want:o}")
    return loose
