"""Encryption at rest (store/sealing.py, conversion.py, keywrap.py): every file sealed,
reads and writes sealed by the store's one path, and no conversion losing anything when a
disk fills, a file is damaged or the process is killed part-way."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import msgspec
import pyrage
import pytest

from peertui.domain.models import Group
from peertui.domain.records import Lease
from peertui.store import (
    Store,
    StoreError,
    StoreLocked,
    WrongPassphrase,
    conversion,
    keywrap,
    sealing,
)
from peertui.store import atomic as atomic_mod
from peertui.store.atomic import atomic_write_bytes, copy_file, read_bytes
from peertui.store.sealing import MARKER_NAME, SEALED_HEADER, Sealer

from .helpers import meeting, note

ROOT = Path(__file__).resolve().parents[2]


def encrypt(store: Store, passphrase: str = "pw") -> Sealer:
    """What `peertui encrypt` does to a plain store, in this process."""
    sealer = Sealer.generate()
    conversion.begin_sealing(store, sealer, keywrap.wrap(sealer.secret(), passphrase))
    conversion.convert(store, sealer, "sealed")
    return sealer


def reopen(root: Path, sealer: Sealer | None) -> Store:
    """Open as a new process would: knowing only the key it was given (or none)."""
    sealing.forget(root)
    if sealer is not None:
        sealing.register(root, Sealer.for_marker(sealer.secret(),
                                                     sealing.read_marker(root)))
    return Store.open(root)


def snapshot(store: Store) -> object:
    """Everything the store says, to compare before and after (a summary's source is the
    file's fingerprint, which converting changes)."""
    return (store.groups(), [(msgspec.structs.replace(m, source=None), store.items(m.id))
                             for m in store.meetings()])


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def assert_all_sealed(root: Path) -> None:
    for name, raw in files_of(root).items():
        if name != MARKER_NAME and raw:
            assert raw.startswith(SEALED_HEADER), name


@pytest.fixture
def full(store: Store) -> Store:
    """The fixture's store with notes, a second meeting, a lease and an index backup."""
    for n in range(5):
        store.add_item("m1", note(f"n{n}", f"Priya moved the cut-over {n}"))
    store.create_meeting(meeting("m2", date="2024-05-01", topic="Ransomware drill"))
    store.write_lease("m1", Lease(id="L1", pid=1, host="chair-laptop", name="Priya"))
    copy_file(store.root / "index.json", store.root / "index.json.bak-1")
    return store


def test_the_wrapped_identity_is_a_standard_age_file() -> None:
    blob = keywrap.wrap("AGE-SECRET-KEY-1TEST", "correct horse")
    assert b"-> scrypt " in blob and blob.split(b"\n")[1].endswith(b" 10")
    assert pyrage.passphrase.decrypt(blob, "correct horse") == b"AGE-SECRET-KEY-1TEST"
    assert keywrap.unwrap(blob, "correct horse", Path("m")) == "AGE-SECRET-KEY-1TEST"
    with pytest.raises(WrongPassphrase, match=r"passphrase is wrong"):
        keywrap.unwrap(blob, "wrong", Path("m"))
    with pytest.raises(ValueError):
        keywrap.wrap("x", "pw", work_factor=4)


def test_encrypting_seals_every_file_and_keeps_every_fact(full: Store) -> None:
    before = snapshot(full)
    sealer = encrypt(full)
    root = full.root
    assert_all_sealed(root)
    marker = sealing.read_marker(root)
    assert marker is not None and marker.state == "sealed"
    assert marker.recipient == sealer.recipient
    with pytest.raises(StoreLocked, match=r"encrypted"):
        reopen(root, None)
    again = reopen(root, sealer)
    assert snapshot(again) == before
    assert again.read_lease("m1") is not None
    assert again.read_lease("m1").name == "Priya"  # type: ignore[union-attr]


def test_writes_after_encrypting_are_sealed_temp_files_too(full: Store,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    encrypt(full)
    written: list[bytes] = []
    real = atomic_mod._write_all

    def spy(fd: int, data: bytes) -> None:
        written.append(bytes(data))
        real(fd, data)

    monkeypatch.setattr(atomic_mod, "_write_all", spy)
    full.add_item("m1", note("n9", "Tom Becker run a restore test"))
    full.write_lease("m1", Lease(id="L2", pid=2, host="h", name="Tom"))
    full.save_group(Group(id="g2", name="Another group"))
    copy_file(full.root / "index.json", full.root / "index.json.bak-2")
    assert len(written) == 4
    assert all(data.startswith(SEALED_HEADER) for data in written)
    assert_all_sealed(full.root)
    assert full.items("m1")[-1].text == "Tom Becker run a restore test"


def test_any_file_written_under_the_store_is_sealed(full: Store) -> None:
    """The sync's files (and whatever else goes through the atomic path) seal themselves."""
    encrypt(full)
    target = full.root / "sync" / "changes" / "device.json"
    target.parent.mkdir(parents=True)
    atomic_write_bytes(target, b'{"who":"Priya Raman"}')
    assert target.read_bytes().startswith(SEALED_HEADER)
    assert read_bytes(target) == b'{"who":"Priya Raman"}'


def test_a_git_folder_is_left_alone(full: Store) -> None:
    git = full.root / "sync" / ".git"
    git.mkdir(parents=True)
    (git / "HEAD").write_bytes(b"ref: refs/heads/main\n")
    encrypt(full)
    assert (git / "HEAD").read_bytes() == b"ref: refs/heads/main\n"


def test_without_the_key_nothing_reads_and_a_lease_is_none(full: Store) -> None:
    encrypt(full)
    sealing.forget(full.root)
    with pytest.raises(StoreLocked):
        read_bytes(full.root / "meetings" / "m1.json")
    from peertui.store.leases import read_lease

    assert read_lease(full.root / "meetings" / "m1.driver") is None


def test_a_plain_file_in_a_sealed_store_is_refused_until_sealed(full: Store) -> None:
    sealer = encrypt(full)
    stray = full.root / "meetings" / "m1.json"
    plain = full.root / "plain-copy.json"
    plain.write_bytes(b'{"a": 1}')
    (full.root / "meetings" / "m1.json").write_bytes(
        sealer.unseal(stray.read_bytes(), stray))
    store = reopen(full.root, sealer)
    with pytest.raises(StoreError, match=r"plain file in an encrypted store.*peertui encrypt"):
        store.items("m1")
    done = conversion.convert(store, sealer, "sealed")
    assert done.changed == 2
    assert_all_sealed(full.root)
    assert len(store.items("m1")) == 5


def test_decrypting_makes_every_file_plain_again(full: Store) -> None:
    before = snapshot(full)
    plain_files = files_of(full.root)
    sealer = encrypt(full)
    store = reopen(full.root, sealer)
    conversion.convert(store, sealer, "plain")
    assert not sealing.is_encrypted(full.root)
    after = files_of(full.root)
    assert not any(raw.startswith(SEALED_HEADER) for raw in after.values())
    assert after["meetings/m1.json"] == plain_files["meetings/m1.json"]
    assert snapshot(reopen(full.root, None)) == before


def _fill_disk_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """The disk fills after *writes* more file writes."""
    real = atomic_mod._write_all
    left = [writes]

    def write(fd: int, data: bytes) -> None:
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        left[0] -= 1
        real(fd, data)

    monkeypatch.setattr(atomic_mod, "_write_all", write)


@pytest.mark.parametrize("after", [0, 1, 3])
def test_a_full_disk_mid_encryption_loses_nothing_and_the_next_open_finishes(
        full: Store, monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    before = snapshot(full)
    sealer = Sealer.generate()
    conversion.begin_sealing(full, sealer, keywrap.wrap(sealer.secret(), "pw"))
    _fill_disk_after(monkeypatch, after)
    with pytest.raises(conversion.ConversionStopped, match=r"disk is full.*run `peertui "
                       r"encrypt` again"):
        conversion.convert(full, sealer, "sealed")
    monkeypatch.undo()
    assert sealing.read_marker(full.root).state == "sealing"  # type: ignore[union-attr]
    assert not list(full.root.rglob(".*.tmp-*"))
    store = reopen(full.root, sealer)  # opening finishes the job
    assert sealing.read_marker(full.root).state == "sealed"  # type: ignore[union-attr]
    assert_all_sealed(full.root)
    assert snapshot(store) == before


def test_a_full_disk_mid_decryption_loses_nothing_and_the_next_open_finishes(
        full: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(full)
    sealer = encrypt(full)
    _fill_disk_after(monkeypatch, 3)
    with pytest.raises(conversion.ConversionStopped, match=r"decrypt"):
        conversion.convert(full, sealer, "plain")
    monkeypatch.undo()
    assert sealing.read_marker(full.root).state == "opening"  # type: ignore[union-attr]
    with pytest.raises(StoreLocked):
        reopen(full.root, None)  # half sealed: still needs the key
    store = reopen(full.root, sealer)
    assert not sealing.is_encrypted(full.root)
    assert snapshot(store) == before
    assert snapshot(reopen(full.root, None)) == before


KILLER = """
import os, signal, sys
from pathlib import Path
from peertui.store import Store, conversion, sealing
from peertui.store.sealing import Sealer

root, target, after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sealing.register(root, Sealer.for_marker(sys.stdin.read().strip(),
                                         sealing.read_marker(root)))
real, seen = conversion._convert_one, [0]

def convert_one(path, sealer, to):
    changed = real(path, sealer, to)
    seen[0] += bool(changed)
    if seen[0] >= after:
        os.kill(os.getpid(), signal.SIGKILL)
    return changed

conversion._convert_one = convert_one
store = Store.open(root)  # finishes a conversion under way: killed there
conversion.convert(store, sealing.registered(root), target)
"""


def _killed(root: Path, sealer: Sealer, target: str, after: int) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLER), str(root), target,
                           str(after)], input=sealer.secret(), text=True, cwd=ROOT,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == -9, done.stderr


def test_kill_9_mid_encryption_loses_nothing(full: Store) -> None:
    before = snapshot(full)
    sealer = Sealer.generate()
    conversion.begin_sealing(full, sealer, keywrap.wrap(sealer.secret(), "pw"))
    _killed(full.root, sealer, "sealed", 2)
    raws = files_of(full.root)
    assert any(raw.startswith(SEALED_HEADER) for raw in raws.values())
    assert any(raw.startswith(b"{") for name, raw in raws.items() if name != MARKER_NAME)
    store = reopen(full.root, sealer)
    assert snapshot(store) == before
    assert_all_sealed(full.root)


def test_kill_9_mid_decryption_loses_nothing(full: Store) -> None:
    before = snapshot(full)
    sealer = encrypt(full)
    _killed(full.root, sealer, "plain", 2)
    assert sealing.read_marker(full.root).state == "opening"  # type: ignore[union-attr]
    store = reopen(full.root, sealer)
    assert not sealing.is_encrypted(full.root)
    assert snapshot(store) == before


def test_a_damaged_sealed_file_stops_decryption_and_keeps_the_key(full: Store) -> None:
    sealer = encrypt(full)
    bad = full.root / "meetings" / "m2.json"
    bad.write_bytes(bad.read_bytes()[:60])
    with pytest.raises(conversion.ConversionStopped, match=r"m2\.json"):
        conversion.convert(reopen(full.root, sealer), sealer, "plain")
    assert sealing.is_encrypted(full.root)  # the identity is still there for the rest
    store = reopen(full.root, sealer)  # it cannot finish, and opens all the same
    assert store.unfinished is not None and "m2.json" in str(store.unfinished)
    assert len(store.items("m1")) == 5
    with pytest.raises(StoreError, match=r"m2\.json"):
        store.items("m2")


def test_a_process_that_opened_the_plain_store_cannot_write_plain_into_it_later(
        full: Store) -> None:
    """Started before `peertui encrypt` (another process): its next save is refused."""
    sealer = Sealer.generate()
    marker = conversion.new_marker(sealer, keywrap.wrap(sealer.secret(), "pw"))
    conversion.write_marker(full.root, marker)  # as the other process's encrypt did
    path = full.root / "meetings" / "m1.json"
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"encrypted .*while this peertui was running"):
        full.add_item("m1", note("late", "would have been plain"))
    assert path.read_bytes() == before


def test_a_process_holding_the_key_cannot_write_sealed_into_a_decrypted_store(
        full: Store) -> None:
    encrypt(full)
    os.unlink(full.root / MARKER_NAME)  # as another process's decrypt did at its end
    with pytest.raises(StoreError, match=r"decrypted .*while this peertui was running"):
        full.add_item("m1", note("late", "would have been sealed"))


def test_the_marker_holds_only_age_sealed_keys_and_a_changed_byte_is_refused(
        full: Store) -> None:
    """The passphrase opens the identity (age scrypt), the identity the data key (age
    X25519): the standard age tool can recover both; a flipped byte in a file is caught."""
    import base64

    from pyrage import x25519

    encrypt(full, "correct horse")
    marker = sealing.read_marker(full.root)
    assert marker is not None
    identity = pyrage.passphrase.decrypt(base64.b64decode(marker.identity), "correct horse")
    key = pyrage.decrypt(base64.b64decode(marker.data_key),
                         [x25519.Identity.from_str(identity.decode())])
    assert len(key) == 32
    assert key not in (full.root / "meetings" / "m1.json").read_bytes()
    path = full.root / "meetings" / "m1.json"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="does not open with this store's key"):
        full.items("m1")
