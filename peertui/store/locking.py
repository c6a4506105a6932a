"""The store's cross-process write lock: one file lock, re-entrant in a thread, and a way to
ask for it without waiting.

filelock is imported only when the lock is first taken: a plain start on a tidy store takes
no lock and does not pay for the import (start-up time is mostly imports).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import refuse_symlink
from .errors import LOCK_ADVICE, LockBusy, StoreError, from_os_error
from .layout import FILE_MODE

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT_S = 15.0


class StoreLock:
    """The lock file of one store, made at the first write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file_lock: FileLock | None = None
        self._no_wait = threading.local()  # per thread: LockBusy instead of waiting

    def _lock(self) -> FileLock:
        if self._file_lock is None:
            from filelock import FileLock

            refuse_symlink(self.path)  # the lock would follow it, even dangling
            self._file_lock = FileLock(self.path, timeout=LOCK_TIMEOUT_S, mode=FILE_MODE)
        return self._file_lock

    @property
    def is_locked(self) -> bool:
        """Whether this process holds the lock now."""
        return self._file_lock is not None and self._file_lock.is_locked

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock; lock failures become StoreError (LockBusy when not waiting)."""
        from filelock import Timeout

        lock = self._lock()
        hurry = getattr(self._no_wait, "on", False)
        try:
            lock.acquire(timeout=0 if hurry else None)  # held by this thread: at once
        except Timeout:
            if hurry:
                raise LockBusy(self.path, "another process holds the lock right now",
                               LOCK_ADVICE) from None
            raise StoreError(self.path, f"another process held the lock for over "
                             f"{LOCK_TIMEOUT_S:g} s", LOCK_ADVICE) from None
        except OSError as exc:
            raise from_os_error(self.path, exc, "lock") from exc
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def without_waiting(self) -> Iterator[None]:
        """In this block (this thread only) a busy lock raises LockBusy at once."""
        before = getattr(self._no_wait, "on", False)
        self._no_wait.on = True
        try:
            yield
        finally:
            self._no_wait.on = before
