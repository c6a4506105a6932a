"""Headless Chromium driven over the Chrome DevTools Protocol, for the browser figures.

A small CDP client on aiohttp's WebSocket (aiohttp comes with textual-serve): one browser
per run with a throw-away profile, every host but loopback unresolvable (the page asks
Google Fonts for a font; nothing may leave the machine), one page target.

The terminal's text is read from xterm.js's own buffer (see terminal_text.js beside this
file for why that is what a person sees).  textual-serve keeps its Terminal object in a
closure, so `Page.attach_terminal` finds it the way DevTools does: the focus listener the
page puts on `.xterm-screen` is an arrow function holding the page's terminal wrapper as
`this`, and its [[Scopes]] hand that object over.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
READER_JS = Path(__file__).with_name("terminal_text.js")
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


class CDPError(RuntimeError):
    pass


@dataclass(frozen=True)
class Seen:
    """A watched text's first render: *at* in the page's clock (s since the epoch)."""

    at: float
    text: str
    already: bool  # it was on screen before the watch began: no measurement
    parsed_at: float  # when xterm.js had it in its buffer, before the render painted it


class Page:
    """One page target: send commands, await events, read the terminal's text."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse, target_id: str = "") -> None:
        self.socket = socket
        self.target_id = target_id
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[tuple[str, asyncio.Future[dict[str, Any]]]] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(CDPError(str(data["error"])))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                for method, waiter in list(self._listeners):
                    if method == data.get("method") and not waiter.done():
                        waiter.set_result(data.get("params", {}))
                        self._listeners.remove((method, waiter))
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(CDPError("the browser closed the connection"))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self.socket.send_str(json.dumps({"id": number, "method": method,
                                               "params": params}))
        return await asyncio.wait_for(future, 60)

    def event(self, method: str) -> asyncio.Future[dict[str, Any]]:
        """A future for the next *method* event (ask before doing what causes it)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._listeners.append((method, future))
        return future

    async def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        done = await self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                               awaitPromise=await_promise)
        if "exceptionDetails" in done:
            raise CDPError(str(done["exceptionDetails"]))
        return done["result"].get("value")

    # the terminal ------------------------------------------------------------

    async def attach_terminal(self, timeout: float = 30.0) -> None:
        """Hand the page's xterm.js Terminal to the reader (window.__peertuiBench) when it
        first writes: Terminal.prototype.write is wrapped once, before any output arrives
        (the app process takes far longer to start than the page to make its terminal).
        Nothing heavier runs in the page, so the first paint is not held up by the bench."""
        deadline = time.monotonic() + timeout
        while not await self.evaluate("!!document.querySelector('.xterm-screen')"):
            if time.monotonic() > deadline:
                raise TimeoutError("the page never made its terminal")
            await asyncio.sleep(0.005)
        handler = await self.send(
            "Runtime.evaluate", includeCommandLineAPI=True, objectGroup="bench",
            expression="getEventListeners(document.querySelector('.xterm-screen'))"
                       ".focus[0].listener")
        prototype = await self._terminal_prototype(handler["result"]["objectId"])
        await self.evaluate(READER_JS.read_text())
        await self.send("Runtime.callFunctionOn", objectId=prototype,
                        functionDeclaration="function () { "
                        "window.__peertuiBench.hook(this); }")
        await self.send("Runtime.releaseObjectGroup", objectGroup="bench")

    async def _terminal_prototype(self, function_id: str) -> str:
        """Terminal.prototype, from the xterm.js module a closure of the page's code holds."""
        found = await self.send("Runtime.getProperties", objectId=function_id,
                                ownProperties=False)
        scopes = next(p["value"]["objectId"] for p in found.get("internalProperties", [])
                      if p["name"] == "[[Scopes]]")
        listed = await self.send("Runtime.getProperties", objectId=scopes, ownProperties=True)
        for scope in listed["result"]:
            value = scope.get("value", {})
            if value.get("description") != "Closure" or "objectId" not in value:
                continue
            variables = await self.send("Runtime.getProperties", objectId=value["objectId"],
                                        ownProperties=True)
            for variable in variables["result"]:
                object_id = variable.get("value", {}).get("objectId")
                if not object_id:
                    continue
                prototype = await self.send(
                    "Runtime.callFunctionOn", objectId=object_id, objectGroup="bench",
                    functionDeclaration="function () { return typeof this.Terminal === "
                    "'function' && this.Terminal.prototype.write ? this.Terminal.prototype "
                    ": null; }")
                if prototype["result"].get("objectId"):
                    return str(prototype["result"]["objectId"])
        raise CDPError("xterm.js's Terminal was not found in the page's code")

    async def text(self) -> str:
        """The terminal's screen as lines of text."""
        return str(await self.evaluate("window.__peertuiBench.text()"))

    async def watch(self, pattern: str, timeout: float = 10.0, row: int = -1) -> None:
        """Start watching for the regular expression *pattern* in the terminal's text (or in
        line *row* of it); `seen` waits for the answer.  Watch first, then act."""
        await self.evaluate(f"window.__peertuiBench.watch({json.dumps(pattern)}, "
                            f"{int(timeout * 1000)}, {row})")

    async def seen(self) -> Seen:
        """When the watched text was first rendered, in the page's clock."""
        found = await self.evaluate("window.__peertuiBench.seen()", await_promise=True)
        if not found or found.get("timedOut"):
            screen = found.get("text", "") if found else ""
            raise TimeoutError(f"the text watched for never appeared; the page showed:\n"
                               f"{screen}")
        return Seen(float(found["at"]) / 1000, str(found["text"]), bool(found.get("already")),
                    float(found["parsedAt"]) / 1000)

    async def wait_for_text(self, pattern: str, timeout: float = 10.0, row: int = -1) -> Seen:
        await self.watch(pattern, timeout, row)
        return await self.seen()

    async def loaded_at(self) -> float:
        """When the page's load event ended (the page's clock, s): its terminal connects then."""
        return float(await self.evaluate(
            "performance.timeOrigin + performance.getEntriesByType('navigation')[0]"
            ".loadEventEnd")) / 1000

    async def size(self) -> tuple[int, int]:
        """The terminal's columns and rows."""
        cols, rows = await self.evaluate("[window.__peertuiBench.term.cols, "
                                         "window.__peertuiBench.term.rows]")
        return int(cols), int(rows)

    async def data_sent_at(self) -> float:
        """When xterm.js last sent a key on to the server (the page's clock, s)."""
        return float(await self.evaluate("window.__peertuiBench.dataAt")) / 1000

    async def clock_offset(self, tries: int = 7) -> float:
        """The page's clock (s) minus time.perf_counter(), from the quickest of a few round
        trips (it is off by at most half that round trip, well under a millisecond)."""
        best: tuple[float, float] | None = None
        for _ in range(tries):
            before = time.perf_counter()
            page_now = float(await self.evaluate("window.__peertuiBench.now()")) / 1000
            after = time.perf_counter()
            if best is None or after - before < best[0]:
                best = (after - before, page_now - (before + after) / 2)
        assert best is not None
        return best[1]

    async def focus_terminal(self) -> None:
        """Put the keyboard on the terminal, as a click on it would."""
        await self.evaluate("window.__peertuiBench.focus()")

    # input -------------------------------------------------------------------

    async def type_char(self, char: str) -> None:
        """One printable key, as a keyboard sends it (down with its text, then up)."""
        code = "Space" if char == " " else f"Key{char.upper()}" if char.isalpha() else ""
        key_code = 32 if char == " " else ord(char.upper())
        common = {"key": char, "code": code, "windowsVirtualKeyCode": key_code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=char, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def press(self, key: str) -> None:
        """A named key without text: Enter, Escape, F2..."""
        key_codes = {"Enter": 13, "Escape": 27, "Tab": 9, "Backspace": 8}
        key_code = key_codes.get(key) or 111 + int(key[1:])  # F1 is 112
        common = {"key": key, "code": key, "windowsVirtualKeyCode": key_code}
        down: dict[str, Any] = dict(common)
        if key == "Enter":
            down["text"] = "\r"
        await self.send("Input.dispatchKeyEvent", type="keyDown", **down)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class Browser:
    """A headless Chromium of our own; `close` ends it and every process it started.

    The bench is synchronous (tmux, /proc), so the CDP connections live on an event loop in
    a thread of their own and `run` hands it one coroutine at a time.
    """

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
