"""Bar 3: CPU used by the live meeting screen with the clock running, doing nothing else.

The app opens straight into a meeting that started ten minutes ago (a running meeting
resumes on start), in a store holding the 100,000-note history.  The baseline is a minimal
Textual app with a 1 Hz timer.  Both run side by side in real terminals over the same
window, so whatever else the machine is doing falls on both.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.bench import results, terminal
from tests.bench.config import IDLE_RUNS, IDLE_S
from tests.bench.stores import copy_store, running_meeting

BAR = "3"
RATIO_LIMIT = 1.5
PERCENT_LIMIT = 2.0
SETTLE_S = 3.0
BASELINE = [terminal.PYTHON, str(terminal.APPS / "minimal_app.py"), "--timer"]


def _measure(store: Path, tmp: Path) -> tuple[float, float]:
    """CPU % of one core for (baseline, app) over the same IDLE_S seconds."""
    with terminal.pane("idle-base", BASELINE, terminal.app_env(tmp / "none")) as base, \
            terminal.pane("idle-app", [terminal.PEERTUI], terminal.app_env(store)) as app:
        base.wait_for("minimal-app-ready")
        app.wait_for("planned end")
        time.sleep(SETTLE_S)
        start = time.monotonic()
        cpu_base, cpu_app = base.cpu_seconds(), app.cpu_seconds()
        time.sleep(IDLE_S)
        wall = time.monotonic() - start
        used_base, used_app = base.cpu_seconds() - cpu_base, app.cpu_seconds() - cpu_app
        assert "planned end" in app.screen(), "the live screen must still be showing"
    return used_base / wall * 100, used_app / wall * 100


def test_idle_cpu(histories: dict[str, Path], tmp_path: Path) -> None:
    store = copy_store(histories["100k"], tmp_path / "store")
    running_meeting(store, time.time() - 600, [(330.0, "next"), (545.7, "next")])
    base_runs, app_runs = [], []
    for _ in range(IDLE_RUNS):
        base, app = _measure(store.root, tmp_path)
        base_runs.append(base)
        app_runs.append(app)
    base, app = results.median(base_runs), results.median(app_runs)
    runs = f"{IDLE_RUNS} runs of {IDLE_S:g} s"
    results.record(BAR, "idle CPU, minimal app with 1 Hz timer", base, "% core", "baseline",
                   None, f"{runs}: {_list(base_runs)}")
    results.at_most(BAR, "idle CPU, live meeting (clock running)", app, "% core",
                    PERCENT_LIMIT, f"{runs}: {_list(app_runs)}")
    results.at_most(BAR, "idle CPU ratio, live / minimal", app / base, "x", RATIO_LIMIT,
                    limit_text=f"<= {RATIO_LIMIT}x minimal app")
    results.assert_bar(BAR)


def _list(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"
