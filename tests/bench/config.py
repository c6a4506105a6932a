"""Bench settings; environment variables shorten a dev run (a full `make bench` uses none)."""

from __future__ import annotations

import os


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


#: Start-ups per app and per store; the figure is the median.
REPEATS = int(_number("PEERTUI_BENCH_REPEATS", 5))
#: Seconds of idle CPU measured per run (the bar says 60).
IDLE_S = _number("PEERTUI_BENCH_IDLE_S", 60.0)
#: Idle-CPU runs; the figure is the median.
IDLE_RUNS = int(_number("PEERTUI_BENCH_IDLE_RUNS", 3))
#: Seconds the real-terminal clock check runs (the bar says 10 minutes).
CLOCK_S = _number("PEERTUI_BENCH_CLOCK_S", 600.0)
#: Notes saved per store for the save-latency percentiles.
SAVES = int(_number("PEERTUI_BENCH_SAVES", 250))
#: Changes timed per follower in the propagation figures (the bar says at least 50).
CHANGES = int(_number("PEERTUI_BENCH_CHANGES", 55))
#: History sizes, in notes.
SIZES = {"empty": 0, "10k": 10_000, "100k": 100_000}
