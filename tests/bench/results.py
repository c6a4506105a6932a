"""Collecting bench figures, printing the table and writing bench-results.json.

Each bench module records figures as it measures; the conftest prints them all at the end
of the session, so one `make bench` gives one table whatever passed or failed.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS_PATH = ROOT / "bench-results.json"
LAST_RUN_PATH = Path(__file__).with_name("LAST_RUN.md")


@dataclass
class Figure:
    """One measured figure and the bar it must meet (passed None: context, no bar)."""

    bar: str
    name: str
    value: float
    unit: str
    limit: str
    passed: bool | None
    detail: str = ""


@dataclass
class Session:
    figures: list[Figure] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    load_before: tuple[float, ...] = field(default_factory=lambda: os.getloadavg())


SESSION = Session()


def record(bar: str, name: str, value: float, unit: str, limit: str, passed: bool | None,
           detail: str = "") -> Figure:
    """Add a figure to this run's table (and say it at once, so long runs show progress)."""
    figure = Figure(bar, name, round(value, 4), unit, limit, passed, detail)
    SESSION.figures.append(figure)
    verdict = {True: "pass", False: "FAIL", None: "info"}[passed]
    print(f"\n  [bench {bar}] {name}: {_fmt(value)} {unit} (bar {limit}) {verdict} {detail}",
          flush=True)
    return figure


def at_most(bar: str, name: str, value: float, unit: str, limit: float, detail: str = "",
            limit_text: str = "") -> Figure:
    """Record a figure whose bar is an upper limit."""
    text = limit_text or f"<= {_fmt(limit)} {unit}".strip()
    return record(bar, name, value, unit, text, value <= limit, detail)


def failures(bar: str) -> list[Figure]:
    return [f for f in SESSION.figures if f.bar == bar and f.passed is False]


def assert_bar(bar: str) -> None:
    """Fail the test of a bar if any of its figures missed (after all were recorded)."""
    missed = failures(bar)
    assert not missed, "; ".join(f"{f.name} = {_fmt(f.value)} {f.unit}, bar {f.limit}"
                                 for f in missed)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile: 95% of the values are at most this."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _fmt(value: float) -> str:
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def machine() -> dict[str, Any]:
    """What the figures ran on; noisy shared machines are why ratios use same-run baselines."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    disk = _run(["df", "-hT", str(ROOT)]).splitlines()[-1:] or ["?"]
    import textual

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "textual": textual.__version__,
        "tmux": _run(["tmux", "-V"]).strip(),
        "filesystem": " ".join(disk[0].split()[:2]),
        "load_before": [round(x, 2) for x in SESSION.load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10,
                              check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def table() -> str:
    """The figures as a Markdown table (also readable in a terminal)."""
    rows = [("Bar", "Figure", "Value", "Bar to meet", "Result")]
    for f in SESSION.figures:
        verdict = {True: "pass", False: "FAIL", None: "context"}[f.passed]
        rows.append((f.bar, f.name, f"{_fmt(f.value)} {f.unit}".strip(), f.limit, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
             for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine_text(info: dict[str, Any]) -> str:
    return (f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB RAM, "
            f"{info['filesystem']}; {info['os']}; Python {info['python']}, "
            f"Textual {info['textual']}, {info['tmux']}; load average "
            f"{info['load_before'][0]} before, {info['load_after'][0]} after")


def write_all() -> str:
    """Write bench-results.json (and LAST_RUN.md after a full run); return the printed text."""
    info = machine()
    passed = [f.passed for f in SESSION.figures if f.passed is not None]
    payload = {
        "machine": info,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(SESSION.started)),
        "seconds": round(time.time() - SESSION.started, 1),
        "all_passed": bool(passed) and all(passed),
        "figures": [
            {**asdict(f), "figure": f.name, "pass": f.passed} for f in SESSION.figures
        ],
    }
    RESULTS_PATH.write_text(json.dumps(payload, indent=2) + "\n")
    summary = "all bars passed" if payload["all_passed"] else \
        f"{passed.count(False)} figure(s) FAILED"
    text = (f"peertui benchmarks, {payload['started']} ({payload['seconds']:.0f} s): {summary}\n"
            f"Machine: {machine_text(info)}\n\n{table()}\n")
    complete = {f.bar for f in SESSION.figures} >= {"1", "2", "3", "4", "5", "6", "7", "8", "9"}
    if complete and not _shortened():
        LAST_RUN_PATH.write_text(f"# Last full `make bench` run\n\n{text}\nDetails per figure: "
                                 f"bench-results.json.\n")
    return text


def _shortened() -> bool:
    """A dev run with shortened durations must not overwrite the record of a full run."""
    keys = ("PEERTUI_BENCH_IDLE_S", "PEERTUI_BENCH_CLOCK_S", "PEERTUI_BENCH_REPEATS",
            "PEERTUI_BENCH_SAVES", "PEERTUI_BENCH_IDLE_RUNS", "PEERTUI_BENCH_CHANGES",
            "PEERTUI_BENCH_SESSIONS")
    return any(os.environ.get(k) for k in keys)
