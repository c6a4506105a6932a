"""Every file written atomically and privately, and no store made where none is meant.

Real runs of `python -m peertui` (tests/reliability/test_unusable_store.py's helpers): an
export over an old file is all-or-nothing and 0600, even on a real full disk (a 64 KiB
tmpfs); `--store /`, `--store ""`, the home folder and a folder of other things are refused
with exit code 2 and nothing created; a symlinked store file is refused, never replaced,
while a symlinked store folder works.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label

from peertui.domain.timesource import SystemTime
from peertui.services.live import LiveMeeting
from peertui.store import Store, StoreError
from peertui.ui.app import create_app
from peertui.ui.screens.review.dialogs import ExportDialog
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.figures import add
from tests.reliability.test_unusable_store import (
    REPO,
    assert_untouched,
    run_peertui,
    snapshot,
)
from tests.room.helpers import start_meeting

SECRET = "Priya may leave the company next spring"
OLD_EXPORT = b"# The minutes as they were before this export\n" * 20


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


@pytest.fixture
def meeting(tmp_path: Path) -> tuple[Path, str]:
    """A store with a meeting holding one private note: (store folder, meeting id)."""
    store = Store.open(tmp_path / "store")
    meeting_id = start_meeting(store, SystemTime())
    LiveMeeting(store, meeting_id, SystemTime()).new_item("note", SECRET, private=True)
    return store.root, meeting_id


def _export(root: Path, meeting_id: str, target: Path,
            *extra: str) -> subprocess.CompletedProcess[str]:
    return run_peertui(["--store", str(root), "export", meeting_id, "-o", str(target), *extra])


# -- exports -----------------------------------------------------------------------------


def test_private_export_over_a_world_readable_file_is_0600(tmp_path: Path,
                                                           meeting: tuple[Path, str]) -> None:
    root, meeting_id = meeting
    target = tmp_path / "minutes.md"
    target.write_bytes(OLD_EXPORT)
    os.chmod(target, 0o644)
    inode = target.stat().st_ino
    result = _export(root, meeting_id, target, "--include-private")
    assert result.returncode == 0, result.stderr
    assert SECRET in target.read_text()
    assert _mode(target) == 0o600, "private lines never land in a world-readable file"
    assert target.stat().st_ino != inode, "a new file renamed over the old, not rewritten"
    assert _temp_files(tmp_path) == []
    add("private_file_cases")


def test_export_without_private_items_is_0600_too(tmp_path: Path,
                                                  meeting: tuple[Path, str]) -> None:
    """One rule, simplest to trust: every export is the owner's only (the minutes of a
    peer group are confidential even without the private items)."""
    root, meeting_id = meeting
    target = tmp_path / "minutes.md"
    target.write_bytes(OLD_EXPORT)
    os.chmod(target, 0o664)
    result = _export(root, meeting_id, target)
    assert result.returncode == 0, result.stderr
    assert SECRET not in target.read_text()
    assert _mode(target) == 0o600


@contextlib.contextmanager
def _tiny_disk(folder: Path) -> Iterator[Path]:
    """A real 64 KiB file system (tmpfs), as root; skipped with the reason otherwise."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip() or 'not root'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(disk: Path) -> None:
    """Fill the file system to the last byte."""
    with open(disk / "filler", "wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)


def test_export_on_a_full_disk_leaves_the_old_file_byte_identical(
        tmp_path: Path, meeting: tuple[Path, str], figures: dict[str, object]) -> None:
    root, meeting_id = meeting
    with _tiny_disk(tmp_path / "disk") as disk:
        target = disk / "minutes.md"
        target.write_bytes(OLD_EXPORT)
        os.chmod(target, 0o644)
        _fill(disk)
        result = _export(root, meeting_id, target, "--include-private")
        assert result.returncode == 1, result
        message = " ".join(result.stderr.split())
        assert f"cannot write {target}: No space left on device" in message, message
        assert "The file already there is unchanged." in message
        assert "Traceback" not in result.stderr
        assert target.read_bytes() == OLD_EXPORT, "the old export survives the full disk"
        assert _mode(target) == 0o644
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "minutes.md"], \
            "no temp file left behind"
        (disk / "filler").unlink()  # space comes back: the same command now works
        again = _export(root, meeting_id, target, "--include-private")
        assert again.returncode == 0, again.stderr
        assert SECRET in target.read_text() and _mode(target) == 0o600
    figures["full_disk_exports_kept_old_file"] = 1
    add("private_file_cases")


