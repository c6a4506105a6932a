"""Run `python -m peertui` on a real pseudo-terminal and read its screen, as a person would.

A reader thread drains the pty (a full pty buffer would block the app) into a :class:`Screen`,
so tests can wait for text to be *shown* and then type keys or kill the process.
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
from collections.abc import Callable
from pathlib import Path

from tests.reliability.vt import Screen

REPO = Path(__file__).resolve().parents[2]

# Legacy xterm key sequences, as Textual's _ansi_sequences reads them.
KEYS = {
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f8": "\x1b[19~",
    "ctrl+s": "\x13",
    "enter": "\r",
    "escape": "\x1b",
    "ctrl+q": "\x11",
}


def set_size(fd: int, columns: int, rows: int) -> None:
    """Tell the terminal (and so the program on it) its size."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (so SIGWINCH works)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """One peertui process on its own pty."""

    def __init__(self, args: list[str], *, columns: int = 120, rows: int = 36,
                 env: dict[str, str] | None = None) -> None:
        self.columns, self.rows = columns, rows
        self.screen = Screen(columns, rows)
        self.raw = bytearray()
        self._lock = threading.Lock()
        master, slave = os.openpty()
        set_size(slave, columns, rows)
        full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO),
                    **(env or {})}
        # COLUMNS/LINES would pin the size (shutil.get_terminal_size reads them first)
        for noisy in ("COLUMNS", "LINES", "TEXTUAL", "TEXTUAL_DEVTOOLS_PORT", "NO_COLOR"):
            full_env.pop(noisy, None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "peertui", *args],
            stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=str(REPO),
            preexec_fn=_own_terminal, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read_loop(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.2)
            except (OSError, ValueError):
                return
            if not ready:
                if self._closed:
                    return
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the other side is gone and everything is read
                return
            if not chunk:
                return
            with self._lock:
                self.raw += chunk
                self.screen.feed(chunk.decode("utf-8", "replace"))

    def lines(self) -> list[str]:
        with self._lock:
            return self.screen.lines()

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float) -> bool:
        """Poll the screen until *predicate* holds, the app dies, or *timeout* passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.lines()):
                return True
            if self.proc.poll() is not None:
                self._reader.join(1)
                return predicate(self.lines())
            time.sleep(0.02)
        return predicate(self.lines())

    def wait_for_text(self, pattern: str, timeout: float) -> bool:
        regex = re.compile(pattern)
        return self.wait_for(lambda lines: any(regex.search(line) for line in lines), timeout)

    def write(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def press(self, *keys: str) -> None:
        for key in keys:
            self.write(KEYS[key])

    def resize(self, columns: int, rows: int) -> None:
        """Resize the pty; the kernel sends SIGWINCH to the app, which repaints everything."""
        with self._lock:
            self.columns, self.rows = columns, rows
            self.screen = Screen(columns, rows)
        set_size(self.master, columns, rows)

    def wait_exit(self, timeout: float) -> int:
        """Wait for the app to end by itself; then everything it wrote has been read."""
        code = self.proc.wait(timeout)
        self._reader.join(3)
        return code

    def kill(self) -> None:
        """SIGKILL: no handler runs, no buffer is flushed, exactly like a crash."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._reader.join(2)  # what the app wrote before dying is still in the pty: read it

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        self._closed = True
        self._reader.join(2)
        with contextlib.suppress(OSError):
            os.close(self.master)
