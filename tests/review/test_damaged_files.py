"""A damaged file never hides the rest of the store, and never prints a traceback.

The sample group's past meeting stays readable; a second meeting's file is damaged in each
way a crash, a sync tool or a hand edit can damage it (cut short, valid JSON of the wrong
shape, empty, a folder in its place).  Driven through click as a shell user would: the
damaged meeting is named (its file) and exits 2, the good one still exports and lists, and
the damaged one can be purged by its id, after which everything is clean again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from peertui.cli import cli
from peertui.domain.records import Item, Lease
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.store.layout import index_path, lease_path, meeting_path
from tests.conftest import MEETING_START, TODAY
from tests.fakes import FakeTime

GOOD_DAY = (TODAY - timedelta(weeks=10)).isoformat()  # the sample's past meeting: 2026-09-18
DAMAGED_ACTION = "Send the board the revised cut-over plan"


def run(root: Path, *args: str, env_store: bool = False) -> Result:
    """One command, as from the shell: --store, or PEERTUI_STORE when env_store is set."""
    if env_store:
        result = CliRunner().invoke(cli, list(args), env={"PEERTUI_STORE": str(root)})
    else:
        result = CliRunner().invoke(cli, ["--store", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args} raised {result.exception!r}")
    assert "Traceback" not in result.output, result.output
    return result


def _doc_change(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """A damage that edits the meeting file's JSON, leaving it valid JSON."""
    def damage(path: Path) -> None:
        doc = json.loads(path.read_bytes())
        change(doc)
        path.write_text(json.dumps(doc), encoding="utf-8")

    return damage


def _record(doc: dict[str, Any]) -> dict[str, Any]:
    (record,) = doc["meeting"].values()
    assert isinstance(record, dict)
    return record


def _truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _item_text(doc: dict[str, Any]) -> None:
    (item,) = doc["items"].values()
    item["text"] = 42


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": _truncated,
    "events-a-string": _doc_change(lambda doc: _record(doc).update(events="start")),
    "slots-null": _doc_change(lambda doc: _record(doc).update(slots=None)),
    "item-text-a-number": _doc_change(_item_text),
    "date-null": _doc_change(lambda doc: _record(doc).update(date=None)),
    "empty": _empty,
    "folder": _folder,
}


class Damaged:
    """A store with the sample group, its good past meeting, and one damaged meeting."""

    def __init__(self, root: Path, how: str) -> None:
        store = Store.open(root)
        group = load_sample(store, TODAY)
        assert group.template is not None
        self.root = root
        self.good = store.meetings()[0].id
        self.good_open = [i.text for i in store.items(self.good)
                          if i.is_open_action and not i.private]
        assert self.good_open, "the sample has open action items"
        ids = [m.id for m in group.members]
        meeting = new_meeting(group, group.template, ids, ids[0], "Damaged later", TODAY)
        create_meeting(store, meeting)
        store.add_item(meeting.id, Item(id="act-1", kind="action", text=DAMAGED_ACTION,
                                        owner_id=ids[1], status="open", due="2026-12-04"))
        store.refresh_summary(meeting.id)  # the index now counts its open action
        self.id = meeting.id
        self.path = meeting_path(root, meeting.id)
        # a backup and a clock lease beside it, which a purge must remove as well
        backup = self.path.with_name(f"{self.path.name}.bak-1")
        backup.write_bytes(self.path.read_bytes())
        store.write_lease(meeting.id, Lease(id="gone", pid=999999, host="elsewhere"))
        self.lease = lease_path(root, meeting.id)
        self.backup = backup
        DAMAGES[how](self.path)


@pytest.fixture(params=list(DAMAGES))
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Damaged:
    return Damaged(tmp_path / "store", request.param)


def test_export_of_the_damaged_meeting_exits_2_naming_its_file(damaged: Damaged) -> None:
    for env_store in (False, True):
        result = run(damaged.root, "export", damaged.id, "--format", "md",
                     env_store=env_store)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert str(damaged.path) in result.stderr
        assert DAMAGED_ACTION not in result.output


