"""Bar 7: the room in step.  From the driver's key to the change on the projector and on a
second note-taker's screen, and from a note saved in one note-taker's terminal to the
driver's feed and the other note-taker's, all in real terminals on one store.

Each change is timed from just before tmux is told to press the key (so tmux's own hand-off
is counted) to the first read of the follower's screen that shows it (propagation.py: a
thread per follower reads its pane whenever the app has written to it, looked at every
millisecond; a read takes a few ms, which is the figures' resolution).  The
driver's own screen, watched for the same keys, is the baseline: a follower cannot be
quicker than the screen that pressed the key.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from tests.bench import results
from tests.bench.config import CHANGES
from tests.bench.propagation import live_cycle, polling, propagation_times
from tests.bench.room import room, room_store, shown_within, speakers

BAR = "7"
LIMIT_MS = 100.0
SETTLE_S = 2.0  # after the last screen is up: start-up work done, the watch started


def _figure(what: str, seconds: list[float], detail: str, baseline: bool = False
            ) -> None:
    ms = [s * 1000 for s in seconds]
    text = f"{detail}; median {results.median(ms):.1f} ms, worst {max(ms):.0f} ms"
    if baseline:
        results.record(BAR, what, results.p95(ms), "ms", "baseline", None, text)
    else:
        results.at_most(BAR, what, results.p95(ms), "ms", LIMIT_MS, text)


def test_driver_keys_reach_the_projector_and_a_note_taker(histories: dict[str, Path],
                                                          tmp_path: Path) -> None:
    store = room_store(histories["100k"], tmp_path / "store")
    with room(store, tmp_path, {"driver": "driver", "display": "display",
                                "notes": "notes"}) as panes:
        time.sleep(SETTLE_S)
        changes = live_cycle(*speakers(panes["driver"]), CHANGES)
        times = propagation_times(changes, panes["driver"].keys,
                                  {name: polling(pane.screen, output=pane.output_token)
                                   for name, pane in panes.items()})
    keys = f"{CHANGES} changes (Next, Back, Pause, Resume in turn), 100k-note store"
    _figure("driver key to its own screen, p95", times["driver"], keys, True)
    _figure("driver key to the projector (peertui display), p95",
            times["display"], keys)
    _figure("driver key to a second peertui taking notes, p95", times["notes"], keys)
    results.assert_bar(BAR)


def test_a_note_reaches_the_driver_and_the_other_note_taker(histories: dict[str, Path],
                                                            tmp_path: Path) -> None:
    store = room_store(histories["100k"], tmp_path / "store")
    times: dict[str, list[float]] = {"driver": [], "second": []}
    pacing = random.Random(15)
    with room(store, tmp_path, {"driver": "driver", "first": "notes",
                                "second": "notes"}) as panes:
        time.sleep(SETTLE_S)
        watches = {name: polling(panes[name].screen, output=panes[name].output_token)
                   for name in times}
        for turn in range(CHANGES):
            marker = f"zq{turn}x"
            panes["first"].keys("-l", f"check {turn} {marker}")
            shown_within(panes["first"], marker, 5.0)  # echoed in its own note box first
            waiters = {name: watch(re.escape(marker)) for name, watch in watches.items()}
            sent = time.perf_counter()
            panes["first"].keys("Enter")
            for name, waiter in waiters.items():
                times[name].append(waiter() - sent)
            time.sleep(pacing.uniform(0.25, 0.6))
    notes = f"{CHANGES} notes typed in a first note-taker's terminal"
    _figure("note saved to the driver's feed, p95", times["driver"], notes)
    _figure("note saved to the other note-taker, p95", times["second"], notes)
    results.assert_bar(BAR)
