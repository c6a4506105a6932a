"""Damaged files are refused and left alone; failed writes leave the last good copy intact."""

from __future__ import annotations

import errno
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peertui.domain.models import Group
from peertui.store import Store, StoreError
from peertui.store import atomic as atomic_mod
from peertui.store import migrate as migrate_mod

from .helpers import event, meeting, mode_of, note, requires_non_root, temp_leftovers

GOOD_INDEX = b'{"meta":{"1":{"schema":2,"created":"2024-01-01T00:00:00+00:00"}},"groups":{}}'


def test_files_are_0600_and_folders_0700(store: Store) -> None:
    store.add_item("m1", note("a"))
    root = store.root
    assert mode_of(root) == 0o700
    assert mode_of(root / "meetings") == 0o700
    for name in ("index.json", ".lock", "meetings/m1.json"):
        assert mode_of(root / name) == 0o600, name


def test_files_stay_0600_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        s = Store.open(tmp_path / "loose")
        s.create_meeting(meeting("m"))
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "loose") == 0o700
    assert mode_of(tmp_path / "loose" / "meetings" / "m.json") == 0o600


def test_rewrite_tightens_an_old_0644_file(store: Store) -> None:
    path = store.root / "meetings" / "m1.json"
    os.chmod(path, 0o644)
    store.add_item("m1", note("a"))
    assert mode_of(path) == 0o600


