"""One store watch per app, shared by its screens: they hear of another process's save the
moment it lands instead of at their next poll.

The app starts the watch once its first screen is painted (the watch's imports stay out of
start-up) and publishes each change on ``changed``, a Textual Signal: a screen subscribes
with the files it shows in mind and is dropped from it when it goes away.  With inotify the
event loop itself reads the kernel's queue (add_reader): no thread and no timer.  Where no
watch works, ``live`` stays False and the screens keep their poll timers (``poll_every``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.signal import Signal
from textual.timer import Timer

from peertui.store.watch import EVERYTHING, InotifyWatch, StoreChange, Watch, open_watch

#: How soon after the first paint the watch starts (its imports cost ~40 ms).
START_DELAY_S = 0.3


class StoreWatcher:
    """Publishes a StoreChange on ``changed`` whenever the store's files change."""

    def __init__(self, app: App[Any], root: Path) -> None:
        self.app = app
        self.root = root
        self.changed: Signal[StoreChange] = Signal(app, "store-changed")
        self.how = "not started"  # in words, for the keys list and tests
        self._watch: Watch | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = False
        self._stopped = False
        #: every poll asked for: (node, seconds, look, its timer while the watch is not live)
        self._polls: list[tuple[DOMNode, float, Callable[[], None], Timer | None]] = []

    @property
    def live(self) -> bool:
        """Whether changes arrive by themselves (else the screens poll)."""
        return self._watch is not None

    def start(self) -> None:
        """Begin watching.  The watch is opened in a thread (its imports, and finding the C
        library, can take a while on a busy machine: never on the screen's time); once it
        is live, screens that were polling stop, after one last look (something may have
        changed before the watch began)."""
        if self._started:
            return
        self._started = True
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._open, name="peertui-watch-open", daemon=True).start()

    def _open(self) -> None:
        try:
            watch, how = open_watch(self.root, self._from_thread)
        except Exception as error:  # no watch is never fatal: the screens poll
            watch, how = None, f"polling ({error})"
        try:
            self.app.call_from_thread(self._opened, watch, how)
        except RuntimeError:  # the app closed meanwhile
            if watch is not None:
                watch.close()

    def _opened(self, watch: Watch | None, how: str) -> None:
        self.how = how
        if self._stopped:
            if watch is not None:
                watch.close()
            return
        if isinstance(watch, InotifyWatch) and self._loop is not None:
            self._loop.add_reader(watch.fileno(), self._readable)
        self._watch = watch
        if watch is not None:
            for node, _seconds, look, timer in self._polls:
                if timer is not None:
                    timer.stop()
                if node.is_running:
                    look()
            self._polls = [(n, s, look, None) for n, s, look, _ in self._polls if n.is_running]
            self.changed.publish(EVERYTHING)

    def poll_every(self, node: DOMNode, seconds: float,
                   look: Callable[[], None]) -> Timer | None:
        """Call *look* every *seconds* until the watch is live (then never again); the
        timer, for a screen that pauses it while hidden, or None when the watch is live."""
        if self.live:
            return None
        timer = node.set_interval(seconds, look)
        self._polls.append((node, seconds, look, timer))
        return timer

    def subscribe(self, node: DOMNode, callback: Callable[[StoreChange], None]) -> None:
        self.changed.subscribe(node, callback)

    def _readable(self) -> None:
        watch = self._watch
        if not isinstance(watch, InotifyWatch):
            return
        try:
            change = watch.read()
        except OSError as error:
            self._failed(f"polling (the watch failed: {error})")
            return
        if change:
            self.changed.publish(change)

    def _from_thread(self, change: StoreChange | None) -> None:
        """A threaded watch's batch (None: it stopped), handed to the event loop's thread."""
        try:
            if change is None:
                self.app.call_from_thread(self._failed, "polling (the watch stopped)")
            else:
                self.app.call_from_thread(self.changed.publish, change)
        except RuntimeError:
            pass  # the app is closing

    def _failed(self, how: str) -> None:
        """The watch broke mid-run: back to polling, and one look at everything now."""
        self.stop()
        self._stopped = False  # the app runs on; only the watch ended
        self.how = how
        self._polls = [(node, seconds, look, node.set_interval(seconds, look))
                       for node, seconds, look, _ in self._polls if node.is_running]
        self.changed.publish(EVERYTHING)

    def stop(self) -> None:
        self._stopped = True
        watch, self._watch = self._watch, None
        if watch is None:
            return
        if isinstance(watch, InotifyWatch) and self._loop is not None:
            self._loop.remove_reader(watch.fileno())
        watch.close()
