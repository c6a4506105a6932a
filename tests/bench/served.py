"""`peertui serve` run for the browser figures: its link, its app processes, their memory.

textual-serve starts one app process per browser WebSocket (through a shell), as children
of the serve process; `descendants` finds them in /proc, so their memory can be read.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.bench import terminal


def free_port() -> int:
    """A loopback port free right now (the system's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """One `peertui serve` on loopback, for one store."""

    def __init__(self, store: Path, env: Mapping[str, str] | None = None) -> None:
        self.port = free_port()
        env = {**terminal._clean_env(), **(env or terminal.app_env(store))}
        self.process = subprocess.Popen(
            [terminal.PEERTUI, "serve", "--port", str(self.port), "--store", str(store)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, cwd=terminal.ROOT, start_new_session=True)
        assert self.process.stdout is not None
        self.link = self.process.stdout.readline().decode().strip()  # the one line on stdout
        if not self.link.startswith("http://"):
            self.close()
            raise RuntimeError(f"peertui serve printed no link: {self.link!r}")
        self._wait_listening()

    def _wait_listening(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=1):
                return
            if self.process.poll() is not None:
                raise RuntimeError("peertui serve ended at start")
            time.sleep(0.02)
        raise TimeoutError("peertui serve never listened")

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_no_apps(self, timeout: float = 20.0) -> None:
        """Until every browser's app process has ended (its tab closed) and the one spare
        serve keeps for the next browser (peertui/web/spare.py) is ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(descendants(self.pid)) == SPARES and self.spare_ready():
                return
            time.sleep(0.05)
        raise TimeoutError(f"app processes still running: {descendants(self.pid)}")

    def spare_ready(self) -> bool:
        """The spare has loaded what it loads and waits (asleep on its stdin)."""
        return all(_waiting_on_stdin(pid) for pid in descendants(self.pid))

    def tree_rss_mb(self) -> float:
        """Resident memory of serve and every process under it."""
        return sum(rss_mb(pid) for pid in [self.pid, *descendants(self.pid)])

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # any app process left behind
        if self.process.poll() is None:
            self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def served(store: Path, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    running = Served(store, env)
    try:
        yield running
    finally:
        running.close()


#: App processes serve keeps ready with no browser (peertui/web/spare.py).
SPARES = 1


def _waiting_on_stdin(pid: int) -> bool:
    """Asleep in a read of fd 0: a spare once its imports are done."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        syscall = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return stat[0] == "S" and syscall[:2] == ["0", "0x0"]  # read(0, ...)


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> list[int]:
    """Every live process under *pid*."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, of in parents.items() if of == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of *pid* now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
