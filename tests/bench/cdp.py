"""A small Chrome DevTools Protocol client on aiohttp's WebSocket, and the page's terminal.

One `Page` per tab: commands by id, answers matched as they come.  The terminal's text is
read from xterm.js's own buffer (terminal_text.js beside this file says why that is what a
person sees).  textual-serve keeps its Terminal in a closure, so `attach_terminal` finds
the xterm.js module the way DevTools does: in the [[Scopes]] of a listener the page put on
`.xterm-screen`, whose closure holds the bundle's modules, Terminal among them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

READER_JS = Path(__file__).with_name("terminal_text.js")


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
