"""Bar 4: search over 100,000 notes, first after start, warm, and while typing."""

from __future__ import annotations

from pathlib import Path

from tests.bench import probes, results
from tests.bench.config import REPEATS

BAR = "4"
FIRST_LIMIT_MS = 150.0
WARM_LIMIT_MS = 20.0
BLOCK_LIMIT_MS = 50.0


def test_first_search(histories: dict[str, Path]) -> None:
    """Every kind of query, each as the first search of a new process; median over runs."""
    store = histories["100k"]
    medians = {}
    for name in probes.QUERIES:
        runs = [probes.run("first-search", store, name)["ms"] for _ in range(REPEATS)]
        medians[name] = results.median(runs)
    worst = max(medians, key=medians.__getitem__)
    results.at_most(BAR, "first search after start, slowest kind of query", medians[worst],
                    "ms", FIRST_LIMIT_MS, f"'{worst}'; all: {_ms(medians)}")
    results.assert_bar(BAR)


def test_warm_search(histories: dict[str, Path]) -> None:
    answer = probes.run("warm-search", histories["100k"], str(max(REPEATS, 5)))
    medians = {name: value["ms"] for name, value in answer.items()}
    worst = max(medians, key=medians.__getitem__)
    results.at_most(BAR, "search once warm, slowest kind of query", medians[worst], "ms",
                    WARM_LIMIT_MS, f"'{worst}'; all: {_ms(medians)}")
    results.assert_bar(BAR)


def test_typing_never_blocks(histories: dict[str, Path]) -> None:
    runs = [probes.run("typing", histories["100k"]) for _ in range(3)]
    worst = [r["max_block_ms"] for r in runs]
    results.at_most(BAR, "typing in the search box: longest block of the screen",
                    results.median(worst), "ms", BLOCK_LIMIT_MS,
                    f"runs {[round(w, 1) for w in worst]} ms; typing "
                    f"'{probes.TYPED}' at 8 keys/s right after opening search, while the index "
                    f"warms; last status: {runs[-1]['status'][:60]!r}")
    results.assert_bar(BAR)


def _ms(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in values.items()) + " (ms)"
