"""Bar 5: peak memory with the 100,000-note history open in review and searched."""

from __future__ import annotations

from pathlib import Path

from tests.bench import probes, results

BAR = "5"
LIMIT_MB = 150.0


def test_peak_rss(histories: dict[str, Path]) -> None:
    runs = [probes.run("rss", histories["100k"]) for _ in range(3)]
    peaks = [r["peak_mb"] for r in runs]
    last = runs[-1]
    assert last["meetings_loaded"] == last["meetings"], "the index must hold every meeting"
    results.at_most(BAR, "peak RSS, 100k history in review + search", results.median(peaks),
                    "MB", LIMIT_MB, f"runs {[round(p) for p in peaks]} MB; review, then search "
                    f"with all {last['meetings']} meetings loaded into the index")
    results.assert_bar(BAR)
