"""A kill at every step of ending a meeting, saving an item and purging leaves a store in
which the meeting can still be ended, listed and purged.

Each operation is first run to the end to count its steps (calls that change the disk);
then, for every step, a fresh copy of the store runs it in a process that SIGKILLs itself
at that step (tests/reliability/kill_worker.py), and the store is checked afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from peertui.services.actions import list_actions
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.pty_app import REPO


def _running_meeting(root: Path, ended: bool = False) -> str:
    """The sample group plus a meeting under way with one note (or ended, for purge)."""
    store = Store.open(root)
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    meeting = new_meeting(group, group.template, ids, ids[1], "Kill me gently", TODAY)
    create_meeting(store, meeting)
    live = LiveMeeting(store, meeting.id, FakeTime(time.time()))
    live.act("start")
    live.new_item("note", "Said before the kill")
    if ended:
        live.act("end")
    return meeting.id


def _run(root: Path, meeting_id: str, operation: str,
         kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.reliability.kill_worker", str(root), meeting_id,
         operation, str(kill_at)],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False)


def _steps(template: Path, tmp_path: Path, meeting_id: str, operation: str) -> int:
    root = tmp_path / "count"
    shutil.copytree(template, root)
    done = _run(root, meeting_id, operation, 0)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.strip())
    assert steps >= 3, f"{operation} took only {steps} steps: is the counting working?"
    return steps


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("kill-templates")
    running = _running_meeting(base / "running")
    ended = _running_meeting(base / "ended", ended=True)
    return {"running": (base / "running", running), "ended": (base / "ended", ended)}


def _killed_copy(template: Path, tmp_path: Path, step: int, meeting_id: str,
                 operation: str) -> Store:
    root = tmp_path / f"{operation}-{step}"
    shutil.copytree(template, root)
    killed = _run(root, meeting_id, operation, step)
    assert killed.returncode == -9, f"step {step}: not killed ({killed.returncode}) " \
        f"{killed.stderr[-400:]}"
    return Store.open(root)  # a new process's start: tidies the killed save's temp files


def test_kill_at_every_step_of_ending(stores: dict[str, Any], tmp_path: Path) -> None:
    template, meeting_id = stores["running"]
    steps = _steps(template, tmp_path, meeting_id, "end")
    for step in range(1, steps + 1):
        store = _killed_copy(template, tmp_path, step, meeting_id, "end")
        listed = {m.id: m for m in store.meetings()}
        assert meeting_id in listed, f"step {step}: the meeting is no longer listed"
        assert not store.unreadable(), f"step {step}: {store.unreadable()}"
        summary = listed[meeting_id]
        assert summary.status in ("running", "ended"), f"step {step}: {summary.status}"
        meeting = store.meeting(meeting_id)
        assert meeting is not None and meeting.status == summary.status
        if summary.status == "running":  # killed before the end was saved: end it now
            LiveMeeting(store, meeting_id, FakeTime(time.time())).act("end")
        again = {m.id: m for m in store.meetings()}[meeting_id]
        assert again.status == "ended", f"step {step}: cannot be ended"
        assert [i.text for i in store.items(meeting_id)] == ["Said before the kill"]
        store.purge_meeting(meeting_id)
        assert meeting_id not in {m.id for m in store.meetings()}, f"step {step}: not purged"
        assert store.meeting_files(meeting_id) == []


def test_kill_at_every_step_of_saving_an_item(stores: dict[str, Any], tmp_path: Path) -> None:
    template, meeting_id = stores["running"]
    steps = _steps(template, tmp_path, meeting_id, "item")
    for step in range(1, steps + 1):
        store = _killed_copy(template, tmp_path, step, meeting_id, "item")
        texts = [i.text for i in store.items(meeting_id)]
        assert texts[0] == "Said before the kill", f"step {step}: {texts}"
        assert texts in (["Said before the kill"], ["Said before the kill",
                                                     "Run a restore test"]), f"step {step}"
        summary = {m.id: m for m in store.meetings()}[meeting_id]
        saved = "Run a restore test" in texts
        assert summary.open_actions == (1 if saved else 0), f"step {step}: summary disagrees"
        rows = list_actions(store, status="open", today=TODAY)
        assert ("Run a restore test" in [r.item.text for r in rows]) == saved, f"step {step}"
        LiveMeeting(store, meeting_id, FakeTime(time.time())).act("end")
        assert {m.id: m for m in store.meetings()}[meeting_id].status == "ended"


def test_kill_at_every_step_of_purging(stores: dict[str, Any], tmp_path: Path) -> None:
    template, meeting_id = stores["ended"]
    steps = _steps(template, tmp_path, meeting_id, "purge")
    for step in range(1, steps + 1):
        store = _killed_copy(template, tmp_path, step, meeting_id, "purge")
        listed = {m.id for m in store.meetings()}
        assert not store.unreadable(), f"step {step}: {store.unreadable()}"
        if meeting_id in listed:  # killed before the meeting file went: whole, readable
            assert [i.text for i in store.items(meeting_id)] == ["Said before the kill"]
        store.purge_meeting(meeting_id)  # a second purge finishes the job
        assert meeting_id not in {m.id for m in store.meetings()}, f"step {step}"
        assert store.meeting_files(meeting_id) == [], f"step {step}"
        index = (store.root / "index.json").read_text()
        assert meeting_id not in index, f"step {step}: its summary is still in the index"
