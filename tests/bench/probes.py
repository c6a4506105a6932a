"""Measurements that need a fresh process each: the first search, typing, peak memory.

    python -m tests.bench.probes MODE STORE   ->  one JSON object on the last line of stdout

Modes: stock-tinydb (a few inserts into one stock TinyDB file of all the notes),
first-search (each QUERY once, in a new process per query: the first search after
start), warm-search (every query repeated once the index is warm), typing (the search
screen in a headless app, typing a query key by key while a probe task measures how long
the event loop is ever blocked), rss (review screen, then search, then wait until the
index has every meeting loaded; peak RSS from VmHWM).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from peertui.domain.timesource import SystemTime
from peertui.services.groups import load_groups
from peertui.services.search import SearchIndex, index_for
from peertui.store import Store

#: name -> (query text, filters); member filters are filled in from the store's roster.
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "common word": ("board", {}),
    "two words": ("ransomware insurance", {}),
    "absent word": ("zeppelin", {}),
    "word, date range": ("vendor", {"date_from": "2019-01-01", "date_to": "2020-12-31"}),
    "kind and member, no text": ("", {"kind": "decision", "member_id": "*"}),
    "word, kind, member": ("plan", {"kind": "action", "member_id": "*"}),
}
TYPED = "data migration budget"


def _filters(store: Store, filters: dict[str, Any]) -> dict[str, Any]:
    out = dict(filters)
    if out.get("member_id") == "*":
        group = load_groups(store)[0]
        out["member_id"] = group.members[3].id  # a founder who later left: sparse hits
    return out


def first_search(store_path: str, name: str) -> dict[str, Any]:
    from peertui.cli.unlock import open_unlocked  # an encrypted store: its key from the agent

    store = open_unlocked(store_path)
    text, filters = QUERIES[name]
    filters = _filters(store, filters)
    index = SearchIndex(store)
    begun = time.perf_counter()
    hits = index.search(text, **filters)
    return {"ms": (time.perf_counter() - begun) * 1000, "hits": len(hits)}


def stock_tinydb(store_path: str, file: str) -> dict[str, Any]:
    """A few inserts into one stock TinyDB JSON file holding every note of the store."""
    from tinydb import TinyDB

    docs: dict[str, dict[str, Any]] = {}
    for meeting_file in sorted((Path(store_path) / "meetings").glob("*.json")):
        for item in json.loads(meeting_file.read_bytes())["items"].values():
            docs[str(len(docs) + 1)] = item
    Path(file).write_text(json.dumps({"_default": docs}))
    db = TinyDB(file)  # stock JSONStorage: reads and rewrites the whole file on every insert
    times = []
    for k in range(3):
        begun = time.perf_counter()
        db.insert({"id": f"stock-{k}", "kind": "note", "text": "Stock TinyDB insert"})
        times.append((time.perf_counter() - begun) * 1000)
    db.close()
    return {"ms": sorted(times)[1], "docs": len(docs)}


def warm_search(store_path: str, repeats: int) -> dict[str, Any]:
    store = Store.open(store_path)
    index = SearchIndex(store)
    index.warm()
    out: dict[str, Any] = {}
    for name, (text, filters) in QUERIES.items():
        filters = _filters(store, filters)
        times = []
        for _ in range(repeats):
            begun = time.perf_counter()
            hits = index.search(text, **filters)
            times.append((time.perf_counter() - begun) * 1000)
        out[name] = {"ms": sorted(times)[len(times) // 2], "hits": len(hits)}
    return out


async def _lag_probe(gaps: list[float], stop: asyncio.Event, step: float = 0.005) -> None:
    """Sleep `step` over and over; any longer gap is time the event loop could not run."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(step)
        now = time.perf_counter()
        gaps.append(now - last - step)
        last = now


def _app(store_path: str) -> Any:
    from peertui.ui.app import create_app

    return create_app(Store.open(store_path), SystemTime())


async def _typing(store_path: str) -> dict[str, Any]:
    from peertui.ui.screens.review.router import open_view

    app = _app(store_path)
    gaps: list[float] = []
    stop = asyncio.Event()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        open_view(app, "search")
        await pilot.pause()
        probe = asyncio.create_task(_lag_probe(gaps, stop))
        for char in TYPED:  # about eight keys a second, a quick typist
            await pilot.press("space" if char == " " else char)
            await asyncio.sleep(0.12)
        deadline = time.perf_counter() + 10
        screen = app.screen
        while time.perf_counter() < deadline:  # until this query's results are shown
            shown = screen.shown_query
            if shown is not None and shown.text == TYPED:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(1.0)  # and a second more of the warm-up running behind
        stop.set()
        await probe
        status = str(screen.query_one("#search-status").render())
    return {"max_block_ms": max(gaps) * 1000, "p99_block_ms": sorted(gaps)[int(len(gaps) * .99)]
            * 1000, "samples": len(gaps), "status": status}


async def _rss(store_path: str) -> dict[str, Any]:
    from peertui.ui.screens.review.router import open_view

    app = _app(store_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        open_view(app, "past")
        await pilot.pause()
        open_view(app, "search")
        await pilot.pause()
        for char in "migration":
            await pilot.press(char)
        index = index_for(app.store)
        total = len(app.store.meetings())
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and _whole(index) < total:
            await asyncio.sleep(0.1)
        await pilot.pause()
        loaded = _whole(index)
    return {"peak_mb": _peak_rss_kb() / 1024, "meetings_loaded": loaded, "meetings": total}


def _whole(index: SearchIndex) -> int:
    """Meetings the index holds read the store's way: the warm-up is done at all of them."""
    return sum(1 for entry in list(index._meetings.values()) if entry.whole is not None)


def _peak_rss_kb() -> int:
    """This process's own peak resident memory (VmHWM).  Not ru_maxrss: Linux carries the
    parent's peak across fork and exec into it, so a probe started from a big pytest process
    would report the parent's memory, not its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    mode, store_path = sys.argv[1], sys.argv[2]
    if mode == "first-search":
        result = first_search(store_path, sys.argv[3])
    elif mode == "stock-tinydb":
        result = stock_tinydb(store_path, sys.argv[3])
    elif mode == "warm-search":
        result = warm_search(store_path, int(sys.argv[3]))
    elif mode == "typing":
        result = asyncio.run(_typing(store_path))
    elif mode == "rss":
        result = asyncio.run(_rss(store_path))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()


def run(mode: str, store: Path, *args: str) -> dict[str, Any]:
    """Run one probe in a fresh interpreter and return its JSON answer."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "tests.bench.probes", mode, str(store), *args],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe {mode} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
