"""A warm app process, started before a browser connects, so its first screen comes sooner.

Most of a browser's wait for its first screen was a new Python process loading click,
Textual and peertui (bench bar 9: first paint against the terminal's start-up).  `peertui
serve` keeps one spare app process that has done that and waits; a browser that connects
takes it, tells it its terminal size and session on one line of stdin, and a new spare is
started for the next.  The spare holds no session, store handle or screen until taken, and
when none is ready (the first seconds of serve, two browsers at once) a process is started
as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os

SPARE_ENV = "PEERTUI_WEB_SPARE"
MAX_LINE = 65536  # the line of settings a spare is told (its size and session)


# in the spare ------------------------------------------------------------------


def is_spare() -> bool:
    return os.environ.get(SPARE_ENV) == "1"


def wait_to_be_taken() -> None:
    """Load what the app needs, then wait for the line that gives this process its browser.

    The line is read a byte at a time from fd 0, so nothing after it (the browser's first
    keys) is taken from the web driver that reads stdin next.  A closed stdin (serve ended
    before a browser came) ends the process quietly."""
    import textual.drivers.web_driver  # noqa: F401

    import peertui.store
    import peertui.ui.app
    import peertui.ui.screens.home
    import peertui.ui.screens.note_taker  # noqa: F401

    line = bytearray()
    while not line.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte or len(line) > MAX_LINE:
            raise SystemExit(0)
        line += byte
    told = json.loads(line)
    os.environ.pop(SPARE_ENV, None)
    for name, value in told.items():
        if isinstance(name, str) and isinstance(value, str):
            os.environ[name] = value


# in serve ----------------------------------------------------------------------


class Spare:
    """The one warm process of a server: `take` hands it out and starts the next.

    *environment* is what every browser's process gets (before its own size and session);
    a spare taken is told only the settings in which its browser's differ."""

    def __init__(self, command: str, environment: dict[str, str]) -> None:
        self.command = command
        self.environment = environment
        self._process: asyncio.subprocess.Process | None = None
        self._starting: asyncio.Task[None] | None = None
        self.closed = False

    async def start(self) -> None:
        if self.closed:
            return
        self._process = await asyncio.create_subprocess_shell(
            self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env={**self.environment, SPARE_ENV: "1"})

    async def take(self, environment: dict[str, str]) -> asyncio.subprocess.Process | None:
        """The spare, told how *environment* differs from its own, or None when none is
        ready; the next spare starts either way."""
        process, self._process = self._process, None
        if self._starting is None or self._starting.done():
            self._starting = asyncio.create_task(self._start_next())
        if process is None or process.returncode is not None or process.stdin is None:
            return None
        told = {name: value for name, value in environment.items()
                if self.environment.get(name) != value}
        try:
            process.stdin.write(json.dumps(told).encode() + b"\n")
            await process.stdin.drain()
        except (ConnectionError, OSError):
            return None
        return process

    async def _start_next(self) -> None:
        with contextlib.suppress(OSError):
            await self.start()

    async def close(self) -> None:
        """End the spare (serve is stopping): its stdin closes and it exits."""
        self.closed = True
        if self._starting is not None:
            await asyncio.gather(self._starting, return_exceptions=True)
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.kill()
            await process.wait()
