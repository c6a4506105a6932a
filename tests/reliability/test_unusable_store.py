"""`peertui` started on a store it cannot use: exit 2, a message naming the file, bytes untouched.

Every case runs the real command in a subprocess (`python -m peertui --store X where`: opening
the store is the same code path as the app's).  Permission cases need a user the kernel holds to
file modes; as root they drop CAP_DAC_OVERRIDE with setpriv, or skip if that is not possible.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.figures import add

REPO = Path(__file__).resolve().parents[2]
GOOD_INDEX = b'{"meta":{"1":{"schema":2,"created":"2026-01-01T00:00:00+00:00"}},"groups":{},' \
             b'"meetings":{}}'
DROP_CAPS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@functools.cache
def can_drop_root_powers() -> bool:
    """Whether, as root, setpriv can make the kernel apply file modes to us."""
    if shutil.which("setpriv") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        locked = Path(folder) / "locked"
        locked.write_bytes(b"")
        os.chmod(locked, 0)
        probe = subprocess.run([*DROP_CAPS, sys.executable, "-c",
                                f"import os,sys; sys.exit(os.access({str(locked)!r}, os.R_OK))"],
                               capture_output=True)
    return probe.returncode == 0


def run_peertui(args: list[str], *, as_user: bool = False,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "peertui", *args]
    if as_user and os.geteuid() == 0:
        if not can_drop_root_powers():
            pytest.skip("root ignores file modes and setpriv cannot drop CAP_DAC_OVERRIDE here")
        cmd = [*DROP_CAPS, *cmd]
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=REPO,
                          timeout=60)


def snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every path under *root* (and root itself) with its bytes and mode."""
    if not os.path.lexists(root):
        return {}
    paths = [root, *root.rglob("*")] if root.is_dir() else [root]
    return {str(p.relative_to(root.parent)): (p.read_bytes() if p.is_file() else None,
                                              stat.S_IMODE(p.lstat().st_mode)) for p in paths}


def assert_untouched(before: dict[str, tuple[bytes | None, int]],
                     after: dict[str, tuple[bytes | None, int]]) -> None:
    """Nothing that existed changed; at most the lock file and an empty meetings folder appeared."""
    assert {k: after.get(k) for k in before} == before, "an unusable store was modified"
    added = {k.rsplit("/", 1)[-1]: v for k, v in after.items() if k not in before}
    assert set(added) <= {".lock", "meetings"}, added
    assert added.get(".lock", (b"", 0))[0] == b""


def store_with(index: bytes) -> Callable[[Path], tuple[Path, Path]]:
    def make(tmp: Path) -> tuple[Path, Path]:
        root = tmp / "store"
        root.mkdir(mode=0o700)
        (root / "index.json").write_bytes(index)
        return root, root / "index.json"
    return make


def path_is_a_file(tmp: Path) -> tuple[Path, Path]:
    (tmp / "store").write_bytes(b"my shopping list\n")
    return tmp / "store", tmp / "store"


def parent_is_a_file(tmp: Path) -> tuple[Path, Path]:
    (tmp / "notes.txt").write_bytes(b"not a folder\n")
    return tmp / "notes.txt" / "peertui" / "store", tmp / "notes.txt" / "peertui"