BAD_INDEXES = {
    "truncated": (GOOD_INDEX[:40], "not valid JSON"),
    "not-json": (b"hello, world", "not valid JSON"),
    "json-list": (b"[1, 2, 3]", "not in the shape"),
    "table-not-dict": (b'{"meta": [1]}', "not in the shape"),
    "doc-not-dict": (b'{"meta": {"1": 5}}', "not in the shape"),
    "no-meta": (b'{"groups": {}}', "not in the shape"),
    "schema-99": (GOOD_INDEX.replace(b'"schema":2', b'"schema":99'), "newer peertui"),
    "schema-text": (GOOD_INDEX.replace(b'"schema":2', b'"schema":"2"'), "not a whole number"),
    "zero-length": (b"", "empty"),
    "not-utf8": (b'{"meta": "\xff\xfe"}', "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INDEXES))
def test_bad_index_refused_by_name_and_left_untouched(tmp_path: Path, case: str) -> None:
    content, phrase = BAD_INDEXES[case]
    root = tmp_path / "store"
    root.mkdir()
    index = root / "index.json"
    index.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(root)
    err = info.value
    assert err.path == index
    assert str(index) in str(err) and phrase in str(err)
    assert str(err).startswith(f"peertui cannot use the store file {index}: ")
    assert err.advice in str(err)
    assert index.read_bytes() == content
    assert temp_leftovers(root) == []


def test_truncated_index_message_wording(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_bytes(GOOD_INDEX[:-3])
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path)
    assert str(info.value) == (
        f"peertui cannot use the store file {tmp_path / 'index.json'}: it is not valid JSON "
        "(truncated?). Move it aside or restore a backup, then start again."
    )


BAD_MEETING_FILES = {
    "zero-length": (b"", "empty"),
    "truncated": (b'{"meeting":{"1":{"id":"m1"', "not valid JSON"),
    "json-list": (b"[]", "not in the shape"),
    "no-meeting-record": (b'{"meeting":{}}', "expected one meeting record, found 0"),
    "two-meeting-records": (
        b'{"meeting":{"1":{"id":"m1","group_id":"g1","date":"2024-03-01"},'
        b'"2":{"id":"m1","group_id":"g1","date":"2024-03-01"}}}',
        "found 2"),
    "another-meetings-record": (
        b'{"meeting":{"1":{"id":"m9","group_id":"g1","date":"2024-03-01"}}}',
        "is not the file's name"),
    "item-number-not-a-number": (
        b'{"meeting":{"1":{"id":"m1","group_id":"g1","date":"2024-03-01"}},'
        b'"items":{"x":{"id":"a","text":"t"}}}',
        "record number"),
}


@pytest.mark.parametrize("case", sorted(BAD_MEETING_FILES))
def test_bad_meeting_file_refused_and_untouched(store: Store, case: str) -> None:
    content, phrase = BAD_MEETING_FILES[case]
    path = store.root / "meetings" / "m1.json"
    path.write_bytes(content)
    for action in (
        lambda: store.meeting("m1"),
        lambda: store.meeting_doc("m1"),
        lambda: store.items("m1"),
        lambda: store.add_item("m1", note("a")),
        lambda: store.append_event("m1", event("start")),
        lambda: store.change_meeting("m1", lambda m: m),
        lambda: store.refresh_summary("m1"),
    ):
        with pytest.raises(StoreError) as info:
            action()
        assert info.value.path == path
        assert str(path) in str(info.value) and phrase in str(info.value)
    with pytest.raises(ValueError, match="already exists"):
        store.create_meeting(meeting("m1"))
    assert store.meetings() == []
    assert [e.path for e in store.unreadable()] == [path]
    assert path.read_bytes() == content


def test_store_error_pickles(tmp_path: Path) -> None:
    err = StoreError(tmp_path / "x.json", "it is odd", "Do this.")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.path == err.path


def _fill_disk_halfway(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_keeps_old_file_and_removes_temp(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_item("m1", note("a", "kept"))
    path = store.root / "meetings" / "m1.json"
    before = path.read_bytes()
    monkeypatch.setattr(atomic_mod, "_write_all", _fill_disk_halfway)
    with pytest.raises(StoreError, match="disk is full") as info:
        store.add_item("m1", note("b", "lost"))
    assert info.value.path == path
    assert path.read_bytes() == before
    assert temp_leftovers(path.parent) == []
    monkeypatch.undo()
    store.add_item("m1", note("b"))  # works again once space is back
    assert [i.id for i in store.items("m1")] == ["a", "b"]


def test_disk_full_at_fsync_also_safe(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    index = store.root / "index.json"
    before = index.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError, match="disk is full"):
        store.save_group(Group(id="g2", name="Two"))
    monkeypatch.undo()
    assert index.read_bytes() == before
    assert temp_leftovers(store.root) == []


def test_uncreatable_parent_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as info:
        Store.open(blocker / "store")
    assert "folder" in str(info.value)
    with pytest.raises(StoreError, match="not a folder"):
        Store.open(blocker)
    assert blocker.read_text() == "not a folder"


@requires_non_root
def test_read_only_folder_write_fails_cleanly(store: Store) -> None:
    meetings = store.root / "meetings"
    path = meetings / "m1.json"
    before = path.read_bytes()
    os.chmod(meetings, 0o500)
    try:
        with pytest.raises(StoreError, match="read-only") as info:
            store.add_item("m1", note("a"))
        assert info.value.path == path
        assert store.items("m1") == ()  # reading still works
    finally:
        os.chmod(meetings, 0o700)
    assert path.read_bytes() == before
    assert temp_leftovers(meetings) == []


@requires_non_root
def test_read_only_file_is_respected(store: Store) -> None:
    index = store.root / "index.json"
    before = index.read_bytes()
    os.chmod(index, 0o400)
    with pytest.raises(StoreError, match="read-only"):
        store.save_group(Group(id="g2", name="Two"))
    assert index.read_bytes() == before


@requires_non_root
def test_unreadable_file_is_a_store_error(store: Store) -> None:
    path = store.root / "meetings" / "m1.json"
    os.chmod(path, 0o000)
    try:
        with pytest.raises(StoreError, match="cannot be read"):
            store.meeting("m1")
    finally:
        os.chmod(path, 0o600)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_cleaned_at_open(store: Store) -> None:
    root, meetings = store.root, store.root / "meetings"
    dead = _dead_pid()
    stale = [
        root / f".index.json.tmp-{dead}-deadbeef",
        meetings / f".m1.json.tmp-{dead}-0badf00d",
        meetings / f".m2.json.tmp-{os.getpid()}-00000001",  # live pid but old
    ]
    fresh_live = meetings / f".m3.json.tmp-{os.getpid()}-00000002"
    unrelated = meetings / "notes.tmp-1-x"
    for p in [*stale, fresh_live, unrelated]:
        p.write_bytes(b"{partial")
    old = time.time() - 120
    os.utime(stale[2], (old, old))
    Store.open(root)
    assert [p for p in stale if p.exists()] == []
    assert fresh_live.exists() and unrelated.exists()


def _v0_index() -> bytes:
    return json.dumps(
        {"meta": {"1": {"schema": 0}}, "groups": {"1": {"id": "g1", "title": "Old name field"}}}
    ).encode()


def _upgrade_0_to_1(data: atomic_mod.Tables) -> atomic_mod.Tables:
    for doc in data["groups"].values():
        doc["name"] = doc.pop("title")
    data.setdefault("meetings", {})
    return data


def test_migration_keeps_backup_then_upgrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Steps run in turn (0 -> 1 here, then the real 1 -> 2); one backup, of the original."""
    monkeypatch.setattr(migrate_mod, "MIGRATIONS", {0: _upgrade_0_to_1, **migrate_mod.MIGRATIONS})
    (tmp_path / "index.json").write_bytes(_v0_index())
    s = Store.open(tmp_path)
    backup = tmp_path / "index.json.bak-v0"
    assert backup.read_bytes() == _v0_index()
    assert mode_of(backup) == 0o600
    assert s.group("g1") == Group(id="g1", name="Old name field")
    data = json.loads((tmp_path / "index.json").read_text())
    assert data["meta"]["1"]["schema"] == migrate_mod.SCHEMA_VERSION == 2
    assert data["groups"]["1"]["cadence"] is None
    assert not (tmp_path / "index.json.bak-v1").exists()
    Store.open(tmp_path)  # already current: no second migration
    assert backup.read_bytes() == _v0_index()


def test_failed_migration_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: atomic_mod.Tables) -> atomic_mod.Tables:
        raise RuntimeError("bug in step")

    monkeypatch.setattr(migrate_mod, "MIGRATIONS", {0: broken, **migrate_mod.MIGRATIONS})
    (tmp_path / "index.json").write_bytes(_v0_index())
    with pytest.raises(StoreError, match="bug in step"):
        Store.open(tmp_path)
    assert (tmp_path / "index.json").read_bytes() == _v0_index()
    assert (tmp_path / "index.json.bak-v0").read_bytes() == _v0_index()


def test_old_schema_without_migration_is_refused(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_bytes(_v0_index())
    with pytest.raises(StoreError, match="cannot upgrade"):
        Store.open(tmp_path)
    assert (tmp_path / "index.json").read_bytes() == _v0_index()
    assert not (tmp_path / "index.json.bak-v0").exists()


def test_a_lone_surrogate_is_saved_as_the_replacement_character(store: Store) -> None:
    """Half a UTF-16 pair is no character: it is kept as U+FFFD, the rest of the text as is,
    and the file stays readable UTF-8."""
    store.add_item("m1", note("s", "bad \ud800 half"))
    assert store.items("m1")[0].text == "bad \ufffd half"
    assert Store.open(store.root).items("m1")[0].text == "bad \ufffd half"
    (store.root / "meetings" / "m1.json").read_bytes().decode("utf-8")  # still valid UTF-8


def test_a_lone_surrogate_in_a_group_never_makes_the_index_unreadable(store: Store) -> None:
    store.save_group(Group(id="g1", name="bad \ud800 half"))
    assert store.group("g1").name == "bad \ufffd half"  # type: ignore[union-attr]
    assert Store.open(store.root).group("g1").name == "bad \ufffd half"  # type: ignore[union-attr]


def test_an_old_file_with_an_escaped_surrogate_is_read(store: Store) -> None:
    """Files written before kept a lone surrogate as a \\ud800 escape: still readable."""
    path = store.root / "meetings" / "m1.json"
    path.write_bytes(path.read_bytes().replace(b'"topic":"', b'"topic":"x\\ud800y'))
    meeting = store.meeting("m1")
    assert meeting is not None and meeting.topic.startswith("x\ufffdy")
