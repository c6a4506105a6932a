"""Bar 8: what a whole room costs while nobody touches anything.

A driver, the projector view and a note-taker on one running meeting (the 100,000-note
store), beside three minimal Textual apps each with a 1 Hz timer, all six in real terminals
over the same window, so whatever else the machine does falls on both sides.  The room
together may cost at most 1.5 times the three minimal apps, and each of its processes less
than 1% of a core.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.bench import results, terminal
from tests.bench.config import IDLE_RUNS, IDLE_S
from tests.bench.room import room, room_store

BAR = "8"
RATIO_LIMIT = 1.5
EACH_LIMIT = 1.0  # % of one core, per process of the room
SETTLE_S = 3.0
BASELINE = [terminal.PYTHON, str(terminal.APPS / "minimal_app.py"), "--timer"]
ROLES = {"driver": "driver", "display": "display", "notes": "notes"}


def _measure(store: Path, tmp: Path) -> tuple[list[float], dict[str, float]]:
    """CPU % of one core of each baseline app and each room process over IDLE_S seconds."""
    with room(store, tmp, ROLES) as panes, \
            terminal.pane("base-1", BASELINE, terminal.app_env(tmp / "none")) as b1, \
            terminal.pane("base-2", BASELINE, terminal.app_env(tmp / "none")) as b2, \
            terminal.pane("base-3", BASELINE, terminal.app_env(tmp / "none")) as b3:
        bases = [b1, b2, b3]
        for base in bases:
            base.wait_for("minimal-app-ready")
        time.sleep(SETTLE_S)
        everyone = [*bases, *panes.values()]
        start = time.monotonic()
        before = [p.cpu_seconds() for p in everyone]
        time.sleep(IDLE_S)
        wall = time.monotonic() - start
        used = [(p.cpu_seconds() - b) / wall * 100 for p, b in zip(everyone, before,
                                                                    strict=True)]
        assert "planned end" in panes["driver"].screen(), "the driver must still be live"
    return used[:3], dict(zip(panes, used[3:], strict=True))


def test_a_room_left_alone_costs_what_three_bare_apps_do(histories: dict[str, Path],
                                                         tmp_path: Path) -> None:
    store = room_store(histories["100k"], tmp_path / "store")
    base_runs: list[float] = []
    room_runs: list[float] = []
    each: dict[str, list[float]] = {name: [] for name in ROLES}
    for run in range(IDLE_RUNS):
        bases, used = _measure(store, tmp_path / f"run-{run}")
        base_runs.append(sum(bases))
        room_runs.append(sum(used.values()))
        for name, value in used.items():
            each[name].append(value)
    base, whole = results.median(base_runs), results.median(room_runs)
    runs = f"{IDLE_RUNS} runs of {IDLE_S:g} s"
    results.record(BAR, "idle CPU, three minimal apps with 1 Hz timers", base, "% core",
                   "baseline", None, f"{runs}: {_list(base_runs)}")
    results.record(BAR, "idle CPU, the room (driver, projector, note-taker)", whole,
                   "% core", "context", None, f"{runs}: {_list(room_runs)}")
    results.at_most(BAR, "idle CPU ratio, room / three minimal apps", whole / base, "x",
                    RATIO_LIMIT, limit_text=f"<= {RATIO_LIMIT}x three minimal apps")
    for name, values in each.items():
        results.at_most(BAR, f"idle CPU, the room's {name} alone", results.median(values),
                        "% core", EACH_LIMIT, f"{runs}: {_list(values)}")
    results.assert_bar(BAR)


def _list(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"