CASES: dict[str, tuple[Callable[[Path], tuple[Path, Path]], str, str]] = {
    "truncated": (store_with(GOOD_INDEX[:37]), "not valid JSON", "restore a backup"),
    "not JSON": (store_with(b"Dear group,\nthe next meeting is on Friday.\n"), "not valid JSON",
                 "restore a backup"),
    "empty file": (store_with(b""), "empty", "restore a backup"),
    "JSON list": (store_with(b'[{"id": 1}]'), "not in the shape", "restore a backup"),
    "JSON of another app": (store_with(b'{"users": {"1": {"name": "x"}}}'), "not in the shape",
                            "restore a backup"),
    "newer schema": (store_with(GOOD_INDEX.replace(b'"schema":2', b'"schema":7')),
                     "newer peertui", "Upgrade peertui"),
    "store path is a file": (path_is_a_file, "not a folder", "Move it aside"),
    "parent cannot be created": (parent_is_a_file, "cannot be created", "Create the folder"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_start_on_an_unusable_store(tmp_path: Path, case: str, figures: dict[str, object]) -> None:
    make, problem, advice = CASES[case]
    root, named = make(tmp_path)
    before = snapshot(tmp_path)
    result = run_peertui(["--store", str(root), "where"])
    assert result.returncode == 2, result
    message = " ".join(result.stderr.split())
    assert str(named) in message and problem in message and advice in message, message
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert_untouched(before, snapshot(tmp_path))
    add("unusable_stores")


def _locked_down(tmp: Path, what: str) -> tuple[Path, Path]:
    root = tmp / "store"
    ok = run_peertui(["--store", str(root), "where"])
    assert ok.returncode == 0, ok.stderr
    if what == "file":
        os.chmod(root / "index.json", 0o400)
        return root, root / "index.json"
    if what == "unreadable file":
        os.chmod(root / "index.json", 0o000)
        return root, root / "index.json"
    if what == "folder":
        os.chmod(root, 0o500)
        return root, root
    if what == "new folder":  # empty and read-only: not even the lock file can be made
        root = tmp / "empty"
        root.mkdir(mode=0o500)
        return root, root
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["file", "unreadable file", "folder", "new folder"])
def test_start_on_a_read_only_store(tmp_path: Path, what: str) -> None:
    root, named = _locked_down(tmp_path, what)
    before = snapshot(tmp_path)
    try:
        result = run_peertui(["--store", str(root), "where"], as_user=True)
        assert result.returncode == 2, result
        message = " ".join(result.stderr.split())
        assert str(named) in message, message
        assert "chmod" in message or "Create the folder yourself" in message, message
        assert "Traceback" not in result.stderr
        assert_untouched(before, snapshot(tmp_path))
    finally:
        for path in (tmp_path / "store", tmp_path / "empty", tmp_path / "store" / "index.json"):
            if path.exists():
                os.chmod(path, 0o700 if path.is_dir() else 0o600)
    add("unusable_stores")


FULL_DISK = """
import errno
from peertui.store import atomic

def full(fd, data):
    import os
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")

atomic._write_all = full
"""


def test_full_disk_at_first_start(tmp_path: Path) -> None:
    """The very first write (a new index) fails: exit 2, nothing half-written left behind."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FULL_DISK)
    root = tmp_path / "store"
    result = run_peertui(["--store", str(root), "where"],
                         env={"PYTHONPATH": f"{hooks}{os.pathsep}{REPO}"})
    assert result.returncode == 2, result
    message = " ".join(result.stderr.split())
    assert str(root / "index.json") in message and "disk is full" in message, message
    assert sorted(p.name for p in root.iterdir()) == [".lock", "meetings"]
    add("unusable_stores")


MIGRATION = """
from peertui.store import migrate

def upgrade(data):
    for group in data["groups"].values():
        group["upgraded"] = True
    return data

migrate.SCHEMA_VERSION = 3
migrate.MIGRATIONS = {**migrate.MIGRATIONS, 2: upgrade}
"""

V1_INDEX = (b'{"meta":{"1":{"schema":1,"created":"2026-01-01T00:00:00+00:00"}},"groups":{"1":'
            b'{"id":"g1","name":"CIOs","cadence_months":2,"next_meeting":"","template":null,'
            b'"cadence":{},"templates":[],"default_template_id":"","members":[{"name":"Ann",'
            b'"id":"a1","status":"member","vetted_by":[]}]}},"meetings":{}}')


def test_a_v1_store_is_upgraded_keeping_a_private_copy(tmp_path: Path) -> None:
    """This peertui (schema 2) opening a store of the dict-records version (schema 1) copies
    its index to index.json.bak-v1 first, then upgrades it and reads it."""
    root = tmp_path / "store"
    store_with(V1_INDEX)(tmp_path)
    result = run_peertui(["--store", str(root), "members", "--format", "csv"])
    assert result.returncode == 0, result.stderr
    assert "Ann" in result.stdout
    backup = root / "index.json.bak-v1"
    assert backup.read_bytes() == V1_INDEX
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    upgraded = (root / "index.json").read_bytes()
    assert b'"schema":2' in upgraded and b'"cadence":null' in upgraded
    assert run_peertui(["--store", str(root), "where"]).returncode == 0
    assert backup.read_bytes() == V1_INDEX and (root / "index.json").read_bytes() == upgraded


def test_migration_keeps_a_private_copy_beside_the_store(tmp_path: Path) -> None:
    """A peertui with schema 3 opening a schema-2 store copies it to index.json.bak-v2 first."""
    root = tmp_path / "store"
    assert run_peertui(["--store", str(root), "where"]).returncode == 0
    original = (root / "index.json").read_bytes()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(MIGRATION)
    result = run_peertui(["--store", str(root), "where"],
                         env={"PYTHONPATH": f"{hooks}{os.pathsep}{REPO}"})
    assert result.returncode == 0, result.stderr
    backup = root / "index.json.bak-v2"
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert b'"schema":3' in (root / "index.json").read_bytes()


DAMAGED_RECORDS: dict[str, tuple[list[str], str, bytes, tuple[str, ...]]] = {
    # case: (command, file under the store, its content, words the message must hold)
    "a group's members are text": (
        ["members"], "index.json",
        b'{"meta":{"1":{"schema":2}},"groups":{"1":{"id":"g1","name":"CIOs",'
        b'"members":"Ann, Bob"}},"meetings":{}}',
        ("'members'", "should be a list")),
    "an item's text is a number": (
        ["actions"], "meetings/m1.json",
        b'{"meeting":{"1":{"id":"m1","group_id":"g1","date":"2026-11-20"}},'
        b'"items":{"1":{"id":"a1","kind":"action","text":3,"owner_id":"x","status":"open"}}}',
        ("'text'", "item 1 (id a1)")),
    "a meeting file is cut short": (
        ["actions"], "meetings/m1.json", b'{"meeting":{"1":{"id":"m1","group_id":"g1"',
        ("not valid JSON",)),
}


@pytest.mark.parametrize("case", list(DAMAGED_RECORDS))
def test_a_damaged_record_exits_2_naming_the_file_and_field(tmp_path: Path, case: str) -> None:
    command, name, content, words = DAMAGED_RECORDS[case]
    root = tmp_path / "store"
    assert run_peertui(["--store", str(root), "where"]).returncode == 0
    damaged = root / name
    damaged.write_bytes(content)
    before = snapshot(tmp_path)
    result = run_peertui(["--store", str(root), *command])
    assert result.returncode == 2, result
    message = " ".join(result.stderr.split())
    assert str(damaged) in message, message
    for word in words:
        assert word in message, message
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before
    add("unusable_stores")
