"""The clock lease: one driver at a time, explicit take-over, stale or dead holders freed."""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from peertui.domain.timesource import FakeTime, SystemTime
from peertui.services.driver import (
    STALE_AFTER_S,
    DriverLease,
    Identity,
    holder_gone,
    lease_of,
)
from peertui.store import Store
from tests.room.helpers import start_meeting


def _lease(store: Store, meeting_id: str, time: FakeTime, pid: int | None = None) -> DriverLease:
    ident = Identity(os.urandom(8).hex(), pid or os.getpid(), socket.gethostname())
    return DriverLease(store, meeting_id, time, ident)


def test_first_claim_drives_and_a_second_does_not(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    assert not second.claim()
    held = lease_of(store.get_meeting(meeting))
    assert held is not None and held["id"] == first.identity.id
    assert {"id", "pid", "host", "since", "heartbeat"} <= set(held)
    assert first.claim(), "claiming again is a no-op for the holder"


def test_forced_take_over_and_the_old_driver_notices(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    first, second = _lease(store, meeting, fake_time), _lease(store, meeting, fake_time)
    assert first.claim()
    assert second.claim(force=True)
    assert not first.heartbeat(), "the old driver learns at its next heartbeat"
    assert second.heartbeat()
    assert lease_of(store.get_meeting(meeting))["id"] == second.identity.id  # type: ignore[index]


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
    assert lease_of(store.get_meeting(meeting)) is not None
    first.release()
    assert lease_of(store.get_meeting(meeting)) is None
    assert second.claim()


def test_events_written_meanwhile_survive_the_heartbeat(store: Store, fake_time: FakeTime) -> None:
    from peertui.services.live import LiveMeeting

    meeting = start_meeting(store, fake_time)
    lease = _lease(store, meeting, fake_time)
    assert lease.claim()
    LiveMeeting(store, meeting, fake_time).act("next")
    assert lease.heartbeat()
    assert [e["type"] for e in store.get_meeting(meeting)["events"]] == ["start", "next"]  # type: ignore[index]


def test_holder_gone_reads_unreadable_leases_as_gone() -> None:
    assert holder_gone(None, 0.0)
    assert holder_gone({"id": "x", "heartbeat": "not a time"}, 0.0)


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
