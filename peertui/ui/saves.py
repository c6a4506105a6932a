"""A screen's saves: written at once when the store's lock is free, else behind the screen.

A save used to wait for the cross-process lock on the UI thread, so while another program
held it the whole screen froze (the countdown stopped for 13 s) before it said "Not saved".
Now each save first tries without waiting (Store.without_waiting): the usual case costs
what it always did, with no thread hop.  Only when the lock is busy does the same write go
to one background thread, in the order the saves were asked for, while the screen runs on;
its outcome comes back on the UI thread.  A failure never ends the app: `failed` gets the
error, and the caller keeps the text or the item so the user can try again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from peertui.store import Store
from peertui.store.errors import LockBusy

T = TypeVar("T")
#: Said where the user is looking while a save waits for another program's lock.
BUSY_SAVING = ("Saving… another program holds the store's lock. Keep working: nothing is "
               "lost, and it is saved as soon as the lock is free.")


class Saves:
    """Saves for one screen, applied in the order asked."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor: ThreadPoolExecutor | None = None
        self.waiting = 0  #: saves handed to the background thread and not finished yet

    @property
    def busy(self) -> bool:
        return self.waiting > 0

    def save(self, write: Callable[[], T], done: Callable[[T], None],
             failed: Callable[[Exception], None],
             queued: Callable[[], None] | None = None) -> None:
        """Run *write* (one locked store write: it must write nothing if it fails), then
        `done(result)` or `failed(error)` on the UI thread; `queued()` when it has to wait."""
        if not self.busy:  # behind a waiting save it must wait too, to keep the order
            try:
                with self.store.without_waiting():
                    result = write()
            except LockBusy:
                pass
            except Exception as error:  # whatever it was, the app stays up
                failed(error)
                return
            else:
                done(result)
                return
        if queued is not None:
            queued()
        self._in_background(write, done, failed)

    def _in_background(self, write: Callable[[], T], done: Callable[[T], None],
                       failed: Callable[[Exception], None]) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peertui-save")
        self.waiting += 1
        future = asyncio.get_running_loop().run_in_executor(self._executor, write)

        def finished(outcome: asyncio.Future[T]) -> None:
            self.waiting -= 1
            if outcome.cancelled():
                return
            error = outcome.exception()
            if error is None:
                done(outcome.result())
            elif isinstance(error, Exception):
                failed(error)

        future.add_done_callback(finished)

    def close(self) -> None:
        """When the screen goes: a write under way finishes; nothing new starts."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)
