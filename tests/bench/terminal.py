"""Running apps in a real terminal (tmux) and watching the screen, for the terminal figures.

Every bench tmux session lives on a private server socket, so nothing here can touch anyone
else's sessions, and the server is killed at the end of the run.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(Path(sys.executable))
PEERTUI = str(Path(sys.executable).with_name("peertui"))
APPS = Path(__file__).with_name("apps")
SOCKET = f"peertui-bench-{os.getpid()}"
SIZE = (120, 36)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _clean_env() -> dict[str, str]:
    """Our environment minus what would lie to the apps: pytest exports COLUMNS=80 and
    LINES=24, which Python's terminal-size lookup trusts before asking the terminal."""
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                          check=False, env=_clean_env())
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def start_server() -> None:
    """Start the private server once (a placeholder session keeps it up between runs)."""
    if subprocess.run(["tmux", "-L", SOCKET, "has-session", "-t", "keep"],
                      capture_output=True, check=False, env=_clean_env()).returncode == 0:
        return
    width, height = str(SIZE[0]), str(SIZE[1])
    _tmux("-f", "/dev/null", "new-session", "-d", "-s", "keep", "-x", width, "-y", height,
          "sleep 100000")


def kill_server() -> None:
    _tmux("kill-server", check=False)


class Pane:
    """One app running in its own tmux session; `spawned` is when the spawn began."""

    def __init__(self, name: str, command: list[str], env: Mapping[str, str]) -> None:
        self.name = name
        start_server()
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"cd {shlex.quote(str(ROOT))} && exec env {exports} " + shlex.join(command)
        self.spawned = time.perf_counter()
        _tmux("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), line)
        shown = _tmux("display-message", "-p", "-t", name,
                      "#{pane_pid} #{pane_width}x#{pane_height}")
        pid, size = shown.split()
        self.pid = int(pid)
        if size != f"{SIZE[0]}x{SIZE[1]}":
            raise RuntimeError(f"tmux gave a {size} pane, not {SIZE[0]}x{SIZE[1]}")
        self._output: Path | None = None

    def output_token(self) -> int:
        """How many bytes the app has written to its terminal so far (tmux copies them to a
        file as they arrive): a watcher reads the screen only when this moved, instead of
        asking tmux every few ms (which took CPU from the apps being measured)."""
        if self._output is None:
            self._output = Path(f"/tmp/{SOCKET}-{self.name}.out")
            self._output.unlink(missing_ok=True)
            self._output.touch()
            _tmux("pipe-pane", "-t", self.name, f"cat >> {shlex.quote(str(self._output))}")
        try:
            return self._output.stat().st_size
        except FileNotFoundError:
            return -1

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, marker: str, timeout: float = 30.0, poll: float = 0.005) -> float:
        """Seconds from spawn until *marker* is on screen (polling as fast as tmux answers)."""
        deadline = self.spawned + timeout
        while time.perf_counter() < deadline:
            if marker in self.screen():
                return time.perf_counter() - self.spawned
            time.sleep(poll)
        raise TimeoutError(f"{marker!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        _tmux("send-keys", "-t", self.name, *keys)

    def cpu_seconds(self) -> float:
        """utime + stime of the app process, all threads."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def close(self) -> None:
        """End the app and wait until its process is gone, so runs never overlap."""
        _tmux("kill-session", "-t", self.name, check=False)
        if self._output is not None:
            self._output.unlink(missing_ok=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{self.pid}").exists():
            try:
                state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                break
            if state == "Z":
                break
            time.sleep(0.01)


@contextmanager
def pane(name: str, command: list[str], env: Mapping[str, str]) -> Iterator[Pane]:
    running = Pane(name, command, env)
    try:
        yield running
    finally:
        running.close()


def app_env(store: Path) -> dict[str, str]:
    """The environment the apps run with: a given store, true colour, local time UTC, and
    the bench's own unlock agent (which holds the key of its encrypted stores)."""
    from peertui.store.unlock_agent import DIR_ENV

    agent = {DIR_ENV: os.environ[DIR_ENV]} if os.environ.get(DIR_ENV) else {}
    return {"PEERTUI_STORE": str(store), "COLORTERM": "truecolor",
            "TZ": "UTC", "PYTHONPATH": str(ROOT), **agent}
