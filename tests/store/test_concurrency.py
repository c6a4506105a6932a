"""Several processes writing one meeting lose nothing: the file lock serialises every write."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from pathlib import Path
from typing import Any

from peertui.store import Store

from .helpers import event, note

WORKERS = 4
PER_WORKER = 200


def _writer(root: str, worker: int, start: multiprocessing.synchronize.Event) -> None:
    """Runs in a child process: its own Store, hammering the shared meeting."""
    store = Store.open(root)
    start.wait(10)
    for n in range(PER_WORKER):
        store.add_item("m1", note(f"w{worker}-{n}", str(n), by=str(worker)))
        if n % 50 == 0:
            store.append_event("m1", event("extend", seconds=worker * 1000 + n))


def test_processes_adding_items_lose_nothing(store: Store) -> None:
    # fork is quick on Linux; spawn elsewhere (macOS/Windows) re-imports this module.
    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(str(store.root), w, start)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * WORKERS

    items = store.items("m1")
    ids = [i.id for i in items]
    assert len(ids) == WORKERS * PER_WORKER
    assert len(set(ids)) == len(ids)
    for w in range(WORKERS):  # each writer's own items stay in its order
        assert [int(i.text) for i in items if i.by == str(w)] == list(range(PER_WORKER))
    events = store.meeting("m1").events  # type: ignore[union-attr]
    assert sorted(e.seconds for e in events) == sorted(
        w * 1000 + n for w in range(WORKERS) for n in range(0, PER_WORKER, 50))
    raw_ids = (store.root / "meetings" / "m1.json").read_text()
    assert raw_ids.count('"id":') == len(ids) + 1  # items plus the record: no doc clobbered
    assert store.meetings()[0].counts["note"] == len(ids)  # the listing agrees with the file


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    def work(t: int) -> None:
        for n in range(25):
            store.add_item("m1", note(f"t{t}-{n}"))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({i.id for i in store.items("m1")}) == 100


def test_store_root_path_types(tmp_path: Path) -> None:
    assert Store.open(str(tmp_path)).root == Store.open(tmp_path).root
