"""A note typed in a browser (peertui serve, headless Chromium) lands in the driver's feed,
and only a browser that opened the printed link gets in (issue 12.1): without the key the page
does not open (401, no app process), and a page of another origin cannot open the WebSocket.

Chromium is driven over the DevTools protocol with aiohttp (already installed with
textual-serve).  The served page's terminal draws on a canvas, so the test knows the app is
ready by reading what the server sends the page over its websocket.  Everything started here
runs in its own process group and is killed at the end, within bounded waits.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from peertui.domain.timesource import SystemTime
from peertui.services.driver import current_lease
from peertui.store import Store
from peertui.web.sessions import SessionRegistry
from tests.room.helpers import start_meeting
from tests.room.terminal import REPO, Terminal


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found on PATH: the browser test needs it "
           "(Debian: apt-get install chromium; .ci/run installs it when it can)")
NOTE = "Typed in the browser by the second note-taker"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group this test started (the server's app processes, Chromium's
    helpers), and reap the leader."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


@pytest.fixture
def started() -> Iterator[list[Any]]:
    things: list[Any] = []
    yield things
    for thing in reversed(things):
        if isinstance(thing, Terminal):
            thing.close()
        else:
            stop_group(thing)


class DevTools:
    """Just enough of the Chrome DevTools protocol: commands, and events collected."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.frames = bytearray()  # what the served app sent the page
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response.get("payloadData", "")
                self.frames += (base64.b64decode(payload) if response.get("opcode") == 2
                                else payload.encode("utf-8", "replace"))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 15)
        assert "error" not in reply, reply
        return reply.get("result", {})

    async def wait_for_output(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text.encode() in self.frames:
                return
            await asyncio.sleep(0.1)
        tail = self.frames[-2000:].decode("utf-8", "replace")
        raise AssertionError(f"the page never received {text!r}; last output: {tail!r}")

    async def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value in the page (a promise awaited)."""
        reply = await self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                                returnByValue=True)
        return reply.get("result", {}).get("value")

    async def open(self, url: str, timeout: float = 15) -> None:
        """Navigate and wait until the page has loaded."""
        await self.send("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            if (await self.evaluate("document.readyState")) == "complete" and (
                    await self.evaluate("location.href")) != "about:blank":
                return
        raise AssertionError(f"{url} did not load in {timeout} s")

    async def type(self, text: str) -> None:
        await self.send("Input.insertText", text=text)

    async def enter(self) -> None:
        key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
               "nativeVirtualKeyCode": 13}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text="\r", **key)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **key)


def start_chromium(profile: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
             "--no-default-browser-check", f"--user-data-dir={profile}",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--window-size=1400,1000", "about:blank"]
    proc = subprocess.Popen([CHROMIUM, *flags], stdout=subprocess.DEVNULL,
                            stderr=log.open("wb"), start_new_session=True)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().strip():
            return proc, int(port_file.read_text().split()[0])
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    stop_group(proc)
    pytest.fail(f"Chromium did not open its DevTools port: {log.read_text()[-2000:]}")


def app_processes(server: subprocess.Popen[bytes]) -> list[int]:
    """The app processes the server has started for browsers (its children, from /proc),
    leaving out the spare it keeps ready (peertui/web/spare.py): that one has no session,
    store or screen and waits, asleep in a read of its stdin, until a browser takes it."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split() if not _spare(int(pid))]


def _spare(pid: int) -> bool:
    try:
        syscall = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return syscall[:2] == ["0", "0x0"]  # read(0, ...)


ANOTHER_ORIGIN_PAGE = "<!doctype html><title>another site</title><p>nothing to see</p>"
OPEN_SOCKET = """new Promise(done => {
  const ws = new WebSocket("ws://127.0.0.1:%d/ws");
  ws.onopen = () => { ws.close(); done("open"); };
  ws.onerror = () => done("refused");
  setTimeout(() => done("timeout"), 5000);
})"""


async def another_origin(port: int) -> web.AppRunner:
    """A page served from another origin on this machine (same site, other port: the
    browser sends it the session cookie too, so only the Origin check can stop it)."""
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=ANOTHER_ORIGIN_PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def type_note_in_browser(debug_port: int, port: int, link: str,
                               server: subprocess.Popen[bytes]) -> None:
    served = f"http://127.0.0.1:{port}/"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as reply:
            targets = await reply.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            tools = DevTools(ws)
            await tools.send("Network.enable")
            await tools.send("Network.setBlockedURLs", urls=["*fonts.googleapis.com*"])
            await tools.send("Page.enable")

            # without the key: a plain page, no terminal, no app process
            await tools.open(served)
            text = await tools.evaluate("document.body.innerText")
            assert "Open the link printed by" in text, text
            assert await tools.evaluate(
                "document.querySelector('[data-session-websocket-url]') === null")
            assert (await tools.evaluate("fetch('/').then(r => r.status)")) == 401
            await asyncio.sleep(1)
            assert not tools.frames and not app_processes(server)

            # with the printed link: the key leaves the address bar, the app opens
            await tools.open(link)
            assert (await tools.evaluate("location.href")) == served
            await tools.wait_for_output("Who is taking notes", 45)
            await asyncio.sleep(0.5)
            await tools.send("Runtime.evaluate", expression=(
                "document.querySelector('.xterm-helper-textarea').focus()"))
            await tools.enter()  # the first member of the roster
            # the served app is up, on the live screen, as a named note-taker
            await tools.wait_for_output("(browser)", 30)
            await tools.send("Runtime.evaluate", expression=(
                "document.querySelector('.xterm-helper-textarea').focus()"))
            await asyncio.sleep(0.5)
            await tools.type(NOTE)
            await tools.wait_for_output("second note-taker", 10)  # echoed in the note box
            await tools.enter()
            await asyncio.sleep(0.5)
            tools.reader.cancel()


async def refused_from_another_origin(debug_port: int, port: int,
                                      server: subprocess.Popen[bytes]) -> None:
    """A page of another origin, in the same browser (cookie and all), cannot open the
    WebSocket, and no app process starts for it."""
    other_port = free_port()
    other = await another_origin(other_port)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as reply:
                targets = await reply.json(content_type=None)
            page = next(t for t in targets if t.get("type") == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.send("Page.enable")
                before = set(app_processes(server))
                await tools.open(f"http://127.0.0.1:{other_port}/")
                assert (await tools.evaluate(OPEN_SOCKET % port)) == "refused"
                assert set(app_processes(server)) <= before
                tools.reader.cancel()
    finally:
        await other.cleanup()


def test_a_note_typed_in_the_browser_reaches_the_driver(tmp_path: Path,
                                                        started: list[Any]) -> None:
    store = Store.open(tmp_path / "store")
    meeting = start_meeting(store, SystemTime())
    root = str(store.root)

    driver = Terminal(["--store", root])
    started.append(driver)
    driver.wait_for(r"· driving", 30)

    port = free_port()
    server_log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "peertui", "serve", "--port", str(port), "--store", root],
        stdout=server_log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        cwd=str(REPO), env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)
    started.append(server)
    wait_for_port(port, server, 30)
    found = re.search(rf"http://127\.0\.0\.1:{port}/\?key=[A-Za-z0-9_-]{{32,}}",
                      server_log.read_text())
    assert found, server_log.read_text()

    browser, debug_port = start_chromium(tmp_path / "profile", tmp_path / "chromium.log")
    started.append(browser)
    asyncio.run(asyncio.wait_for(type_note_in_browser(debug_port, port, found[0], server), 120))

    deadline = time.monotonic() + 15
    saved: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not saved:
        saved = [i for i in store.items(meeting) if i.text == NOTE]
        time.sleep(0.1)
    assert saved, f"the note never reached the store; server log:\n{server_log.read_text()}"
    assert saved[0].segment_key == "welcome" and not saved[0].private
    driver.wait_for("Typed in the browser", 5)
    assert current_lease(store, meeting).pid == driver.proc.pid
    group = store.groups()[0]
    named = [s.name for s in SessionRegistry(store.root, store.locked).read()]
    assert named == [group.active_members[0].name], "the browser's note-taker, by name"

    asyncio.run(asyncio.wait_for(refused_from_another_origin(debug_port, port, server), 60))
