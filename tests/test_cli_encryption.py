"""`peertui encrypt`, `decrypt` and `lock`, and unlocking once per machine: the passphrase
asked twice to encrypt, once to unlock (a real terminal: a pty), never again while the
unlock agent holds the key; a wrong one exits 2 and changes nothing; and nothing readable
of the group is left on disk."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from peertui.cli import cli
from peertui.services.sample import MEMBERS, load_sample
from peertui.store import Store, sealing, unlock_agent
from peertui.store.sealing import MARKER_NAME, SEALED_HEADER

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "a long walk on the beach"


def run(root: Path, *args: str, passphrase: str | None = None, given: str | None = None
        ) -> Result:
    """The command as a new process would run it: knowing no key but the agent's."""
    sealing.forget(root)
    env = {"PEERTUI_PASSPHRASE": passphrase} if passphrase else {"PEERTUI_PASSPHRASE": ""}
    return CliRunner().invoke(cli, ["--store", str(root), *args], input=given, env=env)


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample group with its year of history, the welcome screen's ctrl+s."""
    store = Store.open(tmp_path / "store")
    load_sample(store, date(2026, 11, 27), history=True)
    return store.root


@pytest.fixture
def encrypted(sample: Path) -> Path:
    result = run(sample, "encrypt", given=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    return sample


def _words_of_the_group(root: Path) -> set[bytes]:
    store = Store.open(root)
    words = {word for name, company, *_ in MEMBERS for word in (*name.split(), company)}
    words |= {g.name for g in store.groups()}
    for summary in store.meetings():
        words.add(summary.topic)
        for item in store.items(summary.id):
            words |= set(re.findall(r"[A-Za-z]{6,}", item.text))
    return {w.encode() for w in words if len(w) >= 4}


def test_encrypt_asks_twice_and_leaves_nothing_of_the_group_readable(sample: Path) -> None:
    words = _words_of_the_group(sample)
    assert len(words) > 100
    result = run(sample, "encrypt", given=f"{PASSPHRASE}\nnot the same\n{PASSPHRASE}\n"
                 f"{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Repeat it") == 2  # the mismatch was asked again
    assert "files sealed" in result.output
    found = files_of(sample)
    assert MARKER_NAME in found and len(found) > 5
    for name, raw in found.items():
        if name == MARKER_NAME:
            assert not any(w in raw for w in words)
            continue
        assert not raw or raw.startswith(SEALED_HEADER), name
        readable = [w for w in words if w in raw]
        assert not readable, (name, readable[:5])


def test_the_next_commands_ask_nothing_while_the_agent_holds_the_key(encrypted: Path) -> None:
    result = run(encrypted, "members")  # no passphrase given, no terminal to ask
    assert result.exit_code == 0, result.output
    assert "Art Delgado" in result.output
    # another process on the machine: the agent, not the registry of this one, answers
    answer = subprocess.run(
        [sys.executable, "-c", "import sys; from peertui.cli.unlock import open_unlocked; "
         "print(len(open_unlocked(sys.argv[1]).meetings()))", str(encrypted)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        stdin=subprocess.DEVNULL, env={**os.environ, "PEERTUI_PASSPHRASE": ""})
    assert answer.returncode == 0, answer.stderr
    assert int(answer.stdout) == 5


def test_lock_forgets_and_a_wrong_passphrase_exits_2_changing_nothing(encrypted: Path) -> None:
    result = run(encrypted, "lock")
    assert result.exit_code == 0 and "forgot 1 store key" in result.output
    assert unlock_agent.ask({"op": "ping"}) is None
    before = files_of(encrypted)
    result = run(encrypted, "members")
    assert result.exit_code == 2
    assert "no terminal to ask for its passphrase" in result.output
    assert "PEERTUI_PASSPHRASE" in result.output
    result = run(encrypted, "members", passphrase="wrong")
    assert result.exit_code == 2
    assert "passphrase is wrong" in result.output and MARKER_NAME in result.output
    assert "Nothing was changed" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = run(encrypted, "decrypt", passphrase="wrong")
    assert result.exit_code == 2 and "passphrase is wrong" in result.output
    assert files_of(encrypted) == before
    result = run(encrypted, "members", passphrase=PASSPHRASE)
    assert result.exit_code == 0 and "Art Delgado" in result.output
    assert run(encrypted, "lock").exit_code == 0


def test_decrypt_asks_even_when_unlocked_and_makes_every_file_plain(encrypted: Path) -> None:
    result = run(encrypted, "decrypt")  # the agent has the key: decrypt still wants it typed
    assert result.exit_code == 2 and "passphrase" in result.output
    result = run(encrypted, "decrypt", passphrase=PASSPHRASE)
    assert result.exit_code == 0, result.output
    assert not (encrypted / MARKER_NAME).exists()
    assert not any(raw.startswith(SEALED_HEADER) for raw in files_of(encrypted).values())
    result = run(encrypted, "members")
    assert result.exit_code == 0 and "Art Delgado" in result.output
    assert "not encrypted" in run(encrypted, "decrypt").output


def test_encrypt_again_says_so_and_seals_a_stray(encrypted: Path) -> None:
    (encrypted / "notes.txt").write_text("Priya Raman's private note")
    result = run(encrypted, "encrypt")
    assert result.exit_code == 0, result.output
    assert "encrypted already; 1 plain files found in it are sealed now" in result.output
    assert (encrypted / "notes.txt").read_bytes().startswith(SEALED_HEADER)


def _pty_run(args: list[str], answer: str | None) -> tuple[str, int]:
    """Run peertui in a real terminal; type *answer* at a passphrase prompt (if any)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: peertui itself
        env = {**os.environ, "PEERTUI_PASSPHRASE": ""}
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "peertui", *args], env)
    seen, answered = b"", False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if answer is not None and not answered and b"Passphrase" in seen:
            os.write(fd, answer.encode() + b"\r")
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return seen.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


def test_a_real_terminal_is_asked_once_for_every_peertui_after(encrypted: Path) -> None:
    assert run(encrypted, "lock").exit_code == 0
    text, code = _pty_run(["--store", str(encrypted), "members"], PASSPHRASE)
    assert code == 0, text
    assert text.count("Passphrase of the encrypted store") == 1
    assert "Art Delgado" in text
    text, code = _pty_run(["--store", str(encrypted), "members"], None)  # another terminal
    assert code == 0, text
    assert "Passphrase" not in text and "Art Delgado" in text
    assert run(encrypted, "lock").exit_code == 0
    text, code = _pty_run(["--store", str(encrypted), "members"], "wrong")
    assert code == 2 and "passphrase is wrong" in text


def test_an_agent_whose_folder_goes_forgets_and_exits(unlock_agent_dir: Path) -> None:
    """A temp cleaner (or a test's teardown) removing the folder leaves no agent behind."""
    import shutil

    assert unlock_agent.offer("age1example", "AGE-SECRET-KEY-1EXAMPLE")
    assert unlock_agent.fetch("age1example") == "AGE-SECRET-KEY-1EXAMPLE"
    pid = int((unlock_agent_dir / unlock_agent.PID_NAME).read_text())
    shutil.rmtree(unlock_agent_dir)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError(f"agent {pid} still runs with its folder gone")