def test_export_of_a_good_meeting_still_works(damaged: Damaged) -> None:
    for ref in (GOOD_DAY, damaged.good):
        result = run(damaged.root, "export", ref, "--format", "md")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"# Mid-market CIOs: meeting of {GOOD_DAY}")


def test_actions_lists_the_good_meetings_and_names_the_damaged_file(damaged: Damaged) -> None:
    table = run(damaged.root, "actions", "--today", TODAY.isoformat())
    assert table.exit_code == 2, table.output
    assert table.stdout.splitlines()[0].split() == ["DUE", "OWNER", "ACTION", "FROM"]
    assert str(damaged.path) in table.stderr and str(damaged.path) not in table.stdout
    listed = run(damaged.root, "actions", "-f", "json", "--today", TODAY.isoformat())
    assert listed.exit_code == 2, listed.output
    rows = json.loads(listed.stdout)["actions"]
    assert sorted(r["text"] for r in rows) == sorted(damaged.good_open)
    assert {r["meeting_id"] for r in rows} == {damaged.good}
    assert str(damaged.path) in listed.stderr


def test_purge_by_id_removes_the_damaged_meeting(damaged: Damaged) -> None:
    assert damaged.path.exists() and damaged.backup.exists() and damaged.lease.exists()
    result = run(damaged.root, "purge", damaged.id, "--yes")
    assert result.exit_code == 0, result.output
    assert "cannot be read" in result.stdout and f"Removed meeting {damaged.id}" in result.stdout
    store = Store.open(damaged.root)
    assert store.meeting_files(damaged.id) == []
    assert not damaged.path.exists() and not damaged.path.is_symlink()
    assert not damaged.backup.exists() and not damaged.lease.exists()
    assert damaged.id.encode() not in index_path(damaged.root).read_bytes()
    assert [m.id for m in store.meetings()] == [damaged.good] and store.unreadable() == []
    after = run(damaged.root, "actions", "--today", TODAY.isoformat())
    assert after.exit_code == 0, after.output
    assert str(damaged.path) not in after.output


def test_a_group_of_the_wrong_shape_exits_2_naming_the_index(tmp_path: Path) -> None:
    root = tmp_path / "store"
    load_sample(Store.open(root), TODAY)
    index = index_path(root)
    doc = json.loads(index.read_bytes())
    (group,) = doc["groups"].values()
    group["members"] = "Art Delgado, Priya Raman"
    index.write_text(json.dumps(doc), encoding="utf-8")
    for fmt in ("table", "json"):
        result = run(root, "actions", "-f", fmt)
        assert result.exit_code == 2, result.output
        assert str(index) in result.stderr and "members" in result.stderr


def test_an_action_saved_in_a_running_meeting_is_listed(tmp_path: Path) -> None:
    """LiveMeeting.new_item leaves the index's summary stale (no refresh per note): the
    listing must notice the file changed and read it, not trust the cached count."""
    root = tmp_path / "store"
    store = Store.open(root)
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    meeting = new_meeting(group, group.template, ids, ids[0], "Running now", TODAY)
    create_meeting(store, meeting)
    live = LiveMeeting(store, meeting.id, FakeTime(MEETING_START))
    live.act("start")
    text = "Call both integrator references before Friday"
    live.new_item("action", text, owner_id=ids[2], due=TODAY + timedelta(days=7))
    cached = json.loads(index_path(root).read_bytes())["meetings"]
    (summary,) = [s for s in cached.values() if s["id"] == meeting.id]
    assert summary["open_actions"] == 0 and summary["status"] == "running"  # stale, as meant

    listed = run(root, "actions", "-f", "json", "--today", TODAY.isoformat())
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["actions"]
    mine = [r for r in rows if r["meeting_id"] == meeting.id]
    assert [(r["text"], r["owner"]) for r in mine] == [(text, "Tom Becker")]
    table = run(root, "actions", "--today", TODAY.isoformat())
    assert table.exit_code == 0 and text in table.stdout