async def test_the_apps_export_is_all_or_nothing_and_0600_too(
        tmp_path: Path, meeting: tuple[Path, str]) -> None:
    """The review screen's x writes through the same write_export: a full disk keeps the
    old file and says so in the dialog; a retry with space writes 0600 over a 0644 file."""
    root, meeting_id = meeting
    store = Store.open(root)
    app = create_app(store, FakeTime(), today=TODAY)
    with _tiny_disk(tmp_path / "disk") as disk:
        target = disk / "minutes.md"
        target.write_bytes(OLD_EXPORT)
        os.chmod(target, 0o644)
        _fill(disk)
        async with app.run_test(size=(120, 36)) as pilot:
            dialog = ExportDialog(meeting_id, "2026-11-27")
            app.push_screen(dialog)
            await pilot.pause()
            dialog.query_one("#export-private", Checkbox).value = True
            dialog.query_one("#export-path", Input).value = str(target)
            await pilot.click("#export-go")
            await pilot.pause()
            said = str(dialog.query_one("#export-error", Label).render())
            assert f"Cannot write {target}: No space left on device" in said, said
            assert app.screen is dialog, "the dialog stays open to try again"
            assert target.read_bytes() == OLD_EXPORT and _mode(target) == 0o644
            assert sorted(p.name for p in disk.iterdir()) == ["filler", "minutes.md"]
            (disk / "filler").unlink()
            dialog.query_one("#export-path", Input).focus()
            await pilot.press("enter")  # space again: the same dialog, tried again
            await pilot.pause()
            assert app.screen is not dialog, str(dialog.query_one("#export-error", Label).render())
        assert SECRET in target.read_text() and _mode(target) == 0o600


def test_an_export_through_a_symlink_replaces_its_target(tmp_path: Path,
                                                         meeting: tuple[Path, str]) -> None:
    """The user named the link: the file it points to gets the export, the link stays."""
    root, meeting_id = meeting
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "minutes.md"
    real.write_bytes(OLD_EXPORT)
    os.chmod(real, 0o644)
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    result = _export(root, meeting_id, link, "--include-private")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert SECRET in real.read_text() and _mode(real) == 0o600
    assert _temp_files(tmp_path) == [] and _temp_files(tmp_path / "shared") == []


def test_a_read_only_export_target_is_refused_and_kept(tmp_path: Path,
                                                       meeting: tuple[Path, str]) -> None:
    root, meeting_id = meeting
    target = tmp_path / "minutes.md"
    target.write_bytes(OLD_EXPORT)
    os.chmod(target, 0o444)
    result = run_peertui(["--store", str(root), "export", meeting_id, "-o", str(target)],
                         as_user=True)
    assert result.returncode == 1, result
    assert "cannot write" in result.stderr and "unchanged" in result.stderr
    assert target.read_bytes() == OLD_EXPORT and _mode(target) == 0o444
    assert _temp_files(tmp_path) == []


# -- where a store may be made -------------------------------------------------------------


ROOT_FILES = ("/index.json", "/meetings", "/.lock")


def test_the_root_folder_is_refused(tmp_path: Path) -> None:
    there = [p for p in ROOT_FILES if os.path.lexists(p)]
    if there:
        pytest.skip(f"{there} already exist: cannot tell whether peertui made them")
    try:
        result = run_peertui(["--store", "/", "where"])
        assert result.returncode == 2, result
        message = " ".join(result.stderr.split())
        assert "store folder /: it is the root of the file system" in message, message
        assert "Nothing was created." in message
        assert [p for p in ROOT_FILES if os.path.lexists(p)] == []
        link = tmp_path / "to-root"
        link.symlink_to("/")
        result = run_peertui(["--store", str(link), "where"])
        assert result.returncode == 2 and "root of the file system" in result.stderr
        assert [p for p in ROOT_FILES if os.path.lexists(p)] == []
    finally:  # a regression must not leave a store in / (they were not there before)
        _remove_store_made_in_root()
    add("refused_store_folders", 2)


def _remove_store_made_in_root() -> None:
    with contextlib.suppress(OSError):
        os.unlink("/index.json")
    with contextlib.suppress(OSError):
        os.unlink("/.lock")
    with contextlib.suppress(OSError):
        os.rmdir("/meetings")  # only if empty: never anything of someone else's


def _run_in(folder: Path, args: list[str],
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "peertui", *args], capture_output=True,
                          text=True, env=full_env, cwd=folder, timeout=60)


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_store_path_is_refused(tmp_path: Path, empty: str) -> None:
    """Before, `--store ""` quietly made a store in the current folder."""
    here = tmp_path / "here"
    here.mkdir()
    result = _run_in(here, ["--store", empty, "where"])
    assert result.returncode == 2, result
    assert "the path is empty" in result.stderr and "Traceback" not in result.stderr
    assert list(here.iterdir()) == [], "nothing made in the current folder"
    add("refused_store_folders")


