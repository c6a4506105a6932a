"""A whole room in real terminals on one store: the driver, note-takers, the projector.

Each runs in its own tmux pane with its own machine settings (a name already chosen, so no
first-run question stands between the bench and the meeting).  The meeting is the one
running_meeting starts: ten minutes in, in the updates round, so F4 and F3 move between
speakers and the clock keys change what every screen shows.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import msgspec

from peertui.services.machine import CONFIG_ENV, SETTINGS_FILE, MachineSettings
from tests.bench import terminal
from tests.bench.stores import copy_store, running_meeting

#: Where each role's screen shows that the room is ready.
READY = {"driver": "· driving", "notes": "· note-taker", "display": "Speaking now:"}
SPEAKING = re.compile(r"Speaking now: (.+?) · Next: (.+?)\s*$", re.MULTILINE)


def room_store(source: Path, target: Path) -> Path:
    """A copy of *source* with a meeting running in its updates round."""
    store = copy_store(source, target)
    running_meeting(store, time.time() - 600, [(330.0, "next"), (545.7, "next")])
    return store.root


def machine_named(folder: Path, name: str = "Bench") -> dict[str, str]:
    """A settings folder of our own (never the user's) where this machine has a name, so
    a terminal does not ask who uses it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SETTINGS_FILE).write_bytes(msgspec.json.encode(MachineSettings(name=name)))
    return {CONFIG_ENV: str(folder)}


def role_env(store: Path, tmp: Path, who: str) -> dict[str, str]:
    """The apps' environment, with a machine folder of its own whose person is named."""
    return {**terminal.app_env(store), **machine_named(tmp / f"config-{who}", who.capitalize())}


@contextmanager
def room(store: Path, tmp: Path, roles: Mapping[str, str]) -> Iterator[dict[str, terminal.Pane]]:
    """Panes for *roles* (name -> "driver" | "notes" | "display"), started in order (the
    first peertui drives) and each waited for until its screen says it is in the meeting."""
    with ExitStack() as stack:
        panes: dict[str, terminal.Pane] = {}
        for name, role in roles.items():
            command = [terminal.PEERTUI, "display"] if role == "display" else [terminal.PEERTUI]
            pane = stack.enter_context(terminal.pane(f"room-{name}", command,
                                                     role_env(store, tmp, name)))
            pane.wait_for(READY[role], timeout=60)
            panes[name] = pane
        yield panes


def shown_within(pane: terminal.Pane, marker: str, timeout: float) -> None:
    """Wait (from now) until *marker* is on the pane's screen."""
    deadline = time.perf_counter() + timeout
    while marker not in pane.screen():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{marker!r} never appeared on {pane.name}:\n{pane.screen()}")
        time.sleep(0.005)


def speakers(pane: terminal.Pane) -> tuple[str, str]:
    """Who speaks now and who next, as the pane's screen says."""
    match = SPEAKING.search(pane.screen())
    assert match, f"{pane.name} shows no speaker:\n{pane.screen()}"
    return match.group(1), match.group(2)
