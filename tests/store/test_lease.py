"""The clock lease file beside a meeting: cheap to rewrite, private, and never a lock-out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

from peertui.domain.records import Lease
from peertui.store import Store

from .helpers import mode_of, temp_leftovers

LEASE = Lease(id="abc", pid=123, host="here", since="2026-11-27T16:00:00.000000+00:00",
              heartbeat="2026-11-27T16:00:03.000000+00:00")


def _lease_file(store: Store, meeting_id: str = "m1") -> Path:
    return store.root / "meetings" / f"{meeting_id}.driver"


def test_lease_round_trip_beside_the_meeting_0600(store: Store) -> None:
    assert store.read_lease("m1") is None
    store.write_lease("m1", LEASE)
    assert store.read_lease("m1") == LEASE
    assert mode_of(_lease_file(store)) == 0o600
    assert temp_leftovers(store.root / "meetings") == []
    store.clear_lease("m1")
    assert not _lease_file(store).exists() and store.read_lease("m1") is None
    store.clear_lease("m1")  # idempotent


def test_lease_is_0600_under_a_permissive_umask(store: Store) -> None:
    old = os.umask(0)
    try:
        store.write_lease("m1", LEASE)
    finally:
        os.umask(old)
    assert mode_of(_lease_file(store)) == 0o600


def test_a_lease_write_never_fsyncs(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lost beat only makes the lease stale; the heartbeat must not pay for durability."""
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    store.write_lease("m1", LEASE)
    store.write_lease("m1", replace(LEASE, heartbeat="2026-11-27T16:00:06.000000+00:00"))
    store.clear_lease("m1")
    assert synced == []
    store.change_meeting("m1", lambda m: replace(m, topic="April"))  # real store writes still do
    assert synced


def test_a_lease_write_leaves_the_meeting_and_index_untouched(store: Store) -> None:
    meeting = store.root / "meetings" / "m1.json"
    before, stat = meeting.read_bytes(), meeting.stat()
    token = store.change_token("m1")
    store.write_lease("m1", LEASE)
    store.clear_lease("m1")
    assert store.change_token("m1") == token
    assert meeting.read_bytes() == before
    assert meeting.stat().st_mtime_ns == stat.st_mtime_ns and meeting.stat().st_ino == stat.st_ino


@pytest.mark.parametrize("content", [b"", b"{half", b"\xff\xfe", b"[1, 2]", b'"abc"', b"null",
                                     b"[" * 100_000, b"{}", b'{"id": ""}', b'{"id": 7}',
                                     b'{"id": "x", "pid": "many"}'])
def test_a_damaged_lease_file_reads_as_no_lease(store: Store, content: bytes) -> None:
    _lease_file(store).write_bytes(content)
    assert store.read_lease("m1") is None
    store.write_lease("m1", LEASE)  # and is simply replaced by the next claim
    assert store.read_lease("m1") == LEASE


def test_an_unreadable_lease_file_reads_as_no_lease(store: Store) -> None:
    _lease_file(store).mkdir()  # unreadable whoever we are (root ignores chmod)
    assert store.read_lease("m1") is None


def test_purge_removes_the_lease_and_its_leftovers(store: Store) -> None:
    meetings = store.root / "meetings"
    store.write_lease("m1", LEASE)
    leftover = meetings / ".m1.driver.tmp-999999-abcd"
    leftover.write_bytes(b"{half")
    assert set(store.meeting_files("m1")) == {meetings / "m1.json", _lease_file(store), leftover}
    store.purge_meeting("m1")
    assert list(meetings.iterdir()) == []
    assert store.read_lease("m1") is None


def test_open_tidies_a_dead_writers_lease_temp_but_keeps_the_lease(store: Store) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    store.write_lease("m1", LEASE)
    leftover = store.root / "meetings" / f".m1.driver.tmp-{child.pid}-deadbeef"
    leftover.write_bytes(b"{half")
    Store.open(store.root)
    assert not leftover.exists()
    assert Store.open(store.root).read_lease("m1") == LEASE
    assert [m.id for m in store.meetings()] == ["m1"]  # not taken for a meeting
    assert store.unreadable() == []
