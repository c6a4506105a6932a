"""Bar 1: start-up to the first screen in a real terminal, against a minimal Textual app."""

from __future__ import annotations

from pathlib import Path

from tests.bench import results, terminal
from tests.bench.config import REPEATS
from tests.bench.stores import copy_store

BAR = "1"
LIMIT = 1.5
BASELINE = [terminal.PYTHON, str(terminal.APPS / "minimal_app.py")]
#: What the first screen shows once it is really there (filled in, not just laid out):
#: the welcome text; on home the group, the next meeting and who presents next.
MARKERS = {"empty": "Welcome to peertui", "10k": "Next to present:",
           "100k": "Next to present:", "100kenc": "Next to present:"}
#: How each store is named in the table: 100kenc is the 100k history encrypted, its key
#: in the unlock agent (every start after the first unlock of the day).
LABELS = {"empty": "empty", "10k": "10k", "100k": "100k", "100kenc": "100k encrypted"}
#: Home mounts its buttons and tables just after the first paint; this says they are there.
COMPLETE = "Open action items"


def _start(name: str, command: list[str], env: dict[str, str], marker: str) -> float:
    with terminal.pane(name, command, env) as running:
        seconds = running.wait_for(marker)
        key = name.split("-")[-1]
        CPU.setdefault(key, []).append(running.cpu_seconds())
        if marker == MARKERS["100k"]:
            FULL.setdefault(key, []).append(running.wait_for(COMPLETE))
        return seconds


#: CPU seconds the app had used when its first screen appeared: a less noisy diagnostic.
CPU: dict[str, list[float]] = {}
#: Seconds until the home screen is complete (tables filled), for context.
FULL: dict[str, list[float]] = {}


def test_startup(histories: dict[str, Path], encrypted_100k: Path, tmp_path: Path) -> None:
    stores = {size: copy_store(histories[size], tmp_path / size).root for size in MARKERS
              if size in histories}
    stores["100kenc"] = encrypted_100k
    times: dict[str, list[float]] = {"baseline": [], **{size: [] for size in MARKERS}}
    for run in range(REPEATS + 1):  # run 0 warms caches and bytecode; it is not counted
        seconds = _start("base", BASELINE, terminal.app_env(tmp_path / "none"),
                         "minimal-app-ready")
        if run:
            times["baseline"].append(seconds)
        for size, store in stores.items():
            seconds = _start(f"app-{size}", [terminal.PEERTUI], terminal.app_env(store),
                             MARKERS[size])
            if run:
                times[size].append(seconds)
    base = results.median(times["baseline"])
    results.record(BAR, "start-up, minimal Textual app", base, "s", "baseline", None,
                   f"runs {_list(times['baseline'])}")
    for size in MARKERS:
        value = results.median(times[size])
        complete = (f"; home complete with its tables after {results.median(FULL[size]):.3f} s"
                    if size in FULL else "")
        results.record(BAR, f"start-up, {LABELS[size]} store", value, "s", "context", None,
                       f"runs {_list(times[size])}; CPU to first screen "
                       f"{results.median(CPU[size]):.3f} s vs {results.median(CPU['base']):.3f} s"
                       f"{complete}")
        results.at_most(BAR, f"start-up ratio, {LABELS[size]} store", value / base, "x",
                        LIMIT, limit_text=f"<= {LIMIT}x minimal app")
    plain, sealed = results.median(times["100k"]), results.median(times["100kenc"])
    results.record(BAR, "start-up ratio, 100k encrypted / 100k plain", sealed / plain, "x",
                   "context", None, "the same history, measured in the same runs")
    results.assert_bar(BAR)


def _list(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"
