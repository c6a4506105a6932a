"""The clock lease: one driver at a time, explicit take-over, stale or dead holders freed."""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from peertui.domain.records import Lease
from peertui.domain.timesource import SystemTime, to_iso
from peertui.services.driver import (
    HEARTBEAT_S,
    STALE_AFTER_S,
    DriverLease,
    Identity,
    current_lease,
    holder_gone,
)
from peertui.store import Store
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting


def _lease_file(store: Store, meeting_id: str) -> Path:
    return store.root / "meetings" / f"{meeting_id}.driver"


def _lease(store: Store, meeting_id: str, time: FakeTime, pid: int | None = None) -> DriverLease:
    ident = Identity(os.urandom(8).hex(), pid or os.getpid(), socket.gethostname())
    return DriverLease(store, meeting_id, time, ident)


def test_first_claim_drives_and_a_second_does_not(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    assert not second.claim()
    held = current_lease(store, meeting)
    assert held is not None and held.id == first.identity.id
    assert store.read_lease(meeting) == held, "in the lease file beside the meeting"
    assert held.pid == os.getpid() and held.host == socket.gethostname()
    assert held.since and held.heartbeat
    assert first.claim(), "claiming again is a no-op for the holder"


def test_forced_take_over_and_the_old_driver_notices(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    assert second.claim(force=True)
    assert not first.heartbeat(), "the old driver learns at its next heartbeat"
    assert second.heartbeat()
    assert current_lease(store, meeting).id == second.identity.id


def test_a_stale_heartbeat_frees_the_clock(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    fake_time.advance(STALE_AFTER_S - 1)
    assert not second.claim()
    assert first.heartbeat()
    fake_time.advance(STALE_AFTER_S - 1)
    assert not second.claim(), "a fresh heartbeat keeps the lease"
    fake_time.advance(3)
    assert second.claim(), "silent for more than the stale limit: free to take"


def test_a_dead_process_on_this_host_frees_the_clock(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    crashed = _lease(store, meeting, fake_time, pid=gone.pid)
    assert crashed.claim()
    assert _lease(store, meeting, fake_time).claim(), "no need to wait for staleness"


def test_release_hands_the_clock_back(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    second.release()  # not the holder: changes nothing
    assert current_lease(store, meeting) is not None
    assert _lease_file(store, meeting).exists(), "the lease file exists while driving"
    first.release()
    assert current_lease(store, meeting) is None
    assert not _lease_file(store, meeting).exists(), "and is gone after release"
    assert second.claim()


def test_events_written_meanwhile_survive_the_heartbeat(store: Store, fake_time: FakeTime) -> None:
    from peertui.services.live import LiveMeeting

    meeting = start_meeting(store, fake_time)
    lease = _lease(store, meeting, fake_time)
    assert lease.claim()
    LiveMeeting(store, meeting, fake_time).act("next")
    assert lease.heartbeat()
    assert [e.type for e in store.meeting(meeting).events] == ["start", "next"]


def test_a_heartbeat_leaves_the_meeting_file_alone(store: Store, fake_time: FakeTime,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the lease file: nobody polling the meeting sees a beat, nor pays for it."""
    from peertui.services.live import LiveMeeting

    meeting = start_meeting(store, fake_time)
    watcher = LiveMeeting(Store.open(store.root), meeting, fake_time)
    lease = _lease(store, meeting, fake_time)
    assert lease.claim()
    path = store.root / "meetings" / f"{meeting}.json"
    before, stat = path.read_bytes(), path.stat()
    claimed = current_lease(store, meeting)
    assert claimed is not None

    def no_meeting_reads(_meeting_id: str) -> None:
        raise AssertionError("a heartbeat must not read the meeting")

    monkeypatch.setattr(store, "meeting", no_meeting_reads)
    monkeypatch.setattr(store, "meeting_doc", no_meeting_reads)
    for _ in range(3):
        fake_time.advance(3)
        assert lease.heartbeat()
    monkeypatch.undo()
    assert path.read_bytes() == before
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
        stat.st_mtime_ns, stat.st_ino, stat.st_size)
    assert not watcher.refresh_if_changed(), "other screens have nothing to reload"
    beat = current_lease(store, meeting)
    assert beat is not None and beat.since == claimed.since
    assert beat.heartbeat > claimed.heartbeat


@pytest.mark.parametrize("content", [b"", b"{half", b"\xff\xfe", b"[]", b"{}", b'{"id": ""}',
                                     b'{"id": 7, "pid": 1}'])
def test_a_damaged_lease_file_frees_the_clock(store: Store, fake_time: FakeTime,
                                              content: bytes) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    _lease_file(store, meeting).write_bytes(content)
    assert current_lease(store, meeting) is None
    assert second.claim(), "nobody is locked out of the clock by a bad lease file"
    assert not first.heartbeat(), "the old driver sees the lease is not its own any more"
    assert current_lease(store, meeting).id == second.identity.id


def test_a_lease_with_an_unreadable_heartbeat_is_free(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    store.write_lease(meeting, Lease(id="someone", pid=os.getpid(),
                                     host=socket.gethostname(), heartbeat="yesterday-ish"))
    assert _lease(store, meeting, fake_time).claim()


def test_an_old_driver_key_in_the_record_is_ignored(store: Store, fake_time: FakeTime) -> None:
    """Records saved before the lease file may still hold one: not read, not migrated."""
    meeting = start_meeting(store, fake_time)
    old = {"id": "from-before", "pid": os.getpid(), "host": socket.gethostname(),
           "since": to_iso(fake_time.now()), "heartbeat": to_iso(fake_time.now())}
    path = store.root / "meetings" / f"{meeting}.json"
    raw = json.loads(path.read_bytes())
    raw["meeting"]["1"]["driver"] = old
    path.write_text(json.dumps(raw))
    lease = _lease(store, meeting, fake_time)
    assert lease.holder() is None
    assert lease.claim() and lease.heartbeat()
    lease.release()
    assert json.loads(path.read_bytes())["meeting"]["1"]["driver"] == old, "left as found"


def test_no_lease_for_a_meeting_that_is_not_there(store: Store, fake_time: FakeTime) -> None:
    assert not _lease(store, "nosuchmeeting", fake_time).claim()
    assert not _lease_file(store, "nosuchmeeting").exists()


def test_purging_the_meeting_removes_its_lease(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    lease = _lease(store, meeting, fake_time)
    assert lease.claim()
    store.purge_meeting(meeting)
    assert not _lease_file(store, meeting).exists()
    assert not lease.heartbeat(), "nothing left to drive"


def test_holder_gone_reads_unreadable_leases_as_gone() -> None:
    assert holder_gone(None, 0.0)
    assert holder_gone(Lease(id="x", heartbeat="not a time"), 0.0)


def _race(root: str, meeting: str, go: Any, done: Any, out: Any) -> None:
    lease = DriverLease(Store.open(root), meeting, SystemTime())
    go.wait(30)
    out.put(lease.claim())
    done.wait(30)  # stay alive: a dead holder's lease is free, which is another test


def test_only_one_of_several_processes_wins_the_clock(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "race")
    meeting = start_meeting(store, SystemTime())
    ctx = multiprocessing.get_context("fork")
    go, done, out = ctx.Event(), ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_race, args=(str(store.root), meeting, go, done, out))
               for _ in range(6)]
    for worker in workers:
        worker.start()
    go.set()
    results = [out.get(timeout=30) for _ in workers]
    done.set()
    for worker in workers:
        worker.join(30)
    assert results.count(True) == 1


def _driving_process(root: str, meeting: str, start: float, taken: Any, out: Any) -> None:
    time = FakeTime(start)
    lease = DriverLease(Store.open(root), meeting, time)
    out.put(lease.claim())
    taken.wait(30)
    time.advance(HEARTBEAT_S)
    out.put(lease.heartbeat())
    out.put(lease.claim())  # without force: the new holder is alive, so no


def test_take_over_from_another_process_which_notices_at_its_next_beat(
        tmp_path: Path, fake_time: FakeTime) -> None:
    store = Store.open(tmp_path / "two")
    meeting = start_meeting(store, fake_time)
    ctx = multiprocessing.get_context("fork")
    taken, out = ctx.Event(), ctx.Queue()
    child = ctx.Process(target=_driving_process,
                        args=(str(store.root), meeting, fake_time.now(), taken, out))
    child.start()
    try:
        assert out.get(timeout=30) is True
        held = current_lease(store, meeting)
        assert held is not None and held.pid == child.pid
        mine = DriverLease(Store.open(store.root), meeting, fake_time)
        assert not mine.claim(), "a live driver in another process keeps the clock"
        assert mine.claim(force=True)
        taken.set()
        assert out.get(timeout=30) is False, "the other process learns at its next heartbeat"
        assert out.get(timeout=30) is False
        assert current_lease(store, meeting).id == mine.identity.id
    finally:
        taken.set()
        child.join(30)
    assert child.exitcode == 0
