"""Figures 10: syncing a 100,000-note history through git (issue 16), to a local bare repository.

The first sync of a long history sends every item once; an incremental one, after a few
notes typed at a meeting, reads only the files that moved; a restore on a new machine
rebuilds every meeting from the logs.  The issue names figures, not bars: they are recorded
with the empty store's sync, measured in the same run, as the baseline.
"""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path

from peertui.domain.records import Item
from peertui.services.sync import Syncer, restore
from tests.bench import results
from tests.bench.stores import copy_store

BAR = "10"
NOTES = 10  # typed between two syncs


def _timed(run: object) -> tuple[float, object]:
    begun = time.perf_counter()
    answer = run()  # type: ignore[operator]
    return time.perf_counter() - begun, answer


def test_sync_times(histories: dict[str, Path], tmp_path: Path) -> None:
    figures: dict[str, float] = {}
    for size in ("empty", "100k"):
        store = copy_store(histories[size], tmp_path / size)
        remote = tmp_path / f"{size}.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        figures[f"first {size}"], _ = _timed(lambda s=store, r=remote: Syncer(s).run(str(r)))
        meetings = store.meetings()
        if meetings:
            target = meetings[-1].id
            for n in range(NOTES):
                store.add_item(target, Item(id=f"bench-{n}", text=f"typed between syncs {n}"))
        figures[f"again {size}"], answer = _timed(lambda s=store: Syncer(s).run())
        assert answer.sent == (NOTES if meetings else 0)  # type: ignore[attr-defined]
        figures[f"restore {size}"], restored = _timed(
            lambda r=remote, size=size: restore(str(r), tmp_path / f"{size}-restored"))
        assert restored.received >= answer.sent  # type: ignore[attr-defined]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.record(BAR, "first sync, empty store", figures["first empty"], "s", "baseline",
                   None)
    for what, label in (("first", "first sync"), ("again", f"incremental sync ({NOTES} notes)"),
                        ("restore", "restore on a new machine")):
        value = figures[f"{what} 100k"]
        results.record(BAR, f"{label}, 100k-note history", value, "s", "figure", None,
                       f"{value / figures['first empty']:.0f}x the empty store's first sync")
    results.record(BAR, "peak memory of the bench process after the syncs", peak, "MB",
                   "figure", None, "includes the store copies read above")
