"""Facilitator, note-takers and a viewer on one store: nothing lost, no id clash, changes seen.

The stress test runs real processes (fork) through the same service the live screen uses,
LiveMeeting.new_item, so ids come from the app's own generator, not from the test.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import msgspec
from textual.widgets import DataTable

from peertui.domain.models import Group
from peertui.domain.records import MeetingSummary
from peertui.domain.timesource import SystemTime
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.store.store import MeetingDoc
from peertui.ui.app import create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.modes import loose_modes
from tests.ui.helpers import live_screen

PROCESSES = int(os.environ.get("PEERTUI_STRESS_PROCESSES", "4"))
WRITES = int(os.environ.get("PEERTUI_STRESS_WRITES", "500"))
SIDE_EVERY = 50  # each worker also rewrites the summary and its own group this often


def _running_meeting(root: Path) -> tuple[Store, str]:
    store = Store.open(root)
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "Stress", TODAY)
    create_meeting(store, record)
    LiveMeeting(store, record.id, SystemTime()).act("start")
    return store, record.id


def _side_name(worker: int, writes: int) -> str:
    return f"Worker {worker} after {writes} writes"


def _worker(root: str, meeting_id: str, worker: int, go: Any, out: Any) -> None:
    """A second terminal: its own Store and LiveMeeting, writing as fast as it can."""
    store = Store.open(root)
    live = LiveMeeting(store, meeting_id, SystemTime())
    go.wait(30)
    made: list[str] = []
    for n in range(WRITES):
        item = live.new_item("note", f"w{worker} n{n}", by=f"worker {worker}")
        made.append(item.id)
        if n % SIDE_EVERY == SIDE_EVERY - 1:
            refresh_summary(store, meeting_id)
            store.save_group(Group(id=f"side-{worker}", name=_side_name(worker, n + 1)))
    out.put((worker, made))


def test_processes_writing_one_meeting_lose_nothing(tmp_path: Path,
                                                    figures: dict[str, Any]) -> None:
    store, meeting_id = _running_meeting(tmp_path / "store")
    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(store.root), meeting_id, w, go, out))
             for w in range(PROCESSES)]
    for p in procs:
        p.start()
    began = time.monotonic()
    go.set()
    made = dict(out.get(timeout=240) for _ in procs)
    for p in procs:
        p.join(30)
    seconds = time.monotonic() - began
    assert [p.exitcode for p in procs] == [0] * PROCESSES

    items = store.items(meeting_id)
    ids = [i.id for i in items]
    expected = [i for w in range(PROCESSES) for i in made[w]]
    assert len(set(expected)) == len(expected) == PROCESSES * WRITES, "the app's ids collided"
    assert len(ids) == len(set(ids)), "two items share an id in the store"
    assert set(ids) == set(expected), f"{len(set(expected) - set(ids))} writes lost"
    for w in range(PROCESSES):  # each writer's items keep its order
        mine = [int(i.text.split("n")[-1]) for i in items if i.by == f"worker {w}"]
        assert mine == list(range(WRITES))
    for w in range(PROCESSES):
        group = store.group(f"side-{w}")
        assert group is not None and group.name == _side_name(w, WRITES - WRITES % SIDE_EVERY)
    # the listing is true before any refresh: a summary older than its file is rebuilt
    summary = next(m for m in store.meetings() if m.id == meeting_id)
    assert summary.counts["note"] == PROCESSES * WRITES
    final = refresh_summary(store, meeting_id)
    assert final is not None and final.counts["note"] == PROCESSES * WRITES
    assert store.unreadable() == []
    assert loose_modes(store.root) == []
    figures.update({
        "stress_processes": PROCESSES, "stress_writes_each": WRITES,
        "stress_expected": PROCESSES * WRITES, "stress_found": len(set(ids) & set(expected)),
        "stress_side_writes": PROCESSES * 2 * (WRITES // SIDE_EVERY),
        "stress_seconds": round(seconds, 1),
        "stress_summary_stale_before_refresh": summary.counts["note"] != PROCESSES * WRITES,
    })


def test_a_second_process_sees_changes_within_a_second(tmp_path: Path) -> None:
    """The viewer does nothing; it notices the note-taker's save on its next poll."""
    store, meeting_id = _running_meeting(tmp_path / "store")
    viewer = LiveMeeting(store, meeting_id, SystemTime())
    assert viewer.refresh_if_changed() is False
    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    proc = ctx.Process(target=_one_note, args=(str(store.root), meeting_id))
    proc.start()
    proc.join(20)
    assert proc.exitcode == 0
    saved = time.monotonic()
    while not viewer.refresh_if_changed():
        assert time.monotonic() - saved < 1.0, "the other process's note did not show up"
        time.sleep(0.05)
    assert [i.text for i in viewer.items][-1] == "From the other terminal"


def _one_note(root: str, meeting_id: str) -> None:
    LiveMeeting(Store.open(root), meeting_id, SystemTime()).new_item(
        "note", "From the other terminal")


async def test_live_screen_shows_another_process_note_within_a_second(tmp_path: Path) -> None:
    """Pilot: the live screen's 1 s poll puts another writer's item in the feed, hands off."""
    store, meeting_id = _running_meeting(tmp_path / "store")
    app = create_app(store, FakeTime(time.time()), today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = live_screen(app)
        feed = screen.query_one("#feed", DataTable)
        assert feed.row_count == 0
        other = Store.open(store.root)  # a separate handle, as another process would have
        LiveMeeting(other, meeting_id, SystemTime()).new_item("note", "Saved elsewhere")
        await pilot.pause(1.2)
        assert feed.row_count == 1
        assert "Saved elsewhere" in str(feed.get_row_at(0)[-1])


def test_summary_refresh_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    """Two handles (two processes' worth of locks): A reads, B saves and refreshes, A writes.

    Without the read and the write under one lock, A's stale summary would win in the index.
    Lists would still be right (a summary older than its file is rebuilt from the file), but
    the cache would miss on every start from then on.
    """
    a, meeting_id = _running_meeting(tmp_path / "store")
    b = Store.open(a.root)
    read_doc = a.meeting_doc
    threads: list[threading.Thread] = []

    def slow_read(mid: str) -> MeetingDoc | None:
        doc = read_doc(mid)
        if not threads:
            other = threading.Thread(target=lambda: (
                LiveMeeting(b, meeting_id, SystemTime()).new_item("note", "B's note"),
                refresh_summary(b, meeting_id)))
            other.start()
            other.join(0.5)  # B gets its chance to finish first, unless A holds the lock
            threads.append(other)
        return doc

    a.meeting_doc = slow_read  # type: ignore[method-assign, assignment]
    refresh_summary(a, meeting_id)
    for t in threads:
        t.join(20)
    assert threads and not threads[0].is_alive()
    cached = [msgspec.convert(s, MeetingSummary)
              for s in json.loads((a.root / "index.json").read_text())["meetings"].values()
              if s["id"] == meeting_id]
    path = a.root / "meetings" / f"{meeting_id}.json"
    st = path.stat()
    (summary,) = cached
    assert tuple(summary.source or ()) == (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode), \
        "the index keeps a summary of an older file"
    assert summary.counts["note"] == len(b.items(meeting_id)) == 1
    assert next(m for m in b.meetings() if m.id == meeting_id).counts["note"] == 1
