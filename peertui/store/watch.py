"""Knowing when another process changed the store, without looking every second.

Every screen that follows other processes (the projector, a second note-taker, a browser
note-taker, home, the past list) used to poll the store's change token on a timer, so a
change showed up to a second later and an idle room woke several times a second for
nothing.  A watch here hears of each file the store replaces (every write is an atomic
rename, see atomic.py) from the operating system instead:

* on Linux, inotify: the kernel queues the store's changes on a file descriptor that the
  app's event loop reads (no thread, no timer: nothing runs while nothing changes);
* elsewhere (macOS FSEvents, Windows), watchfiles in a thread, which wakes every
  ``WATCHFILES_STEP_MS`` to look;
* where neither works (some network file systems, inotify's watch limit), no watch: the
  callers poll as before (``open_watch`` returns None and says why).

A change names what it touched, in the store's own terms (the index, a meeting, a clock
lease), so a screen wakes only for the files it shows.  Temp files and the lock file are
never a change.  Nothing here imports textual; the app side is ui/store_watch.py.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import INDEX_NAME, LEASE_SUFFIX, MEETINGS_DIR, meetings_dir

if TYPE_CHECKING:
    from inotify_simple import INotify

#: Which watch to use: "auto" (inotify on Linux, else watchfiles), one of those by name,
#: or "poll" for none (the callers' timers, as before the watch existed).
MODE_ENV = "PEERTUI_WATCH"
MODES = ("auto", "inotify", "watchfiles", "poll")
#: watchfiles looks this often (its own loop); a change shows within about two steps.
WATCHFILES_STEP_MS = 50
_MEETING_SUFFIX = ".json"


@dataclass(frozen=True)
class StoreChange:
    """What one batch of file events touched.  ``everything`` means the watch lost count
    (the kernel's queue overflowed, a folder was replaced): look at all you show."""

    index: bool = False
    meetings: frozenset[str] = frozenset()  # ids whose meeting file was written or removed
    leases: frozenset[str] = frozenset()  # ids whose clock lease was written or removed
    everything: bool = False

    def __bool__(self) -> bool:
        return self.index or bool(self.meetings) or bool(self.leases) or self.everything

    def __or__(self, other: StoreChange) -> StoreChange:
        return StoreChange(self.index or other.index, self.meetings | other.meetings,
                           self.leases | other.leases, self.everything or other.everything)

    @property
    def any_meeting(self) -> bool:
        """A meeting file changed (a meeting made, a note saved, one purged)."""
        return self.everything or bool(self.meetings)

    def touches_index(self) -> bool:
        return self.everything or self.index

    def touches_meeting(self, meeting_id: str) -> bool:
        """The meeting's own file or the index (where meetings are listed) changed."""
        return self.everything or self.index or meeting_id in self.meetings

    def touches_lease(self, meeting_id: str) -> bool:
        return self.everything or meeting_id in self.leases


EVERYTHING = StoreChange(everything=True)


def classify(in_meetings: bool, name: str) -> StoreChange:
    """The change one file event means: by the file's name only (temp files, the lock,
    anything else in the folder mean nothing)."""
    if not in_meetings:
        if name == INDEX_NAME:
            return StoreChange(index=True)
        if name == MEETINGS_DIR:  # the folder made or replaced: its files are new to us
            return EVERYTHING
        return StoreChange()
    if name.startswith("."):  # a temp file of an atomic write (atomic.temp_name)
        return StoreChange()
    if name.endswith(_MEETING_SUFFIX):
        return StoreChange(meetings=frozenset({name[: -len(_MEETING_SUFFIX)]}))
    if name.endswith(LEASE_SUFFIX):
        return StoreChange(leases=frozenset({name[: -len(LEASE_SUFFIX)]}))
    return StoreChange()


def chosen_mode() -> str:
    mode = os.environ.get(MODE_ENV, "auto").strip().lower() or "auto"
    return mode if mode in MODES else "auto"


class InotifyWatch:
    """Linux: read the kernel's queue of the store's changes when its descriptor is ready.

    The store folder is watched for the index (and for the meetings folder being made), the
    meetings folder for meeting files and leases.  Renamed-in (an atomic write), closed
    after writing, removed or renamed away: each is a change of that file.
    """

    def __init__(self, root: Path) -> None:
        from inotify_simple import INotify, flags  # Linux only; imported once watching

        self.root = root
        self._flags = flags
        self._files = flags.MOVED_TO | flags.MOVED_FROM | flags.CLOSE_WRITE | flags.DELETE
        self._inotify: INotify = INotify(nonblocking=True)
        try:
            self._root_wd = self._inotify.add_watch(root, self._files | flags.CREATE)
            self._meetings_wd = self._watch_meetings()
        except OSError:
            self._inotify.close()
            raise

    def _watch_meetings(self) -> int | None:
        try:
            return int(self._inotify.add_watch(meetings_dir(self.root), self._files))
        except FileNotFoundError:
            return None  # a new store: watched once the folder is made (see read)

    def fileno(self) -> int:
        return int(self._inotify.fileno())

    def read(self) -> StoreChange:
        """Everything queued since the last read (never waits); empty if nothing is."""
        change = StoreChange()
        flags = self._flags
        for event in self._inotify.read(timeout=0):
            if event.mask & flags.Q_OVERFLOW:
                change |= EVERYTHING
            elif event.mask & flags.IGNORED:  # a watched folder went away
                if event.wd == self._meetings_wd:
                    self._meetings_wd = None
                    change |= EVERYTHING
            elif event.wd == self._root_wd:
                change |= classify(False, event.name)
                if event.name == MEETINGS_DIR and self._meetings_wd is None:
                    self._meetings_wd = self._watch_meetings()
            elif event.wd == self._meetings_wd:
                change |= classify(True, event.name)
        return change

    def close(self) -> None:
        self._inotify.close()


class WatchfilesWatch:
    """Elsewhere: watchfiles (the system's own notifications) in a daemon thread, calling
    *changed* from that thread with each batch, and with None if the watch breaks.  Costs a
    wake-up each step while idle."""

    def __init__(self, root: Path, changed: Callable[[StoreChange | None], None]) -> None:
        import watchfiles  # imported once watching

        self.root = root
        self._stop = threading.Event()
        self._changed = changed
        self._watchfiles = watchfiles
        self._thread = threading.Thread(target=self._run, name="peertui-store-watch",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        meetings = meetings_dir(self.root)
        try:
            for batch in self._watchfiles.watch(self.root, stop_event=self._stop,
                                                step=WATCHFILES_STEP_MS, debounce=200,
                                                raise_interrupt=False, recursive=True):
                change = StoreChange()
                for _kind, path in batch:
                    file = Path(path)
                    if file.parent == meetings:
                        change |= classify(True, file.name)
                    elif file.parent == self.root:
                        change |= classify(False, file.name)
                if change:
                    self._changed(change)
        except Exception:  # the watch ends here: the callers go back to polling
            self._changed(None)

    def close(self) -> None:
        self._stop.set()


Watch = InotifyWatch | WatchfilesWatch


def open_watch(root: Path, changed: Callable[[StoreChange | None], None],
               mode: str | None = None) -> tuple[Watch | None, str]:
    """The best watch this system has for *root*, and which it is in words.  None (with
    the reason) when the callers must poll.  *changed* is called only by a threaded watch;
    an InotifyWatch is read by the caller when its descriptor is ready."""
    mode = mode or chosen_mode()
    if mode == "poll":
        return None, f"polling ({MODE_ENV}=poll)"
    if mode in ("auto", "inotify") and sys.platform.startswith("linux"):
        try:
            return InotifyWatch(root), "inotify"
        except (OSError, ImportError) as error:
            if mode == "inotify":
                return None, f"polling (inotify: {error})"
    try:
        return WatchfilesWatch(root, changed), "watchfiles"
    except (OSError, ImportError, RuntimeError) as error:
        return None, f"polling (watchfiles: {error})"