def test_a_folder_of_other_things_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    for name in ("budget.xlsx", "letter.txt", "notes.md", "taxes.pdf"):
        (folder / name).write_text("mine\n")
    (folder / "photos").mkdir()
    before = snapshot(tmp_path)
    result = run_peertui(["--store", str(folder), "where"])
    assert result.returncode == 2, result
    message = " ".join(result.stderr.split())
    assert f"store folder {folder}: it is not empty and holds no peertui store" in message
    assert "found budget.xlsx, letter.txt, notes.md and 2 more" in message, message
    assert "peertui will not write into it" in message
    assert snapshot(tmp_path) == before, "not even a lock file or a meetings folder"
    add("refused_store_folders")


def test_the_home_folder_itself_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_peertui(["--store", str(home), "where"], env={"HOME": str(home)})
    assert result.returncode == 2, result
    assert "it is your home folder itself" in result.stderr
    assert list(home.iterdir()) == []
    add("refused_store_folders")


@pytest.mark.parametrize("kind", ["missing", "empty", "store leftovers only"])
def test_a_missing_or_empty_folder_still_becomes_a_store(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "new" / "store"
    if kind != "missing":
        root.mkdir(parents=True)
    if kind == "store leftovers only":  # a store whose index was lost: its meetings stay
        (root / "meetings").mkdir()
        (root / ".lock").write_bytes(b"")
    result = run_peertui(["--store", str(root), "where"])
    assert result.returncode == 0, result.stderr
    assert (root / "index.json").is_file() and (root / "meetings").is_dir()


# -- symbolic links ------------------------------------------------------------------------


def test_a_symlinked_index_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    made = Store.open(tmp_path / "made")
    (tmp_path / "elsewhere").mkdir()
    real = tmp_path / "elsewhere" / "index.json"
    os.replace(made.root / "index.json", real)
    link = made.root / "index.json"
    link.symlink_to(real)
    before = snapshot(tmp_path)
    result = run_peertui(["--store", str(made.root), "where"])
    assert result.returncode == 2, result
    message = " ".join(result.stderr.split())
    assert f"store file {link}: it is a symbolic link (to {real})" in message, message
    assert "link the whole store folder instead" in message
    assert_untouched(before, snapshot(tmp_path))
    assert link.is_symlink()
    add("private_file_cases")


def test_a_symlinked_lock_is_refused(tmp_path: Path) -> None:
    made = Store.open(tmp_path / "made")
    (made.root / ".lock").unlink(missing_ok=True)
    (made.root / ".lock").symlink_to(tmp_path / "nowhere")  # dangling: lock would create it
    with pytest.raises(StoreError, match="it is a symbolic link"):
        Store.open(made.root)
    assert not (tmp_path / "nowhere").exists()


def test_a_symlinked_meeting_file_is_refused_at_the_first_write(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    meeting_id = start_meeting(store, SystemTime())
    path = store.root / "meetings" / f"{meeting_id}.json"
    real = tmp_path / "synced" / path.name
    real.parent.mkdir()
    os.replace(path, real)
    path.symlink_to(real)
    before = real.read_bytes()
    live = LiveMeeting(store, meeting_id, SystemTime())  # reading through it is fine
    with pytest.raises(StoreError) as refused:
        live.new_item("note", "Said after the link was made")
    assert str(path) in str(refused.value) and "symbolic link" in str(refused.value)
    assert path.is_symlink() and real.read_bytes() == before, "never silently replaced"
    assert _temp_files(path.parent) == []


def test_a_symlinked_store_folder_keeps_working(tmp_path: Path) -> None:
    real = tmp_path / "real-store"
    link = tmp_path / "store-link"
    Store.open(real)
    link.symlink_to(real)
    result = run_peertui(["--store", str(link), "where"])
    assert result.returncode == 0, result.stderr
    store = Store.open(link)
    meeting_id = start_meeting(store, SystemTime())
    LiveMeeting(store, meeting_id, SystemTime()).new_item("note", "Kept through the link")
    assert link.is_symlink()
    assert "Kept through the link" in (real / "meetings" / f"{meeting_id}.json").read_text()



def test_a_symlinked_meeting_file_is_not_purged_as_a_link(tmp_path: Path) -> None:
    """Unlinking would leave the target, private notes and all: refused, nothing removed."""
    store = Store.open(tmp_path / "store")
    meeting_id = start_meeting(store, SystemTime())
    LiveMeeting(store, meeting_id, SystemTime()).act("end")
    path = store.root / "meetings" / f"{meeting_id}.json"
    real = tmp_path / "synced" / path.name
    real.parent.mkdir()
    os.replace(path, real)
    path.symlink_to(real)
    result = run_peertui(["--store", str(store.root), "purge", meeting_id, "--yes"])
    assert result.returncode == 2, result
    assert "is a link to" in result.stderr and "Nothing was removed" in result.stderr
    assert path.is_symlink() and real.exists()


def test_serve_refuses_an_empty_store_path(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = _run_in(here, ["serve", "--store", "", "--port", "1"])
    assert result.returncode == 2, result
    assert "the path is empty" in result.stderr
    assert list(here.iterdir()) == []
