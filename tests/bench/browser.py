"""Headless Chromium for the browser figures: started with a throw-away profile, reached
over the DevTools protocol (cdp.py), ended with every process it started.

Every host but loopback is unresolvable (the page asks Google Fonts for a font; nothing
may leave the machine).  The bench is synchronous (tmux, /proc), so the CDP connections
live on an event loop in a thread of their own, and SyncPage hands it one call at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from tests.bench.cdp import Page, Seen

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
T = TypeVar("T")

#: The window, so the page's terminal is 120x36 cells at xterm.js's 16 px font: the size of
#: the tmux panes of the terminal figures (terminal.SIZE), the same screen to draw.
WINDOW = (1085, 750)


def find_chromium() -> str | None:
    """The Chromium to run (PEERTUI_BENCH_CHROMIUM overrides), or None: the bench skips."""
    wanted = os.environ.get("PEERTUI_BENCH_CHROMIUM", "")
    if wanted:
        return wanted if Path(wanted).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium of our own; `close` ends it and every process it started."""

    def __init__(self, executable: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="peertui-bench-chromium-"))
        self._log = (self.profile / "stderr.log").open("wb")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--mute-audio",
             # nothing off this machine: every name but loopback fails at once
             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
             f"--window-size={WINDOW[0]},{WINDOW[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            start_new_session=True)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="cdp", daemon=True)
        self._thread.start()
        self._http: aiohttp.ClientSession | None = None
        self._root: Page | None = None
        try:
            self.endpoint = self._endpoint()
            self.run(self._connect())
        except BaseException:
            self.close()
            raise

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        """Run *coroutine* on the CDP loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def _endpoint(self, timeout: float = 30.0) -> str:
        """The browser's DevTools address, from the file it writes in its profile at start
        (port 0: the system picks a free port, so runs never collide)."""
        written = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            lines = written.read_text().split() if written.exists() else []
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.02)
        said = (self.profile / "stderr.log").read_text(errors="replace")
        raise RuntimeError(f"Chromium never said where DevTools listens:\n{said}")

    async def _connect(self) -> None:
        self._http = aiohttp.ClientSession()
        self._root = Page(await self._http.ws_connect(self.endpoint, max_msg_size=0))

    async def _new_page(self) -> Page:
        assert self._http is not None and self._root is not None
        target = await self._root.send("Target.createTarget", url="about:blank")
        host = self.endpoint.split("://", 1)[1].split("/", 1)[0]
        socket = await self._http.ws_connect(
            f"ws://{host}/devtools/page/{target['targetId']}", max_msg_size=0)
        page = Page(socket, target["targetId"])
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        return page

    def new_page(self) -> SyncPage:
        """A fresh tab (its own WebSocket to the server, so its own app process)."""
        return SyncPage(self, self.run(self._new_page()))

    async def _close_page(self, page: Page) -> None:
        assert self._root is not None
        await page.close()
        await self._root.send("Target.closeTarget", targetId=page.target_id)

    async def _disconnect(self) -> None:
        if self._root is not None:
            await self._root.close()
        if self._http is not None:
            await self._http.close()

    def close(self) -> None:
        """Kill the browser's whole process group (renderers, GPU, zygote) and its profile."""
        with contextlib.suppress(Exception):
            self.run(self._disconnect(), timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers of the group
        self._log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class SyncPage:
    """A Page for synchronous code: each call runs on the browser's CDP loop."""

    def __init__(self, browser: Browser, page: Page) -> None:
        self.browser = browser
        self.page = page

    def navigate(self, url: str) -> None:
        self.browser.run(self.page.send("Page.navigate", url=url))

    def attach_terminal(self) -> None:
        self.browser.run(self.page.attach_terminal())

    def text(self) -> str:
        return self.browser.run(self.page.text())

    def watch(self, pattern: str, timeout: float = 10.0, row: int = -1) -> None:
        self.browser.run(self.page.watch(pattern, timeout, row))

    def seen(self) -> Seen:
        return self.browser.run(self.page.seen())

    def wait_for_text(self, pattern: str, timeout: float = 10.0, row: int = -1) -> Seen:
        return self.browser.run(self.page.wait_for_text(pattern, timeout, row))

    def clock_offset(self) -> float:
        return self.browser.run(self.page.clock_offset())

    def data_sent_at(self) -> float:
        return self.browser.run(self.page.data_sent_at())

    def size(self) -> tuple[int, int]:
        return self.browser.run(self.page.size())

    def loaded_at(self) -> float:
        return self.browser.run(self.page.loaded_at())

    def watcher(self, timeout: float = 10.0) -> Callable[[str], Callable[[], float]]:
        """A propagation.Watch on this page: render-stamped, in time.perf_counter() s."""
        offset = self.clock_offset()

        def watch(pattern: str) -> Callable[[], float]:
            self.watch(pattern, timeout)

            def wait() -> float:
                seen = self.seen()
                if seen.already:
                    raise AssertionError(f"the page showed {pattern!r} before the key:\n"
                                         f"{seen.text}")
                return seen.at - offset

            return wait

        return watch

    def focus_terminal(self) -> None:
        self.browser.run(self.page.focus_terminal())

    def type_char(self, char: str) -> None:
        self.browser.run(self.page.type_char(char))

    def press(self, key: str) -> None:
        self.browser.run(self.page.press(key))

    def close(self) -> None:
        self.browser.run(self.browser._close_page(self.page))


@contextlib.contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    browser = Browser(executable)
    try:
        yield browser
    finally:
        browser.close()
