"""A peertui process on its own pseudo-terminal, its screen read through pyte, as a person would.

A reader thread drains the pty (a full pty buffer would block the app) into a pyte screen, so
tests can wait for text to be *shown*, measure how long that took, type keys, and stop it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte

REPO = Path(__file__).resolve().parents[2]
KEYS = {"f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~", "f7": "\x1b[18~",
        "enter": "\r", "escape": "\x1b",
        "ctrl+q": "\x11"}


class Terminal:
    def __init__(self, args: list[str], columns: int = 120, rows: int = 36) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(rows), "PYTHONPATH": str(REPO)}
        for noisy in ("TEXTUAL", "TEXTUAL_DEVTOOLS_PORT", "NO_COLOR"):
            env.pop(noisy, None)
        self.proc = subprocess.Popen([sys.executable, "-m", "peertui", *args], stdin=slave,
                                     stdout=slave, stderr=slave, env=env, cwd=str(REPO),
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self._stop = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.stream.feed(chunk)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, pattern: str, timeout: float) -> float:
        """Seconds until `pattern` shows on screen; AssertionError with the screen if never."""
        regex = re.compile(pattern)
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if regex.search(self.text()):
                return time.monotonic() - start
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"{pattern!r} not shown within {timeout} s "
                             f"(exit code {self.proc.poll()}):\n{self.text()}")

    def shows(self, pattern: str) -> bool:
        return re.search(pattern, self.text()) is not None

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS[key].encode())
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def quit(self, timeout: float = 10) -> int:
        """ctrl+q, as a person quits; the exit code."""
        self.press("ctrl+q")
        return self.proc.wait(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session, started here
            except ProcessLookupError:
                pass
            self.proc.wait(10)
        self._stop = True
        self._reader.join(2)
        with contextlib.suppress(OSError):
            os.close(self.master)
