"""Sync of an encrypted store (issue 16): the remote holds only ciphertext, a restore needs
the remote and the passphrase (a wrong one leaves nothing behind), copies changed apart
converge, and a store encrypted after it first synced will not add to its plain remote."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from peertui.cli import cli
from peertui.domain.records import Item
from peertui.services.sample import MEMBERS, load_sample
from peertui.store import Store, sealing, unlock_agent

PASSPHRASE = "the group's long passphrase"


def run(*args: str, passphrase: str = PASSPHRASE, root: Path | None = None) -> Result:
    """A command as a new process would run it, knowing no key but the agent's."""
    if root is not None:
        sealing.forget(root)
    unlock_agent.stop()  # every command unlocks from the passphrase, not a warm agent
    return CliRunner().invoke(cli, list(args), env={"PEERTUI_PASSPHRASE": passphrase})


def _words() -> list[bytes]:
    return [name.encode() for name, *_ in MEMBERS] + [b"ERP", b"integrators"]


def _remote_bytes(remote: Path) -> bytes:
    """Every object the remote holds, decompressed: what anyone holding it can read."""
    return subprocess.run(["git", "-C", str(remote), "cat-file", "--batch-all-objects",
                           "--batch"], capture_output=True, check=True).stdout


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    store = Store.open(tmp_path / "chair")
    load_sample(store, date(2026, 11, 27), history=True)
    done = run("encrypt", "--store", str(store.root), root=store.root)
    assert done.exit_code == 0, done.output
    return store.root


def _bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


def test_the_remote_of_an_encrypted_store_holds_no_readable_word(
        encrypted: Path, tmp_path: Path) -> None:
    remote = _bare(tmp_path / "remote.git")
    synced = run("sync", str(remote), "--store", str(encrypted), root=encrypted)
    assert synced.exit_code == 0, synced.output
    held = _remote_bytes(remote)
    for word in _words():
        assert word not in held, word
    local = b"".join(p.read_bytes() for p in (encrypted / "sync").rglob("*")
                     if p.is_file() and ".git" not in p.parts)
    for word in _words():
        assert word not in local, word


def test_restore_needs_the_passphrase_and_converges(
        encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peertui.cli.unlock import open_unlocked

    monkeypatch.setenv("PEERTUI_PASSPHRASE", PASSPHRASE)
    remote = _bare(tmp_path / "remote.git")
    assert run("sync", str(remote), "--store", str(encrypted), root=encrypted).exit_code == 0
    notes = tmp_path / "notes"
    wrong = run("restore", str(remote), "--store", str(notes), passphrase="not it",
                root=notes)
    assert wrong.exit_code == 2, wrong.output
    assert "passphrase is wrong" in wrong.output and str(remote) in wrong.output
    assert "encryption.json" not in wrong.output  # a file restore has removed again
    assert not notes.exists() or not any(notes.iterdir())
    done = run("restore", str(remote), "--store", str(notes), root=notes)
    assert done.exit_code == 0, done.output
    assert sealing.is_encrypted(notes)
    # changed apart, then synced both ways
    for root, text in ((encrypted, "said at the chair's laptop"),
                       (notes, "said at the note-taker's laptop")):
        sealing.forget(root)
        unlock_agent.stop()
        store = open_unlocked(root)
        meeting = store.meetings()[-1].id
        store.add_item(meeting, Item(id=text[-6:].replace(" ", "-") + "x", text=text))
    for root in (encrypted, notes, encrypted):
        synced = run("sync", "--store", str(root), root=root)
        assert synced.exit_code == 0, synced.output
    for word in (b"chair's laptop", b"note-taker's laptop", *_words()):
        assert word not in _remote_bytes(remote)
    views = []
    for root in (encrypted, notes):
        sealing.forget(root)
        store = open_unlocked(root)
        views.append({m.id: sorted(i.text for i in store.items(m.id))
                      for m in store.meetings()})
    assert views[0] == views[1]
    assert any("said at the note-taker's laptop" in texts for texts in views[0].values())


def test_a_store_encrypted_after_syncing_starts_a_fresh_remote(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "chair")
    load_sample(store, date(2026, 11, 27))
    old = _bare(tmp_path / "old.git")
    assert run("sync", str(old), "--store", str(store.root), root=store.root).exit_code == 0
    assert run("encrypt", "--store", str(store.root), root=store.root).exit_code == 0
    refused = run("sync", "--store", str(store.root), root=store.root)
    assert refused.exit_code == 1
    assert "holds this group's store unencrypted" in refused.output
    new = _bare(tmp_path / "new.git")
    fresh = run("sync", str(new), "--store", str(store.root), root=store.root)
    assert fresh.exit_code == 0, fresh.output
    for word in _words()[:3]:
        assert word not in _remote_bytes(new), word


def test_a_new_key_after_a_lost_laptop_needs_a_new_remote(encrypted: Path,
                                                          tmp_path: Path) -> None:
    old = _bare(tmp_path / "old.git")
    assert run("sync", str(old), "--store", str(encrypted), root=encrypted).exit_code == 0
    assert run("decrypt", "--store", str(encrypted), root=encrypted).exit_code == 0
    assert run("encrypt", "--store", str(encrypted), passphrase="a new one",
               root=encrypted).exit_code == 0
    refused = run("sync", "--store", str(encrypted), passphrase="a new one", root=encrypted)
    assert refused.exit_code == 1 and "sealed with another key" in refused.output
    new = _bare(tmp_path / "new.git")
    done = run("sync", str(new), "--store", str(encrypted), passphrase="a new one",
               root=encrypted)
    assert done.exit_code == 0, done.output
    restored = tmp_path / "restored"
    again = run("restore", str(new), "--store", str(restored), passphrase="a new one",
                root=restored)
    assert again.exit_code == 0, again.output
