"""Per-device change logs (store/change_log.py): each copy writes only files of its own, a
folder of logs copied in from elsewhere (as git would) merges by the rule of
domain/changes.py, and a crash or a damaged batch never loses what was saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peertui.domain.changes import HybridClock, view_of
from peertui.store.change_log import FOLDER, ChangeLog
from peertui.store.errors import StoreError


def _clock(device: str, start: float = 1_000.0) -> HybridClock:
    moment = [start]

    def now() -> float:
        moment[0] += 0.001
        return moment[0]

    return HybridClock(device, now)


def _copy_logs(source: Path, target: Path) -> None:
    """What a git pull brings: the other copies' files, added beside ours."""
    shutil.copytree(source / FOLDER, target / FOLDER, dirs_exist_ok=True)


def test_two_copies_changed_apart_merge_with_nothing_lost(tmp_path: Path) -> None:
    chair, notes = tmp_path / "chair", tmp_path / "notes"
    here, there = ChangeLog(chair, "chair"), ChangeLog(notes, "notes")
    mine, theirs = _clock("chair"), _clock("notes")
    here.append([mine.set("item:a", "text", "Pilot the analyst role"),
                 mine.set("item:a", "owner", "Mei")])
    there.append([theirs.set("item:b", "text", "Share the checklist")])
    here.append([mine.set("item:a", "done", True)])
    _copy_logs(notes, chair)
    _copy_logs(chair, notes)
    assert view_of(here.changes()) == view_of(there.changes()) == {
        "item:a": {"text": "Pilot the analyst role", "owner": "Mei", "done": True},
        "item:b": {"text": "Share the checklist"}}
    # each wrote only its own folder: nothing for git to merge inside a file
    assert sorted(p.name for p in (chair / FOLDER).iterdir()) == ["chair", "notes"]
    assert sorted(p.name for p in (chair / FOLDER / "chair").iterdir()) == (
        ["00000001.batch", "00000002.batch"])


def test_a_temp_file_left_by_a_crash_is_not_a_batch(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path, "chair")
    clock = _clock("chair")
    log.append([clock.set("item:a", "text", "kept")])
    (log.own / ".00000002.batch.tmp-123-abcd").write_bytes(b'[{"stamp": ')  # torn write
    assert view_of(log.changes()) == {"item:a": {"text": "kept"}}
    assert log.append([clock.set("item:a", "text", "next")]).name == "00000002.batch"


def test_a_damaged_batch_is_named_not_skipped(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path, "chair")
    path = log.append([_clock("chair").set("item:a", "text", "x")])
    path.write_bytes(b"not json")
    with pytest.raises(StoreError) as refused:
        log.changes()
    assert refused.value.path == path


def test_counts_and_ranges_follow_each_device_folder(tmp_path: Path) -> None:
    chair, notes = ChangeLog(tmp_path, "chair"), ChangeLog(tmp_path, "notes")
    clock = _clock("chair")
    for n in range(3):
        chair.append([clock.set("item:a", "text", f"v{n}")])
    notes.append([clock.set("item:b", "text", "b")])
    assert chair.counts() == {"chair": 3, "notes": 1}
    assert view_of(chair.changes({"chair": 2})) == {"item:a": {"text": "v1"}}
    assert [p.name for p, _ in chair.batches(after={"chair": 2, "notes": 1})] == [
        "00000003.batch"]


def test_a_device_name_cannot_reach_outside_its_folder(tmp_path: Path) -> None:
    for name in ("../x", "", "a/b", "."):
        with pytest.raises(ValueError):
            ChangeLog(tmp_path, name)
