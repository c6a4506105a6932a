"""Copies of one store kept together through git (services/sync.py), with local bare
repositories and temporary stores only: copies changed apart converge with nothing lost,
a foreign remote is refused, and a fault at any step loses nothing and the next sync
completes."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import msgspec
import pytest

from peertui.domain.models import Member
from peertui.domain.records import Item
from peertui.services import sync_view
from peertui.services.git_remote import Git
from peertui.services.sample import load_sample
from peertui.services.sync import Syncer, SyncError, restore
from peertui.services.sync_state import read_state
from peertui.services.sync_view import snapshot
from peertui.store import Store
from peertui.store.layout import SYNC_LOCK_NAME
from tests.conftest import TODAY


def _bare(path: Path) -> str:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return str(path)


@pytest.fixture
def remote(tmp_path: Path) -> str:
    return _bare(tmp_path / "remote.git")


@pytest.fixture
def chair(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "chair")
    load_sample(store, TODAY)
    return store


def _sync(store: Store, remote: str | None = None) -> str:
    return Syncer(store).run(remote).summary()


def _second_copy(chair: Store, remote: str, tmp_path: Path) -> Store:
    """The chair's store synced to the remote, and the note-taker's copy restored from it."""
    _sync(chair, remote)
    restore(remote, tmp_path / "notes")
    return Store.open(tmp_path / "notes")


def _view(store: Store) -> dict[str, dict[str, object]]:
    return snapshot(store).entities


def _meeting(store: Store) -> str:
    return store.meetings()[0].id


def _note(store: Store, meeting_id: str, text: str) -> Item:
    item = Item(id=text.replace(" ", "-")[:16], text=text, at="2026-09-18T17:00:00Z")
    store.add_item(meeting_id, item)
    return item


def test_a_second_copy_restored_from_the_remote_holds_the_whole_group(
        chair: Store, remote: str, tmp_path: Path) -> None:
    assert "Synced with" in _sync(chair, remote)
    result = restore(remote, tmp_path / "notes")
    notes = Store.open(tmp_path / "notes")
    assert _view(notes) == _view(chair)
    assert [m.id for m in notes.meetings()] == [m.id for m in chair.meetings()]
    assert notes.groups()[0].members == chair.groups()[0].members  # in the same order
    assert result.received > 0
    assert read_state(notes.root).device != read_state(chair.root).device  # type: ignore[union-attr]


def test_two_copies_changed_apart_converge_with_nothing_lost(
        chair: Store, remote: str, tmp_path: Path) -> None:
    notes = _second_copy(chair, remote, tmp_path)
    meeting = _meeting(chair)
    items = chair.items(meeting)
    action = next(i for i in items if i.kind == "action")
    edited, other = next(i for i in items if i.kind == "note"), items[-1]
    members = [m.id for m in chair.groups()[0].members]
    # apart: notes added on both, one edited here and deleted there, an action done in
    # one and reassigned in the other, a member added on each
    _note(chair, meeting, "chair says: pilot two plants first")
    _note(notes, meeting, "notes says: ask the auditors early")
    chair.change_item(meeting, edited.id, lambda i: msgspec.structs.replace(i, text="edited"))
    notes.remove_item(meeting, edited.id)
    chair.change_item(meeting, action.id, lambda i: msgspec.structs.replace(i, status="done"))
    notes.change_item(meeting, action.id,
                      lambda i: msgspec.structs.replace(i, owner_id=members[3]))
    notes.remove_item(meeting, other.id)
    for store, name in ((chair, "Ada Chair"), (notes, "Bo Notes")):
        group = store.groups()[0]
        group.members.append(Member(name=name))
        store.save_group(group)
    # the chair's edit counts as made when its meeting was last saved: after the deletion
    later = time.time() + 60
    os.utime(chair.root / "meetings" / f"{meeting}.json", (later, later))

    _sync(chair)
    _sync(notes)
    _sync(chair)
    assert _view(chair) == _view(notes)
    texts = {i.text for i in chair.items(meeting)}
    assert {"chair says: pilot two plants first", "notes says: ask the auditors early",
            "edited"} <= texts  # edited after it was deleted there: the edit wins
    assert other.text not in texts  # deleted there, untouched here: gone
    done = next(i for i in chair.items(meeting) if i.id == action.id)
    assert (done.status, done.owner_id) == ("done", members[3])  # both fields kept
    names = [m.name for m in chair.groups()[0].members]
    assert {"Ada Chair", "Bo Notes"} <= set(names)
    assert [m.name for m in notes.groups()[0].members] == names


def test_the_later_change_to_one_field_wins(chair: Store, remote: str,
                                            tmp_path: Path) -> None:
    notes = _second_copy(chair, remote, tmp_path)
    meeting = _meeting(chair)
    target = chair.items(meeting)[0].id
    chair.change_item(meeting, target, lambda i: msgspec.structs.replace(i, text="first"))
    os.utime(chair.root / "meetings" / f"{meeting}.json", (1_000_000_000, 1_000_000_000))
    notes.change_item(meeting, target, lambda i: msgspec.structs.replace(i, text="second"))
    _sync(notes)
    _sync(chair)  # synced last, but its edit was saved earlier
    _sync(notes)
    for store in (chair, notes):
        assert next(i for i in store.items(meeting) if i.id == target).text == "second"


def test_a_foreign_remote_and_another_groups_store_are_refused(
        chair: Store, remote: str, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    subprocess.run(["git", "init", "-q", "-b", "main", str(foreign)], check=True)
    (foreign / "README").write_text("my dotfiles\n")
    Git(foreign).commit("dotfiles")
    with pytest.raises(SyncError, match="not a peertui store"):
        _sync(chair, str(foreign))
    assert (foreign / "README").read_text() == "my dotfiles\n"
    assert "not a peertui store" in read_state(chair.root).last_error  # type: ignore[union-attr]
    _sync(chair, remote)
    other = Store.open(tmp_path / "other")
    load_sample(other, TODAY)
    with pytest.raises(SyncError, match="another group's peertui store"):
        _sync(other, remote)
    with pytest.raises(SyncError, match="not a peertui store"):
        restore(str(foreign), tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_a_sync_cut_short_while_writing_loses_nothing_and_the_next_completes(
        chair: Store, remote: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = _second_copy(chair, remote, tmp_path)
    meeting = _meeting(chair)
    target = chair.items(meeting)[0].id
    _note(chair, meeting, "from the chair")
    chair.change_item(meeting, target, lambda i: msgspec.structs.replace(i, text="chair's"))
    _sync(chair)
    _note(notes, meeting, "typed on the second copy")

    real_put = Store.put_meeting

    def killed(self: Store, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as if killed right there, before the file is written

    monkeypatch.setattr(Store, "put_meeting", killed)
    with pytest.raises(KeyboardInterrupt):
        _sync(notes)
    monkeypatch.setattr(Store, "put_meeting", real_put)
    assert read_state(notes.root).applying is not None  # type: ignore[union-attr]
    _sync(notes)
    _sync(chair)
    assert _view(chair) == _view(notes)
    texts = {i.text for i in notes.items(meeting)}
    assert {"from the chair", "chair's", "typed on the second copy"} <= texts


def test_a_remote_gone_mid_push_keeps_everything_and_the_next_sync_sends_it(
        chair: Store, remote: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sync(chair, remote)
    meeting = _meeting(chair)
    _note(chair, meeting, "said while the stick was out")
    moved = tmp_path / "unplugged.git"
    real_push = Git.push

    def unplugged(self: Git) -> bool:
        Path(remote).rename(moved)
        return real_push(self)

    monkeypatch.setattr(Git, "push", unplugged)
    with pytest.raises(SyncError, match="Sending to the remote failed") as failed:
        _sync(chair)
    assert "Nothing saved here was lost" in str(failed.value)
    assert "said while the stick was out" in {i.text for i in chair.items(meeting)}
    assert read_state(chair.root).last_error  # type: ignore[union-attr]
    monkeypatch.setattr(Git, "push", real_push)
    moved.rename(remote)
    _sync(chair)
    restore(remote, tmp_path / "later")
    assert "said while the stick was out" in {
        i.text for i in Store.open(tmp_path / "later").items(meeting)}


def test_a_second_sync_at_the_same_time_waits_for_the_first(
        chair: Store, remote: str) -> None:
    _sync(chair, remote)
    from filelock import FileLock

    held = FileLock(chair.root / SYNC_LOCK_NAME)
    held.acquire()
    said: list[str] = []
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(
        Syncer(chair, progress=said.append).run().summary()))
    worker.start()
    worker.join(0.5)
    assert worker.is_alive() and said == ["Waiting for another sync of this store to finish…"]
    held.release()
    worker.join(30)
    assert done and done[0].startswith("Synced with")


def test_git_lock_files_left_by_a_killed_sync_are_tidied(chair: Store, remote: str) -> None:
    _sync(chair, remote)
    (chair.root / "sync" / ".git" / "index.lock").write_text("")
    _note(chair, _meeting(chair), "after the kill")
    _sync(chair)


def test_a_damaged_meeting_file_is_neither_sent_as_deleted_nor_overwritten(
        chair: Store, remote: str, tmp_path: Path) -> None:
    notes = _second_copy(chair, remote, tmp_path)
    meeting = _meeting(chair)
    path = notes.root / "meetings" / f"{meeting}.json"
    path.write_bytes(b'{"meeting": ')  # torn by hand
    _note(chair, meeting, "still coming")
    _sync(chair)
    result = Syncer(notes).run()
    assert path.read_bytes() == b'{"meeting": '
    assert result.skipped and "could not be read" in result.summary()
    _sync(chair)
    assert any(i.text == "still coming" for i in chair.items(meeting))


def test_the_first_sync_needs_a_remote() -> None:
    store = Store.open(Path(os.environ["PEERTUI_STORE"]))
    with pytest.raises(SyncError, match="never been synced"):
        Syncer(store).run()


def test_entities_round_trip_through_the_view(chair: Store) -> None:
    """What a snapshot reads, written back by apply_view, is the store unchanged."""
    from peertui.domain.changes import HybridClock, Merged

    local = snapshot(chair)
    clock = HybridClock("x", lambda: 1.0)
    merged = Merged()
    merged.add(clock.set_fields(name, fields) for name, fields in local.entities.items())
    assert merged.view() == {k: dict(sorted(v.items())) for k, v in local.entities.items()}
    assert sync_view.apply_view(chair, merged, local).meetings == 0


def _stalling_git(folder: Path, stall_on: str) -> dict[str, str]:
    """A `git` first on PATH that hangs on one subcommand: a sync to kill right there."""
    import shutil

    real = shutil.which("git")
    folder.mkdir()
    shim = folder / "git"
    shim.write_text(f'#!/bin/sh\nfor a in "$@"; do [ "$a" = {stall_on} ] && '
                    f'touch {folder}/stalled && sleep 60; done\nexec {real} "$@"\n')
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize("stall_on", ["push", "merge"])
def test_kill_9_during_a_sync_loses_nothing_and_the_next_sync_completes(
        chair: Store, remote: str, tmp_path: Path, stall_on: str) -> None:
    import signal
    import sys

    _sync(chair, remote)
    meeting = _meeting(chair)
    _note(chair, meeting, "typed before the kill")
    env = _stalling_git(tmp_path / "shim", stall_on)
    process = subprocess.Popen(
        [sys.executable, "-m", "peertui", "sync", "--store", str(chair.root)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(400):
            if (tmp_path / "shim" / "stalled").exists():
                break
            time.sleep(0.05)
        assert (tmp_path / "shim" / "stalled").exists(), "the sync never reached git " + stall_on
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    assert "typed before the kill" in {i.text for i in chair.items(meeting)}
    _sync(chair)
    restore(remote, tmp_path / "after")
    after = Store.open(tmp_path / "after")
    assert _view(after) == _view(chair)
    assert "typed before the kill" in {i.text for i in after.items(meeting)}


def test_a_full_disk_during_a_sync_says_so_and_the_next_sync_completes(
        chair: Store, remote: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from peertui.store import atomic

    _sync(chair, remote)
    meeting = _meeting(chair)
    _note(chair, meeting, "saved before the disk filled")
    before = _view(chair)

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", full)
    with pytest.raises(SyncError) as failed:
        _sync(chair)
    assert "full" in str(failed.value).lower() or "space" in str(failed.value).lower()
    monkeypatch.undo()
    assert _view(chair) == before
    _sync(chair)
    restore(remote, tmp_path / "after")
    assert "saved before the disk filled" in {
        i.text for i in Store.open(tmp_path / "after").items(meeting)}


def test_a_lost_index_comes_back_from_the_remote_instead_of_deleting_the_group(
        chair: Store, remote: str, tmp_path: Path) -> None:
    _sync(chair, remote)
    restore(remote, tmp_path / "notes")
    group = chair.groups()[0]
    (chair.root / "index.json").unlink()  # lost: peertui makes a new, empty one
    chair = Store.open(chair.root)
    assert chair.groups() == []
    _sync(chair)
    assert [g.name for g in chair.groups()] == [group.name]
    assert chair.groups()[0].members == group.members
    notes = Store.open(tmp_path / "notes")
    _sync(notes)
    assert notes.groups()[0].members == group.members
