"""`peertui purge MEETING`: shows what goes, asks, then removes it all, backups included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from peertui.cli import cli
from peertui.domain.records import Lease
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.modes import loose_modes
from tests.reliability.pty_app import REPO

SECRET = "Ocelot merger talks are confidential until June"
KEPT = "Three plants, three ERP instances; the oldest is 2004."


def _store_with_two_meetings(root: Path) -> tuple[Store, str, str]:
    """The sample's past meeting plus one more (ended), with a private note, a meeting
    backup, a crash leftover, a clock lease left by a driver that died (with its own
    leftover), and a pre-migration index copy that lists it."""
    store = Store.open(root)
    group = load_sample(store, TODAY)
    past = store.meetings()[0].id
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[1], "To be purged", TODAY)
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, FakeTime(time.time()))
    live.act("start")
    live.new_item("note", SECRET, private=True)
    live.new_item("note", "A public note")
    live.act("end")
    refresh_summary(store, record.id)
    meetings = root / "meetings"
    name = f"{record.id}.json"
    (meetings / f"{name}.bak-1").write_bytes((meetings / name).read_bytes())
    (meetings / f".{name}.tmp-999999-abcd").write_bytes(b'{"half')
    store.write_lease(record.id, Lease(id="gone", pid=999999, host="elsewhere",
                                       since="2026-11-27T16:00:00+00:00",
                                       heartbeat="2026-11-27T16:00:00+00:00"))
    (meetings / f".{record.id}.driver.tmp-999999-abcd").write_bytes(b'{"ha')
    (root / "index.json.bak-v0").write_bytes((root / "index.json").read_bytes())
    for path in [*meetings.iterdir(), root / "index.json.bak-v0"]:
        os.chmod(path, 0o600)
    return store, record.id, past


def saved_files(root: Path) -> dict[Path, bytes]:
    """Every file but crash leftovers (any start of peertui tidies those away)."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".tmp-" not in p.name}


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_purge_asks_and_no_keeps_everything(tmp_path: Path) -> None:
    store, meeting_id, _ = _store_with_two_meetings(tmp_path / "store")
    before = saved_files(store.root)
    result = CliRunner().invoke(cli, ["--store", str(store.root), "purge", TODAY.isoformat()],
                                input="n\n")
    assert result.exit_code == 1
    assert "This removes for good" in result.output and meeting_id in result.output
    assert "2 items" in result.output and "1 of them private" in result.output
    assert "Nothing was removed" in result.output
    assert SECRET not in result.output
    assert saved_files(store.root) == before


def test_purge_removes_the_meeting_and_every_copy(tmp_path: Path) -> None:
    store, meeting_id, past = _store_with_two_meetings(tmp_path / "store")
    assert SECRET.encode() in _all_bytes(store.root)
    cmd = [sys.executable, "-m", "peertui", "--store", str(store.root), "purge", meeting_id]
    result = subprocess.run(cmd, input="y\n", capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Removed meeting" in result.stdout and SECRET not in result.stdout + result.stderr
    assert f"{meeting_id}.driver" in result.stdout, "the plan lists the lease file too"
    everything = _all_bytes(store.root)
    assert SECRET.encode() not in everything and meeting_id.encode() not in everything
    assert sorted(p.name for p in (store.root / "meetings").iterdir()) == [f"{past}.json"]
    backup = json.loads((store.root / "index.json.bak-v0").read_text())
    assert [m["id"] for m in backup["meetings"].values()] == [past]
    assert [m.id for m in Store.open(store.root).meetings()] == [past]
    assert KEPT in [i.text for i in store.items(past)]  # the other meeting is intact
    assert loose_modes(store.root) == []


def test_purge_yes_skips_the_question(tmp_path: Path) -> None:
    store, meeting_id, past = _store_with_two_meetings(tmp_path / "store")
    result = CliRunner().invoke(cli, ["--store", str(store.root), "purge", meeting_id, "--yes"])
    assert result.exit_code == 0, result.output
    assert [m.id for m in store.meetings()] == [past]


def test_purge_unknown_ambiguous_or_running_is_refused(tmp_path: Path) -> None:
    store, meeting_id, _ = _store_with_two_meetings(tmp_path / "store")
    runner = CliRunner()
    unknown = runner.invoke(cli, ["--store", str(store.root), "purge", "1999-01-01"], input="y\n")
    assert unknown.exit_code == 2 and "no meeting '1999-01-01'" in unknown.output
    bad_id = runner.invoke(cli, ["--store", str(store.root), "purge", "../index"], input="y\n")
    assert bad_id.exit_code == 2 and "no meeting" in bad_id.output

    group = store.groups()[0]
    from peertui.services.groups import load_group

    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.template is not None
    again = new_meeting(loaded, loaded.template, [m.id for m in loaded.members], None, "Same day",
                        TODAY)
    create_meeting(store, again)
    ambiguous = runner.invoke(cli, ["--store", str(store.root), "purge", TODAY.isoformat()],
                              input="y\n")
    assert ambiguous.exit_code == 2 and "2 meetings on" in ambiguous.output
    assert meeting_id in ambiguous.output and again.id in ambiguous.output

    running = runner.invoke(cli, ["--store", str(store.root), "purge", again.id], input="y\n")
    assert running.exit_code == 2 and "still in progress" in running.output
    assert len(store.meetings()) == 3
