"""The plainest facts about a store file, below sealing: its bytes as on disk, and its
fingerprint.  Every module of the store needs them, and sealing.py (which atomic.py and
records.py build on) could not import them from either without a cycle."""

from __future__ import annotations

import os
from pathlib import Path

from peertui.domain.records import FileToken

from .errors import from_os_error

#: A file's (mtime, size, inode, mode), or None when missing: cheap, and the inode changes
#: on every atomic replace, so every cache in the store is keyed on it.
StatKey = FileToken | None


def stat_key(path: Path | str) -> StatKey:
    """Cheap change fingerprint; the inode changes on every atomic replace."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode)


def read_raw(path: Path | str) -> bytes | None:
    """The file's bytes as on disk (sealed or not), or None only when it does not exist."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(path, exc, "read") from exc
