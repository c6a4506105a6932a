"""The typed boundary: every file is decoded into records or refused, naming the file and field.

A damaged meeting file is one unreadable meeting, never a hidden history: reading it raises a
StoreError that names the file (and, for valid JSON of the wrong shape, the field), while the
listing leaves it out, says so through `unreadable()`, and still lists every other meeting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from peertui.domain.agenda import default_template
from peertui.domain.models import Group, Member
from peertui.services.actions import list_actions
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.store import Store, StoreError
from tests.fakes import FakeTime

from .helpers import meeting, note

GOOD = {"id": "m2", "group_id": "g1", "date": "2024-03-02"}


def _write(content: object) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(json.dumps(content), encoding="utf-8")
    return write


def _truncated(path: Path) -> None:
    path.write_text(json.dumps({"meeting": {"1": GOOD}})[:-7], encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


def _unreadable(path: Path) -> None:
    path.write_text(json.dumps({"meeting": {"1": GOOD}}), encoding="utf-8")
    os.chmod(path, 0o000)


#: case -> (how to damage meetings/m2.json, words the error must hold besides the path)
DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "events-a-string": (_write({"meeting": {"1": {**GOOD, "events": "start"}}}),
                        ("meeting record", "'events'", "should be a list, not text")),
    "slots-null": (_write({"meeting": {"1": {**GOOD, "slots": None}}}),
                   ("'slots'", "should be a list, not null")),
    "date-missing": (_write({"meeting": {"1": {"id": "m2", "group_id": "g1"}}}),
                     ("'date'", "is missing")),
    "item-text-a-number": (
        _write({"meeting": {"1": GOOD}, "items": {"1": {"id": "a", "text": 3}}}),
        ("item 1 (id a)", "'text'", "should be text, not a whole number")),
    "unknown-event-type": (
        _write({"meeting": {"1": {**GOOD, "events": [
            {"type": "start", "at": "2024-03-02T16:00:00+00:00"},
            {"type": "lunch", "at": "2024-03-02T17:00:00+00:00"}]}}}),
        ("'events[1].type'", "does not know", "lunch")),
    "truncated-json": (_truncated, ("not valid JSON",)),
    "a-folder-in-its-place": (_folder, ("a folder, not a file",)),
    "unreadable": (_unreadable, ("cannot be read",)),
}


@pytest.fixture
def three(store: Store) -> Store:
    """m1 (the fixture's), m2 (to be damaged) and m3, all of group g1."""
    store.create_meeting(meeting("m2", date="2024-03-02"))
    store.create_meeting(meeting("m3", date="2024-03-03"))
    store.add_item("m3", note("n", "still here"))
    return store


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_meeting_file_is_named_and_the_others_still_listed(
    three: Store, case: str
) -> None:
    damage, words = DAMAGE[case]
    if case == "unreadable" and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    path = three.root / "meetings" / "m2.json"
    assert [m.id for m in three.meetings()] == ["m1", "m2", "m3"]  # m2's summary is cached
    path.unlink()
    damage(path)
    damaged = path.read_bytes() if case not in ("a-folder-in-its-place", "unreadable") else b""
    try:
        with pytest.raises(StoreError) as info:
            three.meeting_doc("m2")
        error = info.value
        assert error.path == path
        assert str(error).startswith(f"peertui cannot use the store file {path}: ")
        for word in words:
            assert word in str(error), (word, str(error))

        for reader in (three, Store.open(three.root)):  # this process, and a fresh one
            listed = reader.meetings()
            assert [m.id for m in listed] == ["m1", "m3"]
            assert [m.id for m in reader.meetings("g1")] == ["m1", "m3"]
            assert listed[1].counts["note"] == 1
            (unreadable,) = reader.unreadable()
            assert unreadable.path == path and str(path) in str(unreadable)
            assert str(unreadable) == str(error)

        for write in (lambda: three.add_item("m2", note("x")),
                      lambda: three.change_meeting("m2", lambda m: m),
                      lambda: three.refresh_summary("m2")):
            with pytest.raises(StoreError, match=r"m2\.json"):
                write()
        with pytest.raises(ValueError, match="already exists"):
            three.create_meeting(meeting("m2"))
    finally:
        if path.is_file():
            os.chmod(path, 0o600)
    if damaged:
        assert path.read_bytes() == damaged  # left exactly as found
    assert path.is_dir() == (case == "a-folder-in-its-place")


def test_a_listing_forgets_an_unreadable_meeting_once_it_is_mended(three: Store) -> None:
    path = three.root / "meetings" / "m2.json"
    good = path.read_bytes()
    path.write_bytes(good[:-5])
    three.meetings()
    assert [e.path for e in three.unreadable()] == [path]
    path.write_bytes(good)
    assert [m.id for m in three.meetings()] == ["m1", "m2", "m3"]
    assert three.unreadable() == []


def test_a_group_of_the_wrong_shape_names_index_json_and_the_field(store: Store) -> None:
    index = store.root / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    (doc_id,) = data["groups"]
    data["groups"][doc_id]["members"] = "Art, Priya"
    index.write_text(json.dumps(data), encoding="utf-8")
    before = index.read_bytes()
    for reader in (store, Store.open(store.root)):
        for read in (reader.groups, lambda r=reader: r.group("g1")):
            with pytest.raises(StoreError) as info:
                read()
            assert info.value.path == index
            assert str(index) in str(info.value) and "'members'" in str(info.value)
            assert "should be a list, not text" in str(info.value)
        assert [m.id for m in reader.meetings()] == ["m1"]  # meetings are still listed
    assert index.read_bytes() == before


def test_a_member_of_the_wrong_shape_names_the_field_inside(store: Store) -> None:
    store.save_group(Group(id="g1", name="Vistage 12", members=[Member(id="a", name="Art")]))
    index = store.root / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    (doc_id,) = data["groups"]
    data["groups"][doc_id]["members"][0]["status"] = "emeritus"
    index.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match=r"members\[0\]\.status.*emeritus") as info:
        store.groups()
    assert info.value.path == index


def test_a_rhythm_of_the_wrong_type_names_the_field(store: Store) -> None:
    """A hand edit of the right type but a bad value falls back to the default (see
    services/schedule.cadence_of); one of the wrong type is refused, by name."""
    index = store.root / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    (doc_id,) = data["groups"]
    data["groups"][doc_id]["cadence"] = {"weekday": "Thursday"}
    index.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match=r"cadence\.weekday.*should be a whole number"):
        store.groups()


def test_an_action_saved_live_shows_in_lists_before_any_summary_refresh(
    store: Store, fake_time: FakeTime
) -> None:
    group = Group(id="g7", name="Seven", members=[Member(id="art", name="Art"),
                                                   Member(id="bo", name="Bo")])
    store.save_group(group)
    record = new_meeting(group, default_template(), ["art", "bo"], "art", "Warehouse",
                         date(2026, 11, 27))
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, fake_time)
    live.act("start")  # refreshes the cached summary: from here on it is only a cache
    today = date(2026, 11, 27)
    assert list_actions(store, "g7", status="open", today=today) == []
    (summary,) = store.meetings("g7")
    assert summary.status == "running" and summary.open_actions == 0

    item = live.new_item("action", "Call the bank", owner_id="bo")

    (summary,) = store.meetings("g7")
    assert summary.open_actions == 1
    assert [o.id for o in summary.open_items] == [item.id]
    assert summary.open_items[0].text == "Call the bank"
    assert summary.open_items[0].owner_id == "bo"
    rows = list_actions(store, "g7", status="open", today=today)
    assert [(r.meeting_id, r.id) for r in rows] == [(record.id, item.id)]
    # and in another process, with nothing cached at all
    other = Store.open(store.root)
    assert other.meetings("g7")[0].open_actions == 1
    assert [r.id for r in list_actions(other, "g7", status="open", today=today)] == [item.id]


_PROBE = """
import json, sys
from peertui.store import Store, StoreError
store = Store.open(sys.argv[1])
listed = [m.id for m in store.meetings()]
unreadable = [str(e.path) for e in store.unreadable()]
try:
    store.meeting_doc("m2")
    error = ""
except StoreError as found:
    error = str(found)
print(json.dumps({"listed": listed, "unreadable": unreadable, "error": error}))
"""


def test_a_meeting_file_made_unreadable_in_place_is_named(three: Store) -> None:
    """chmod 000 on the file itself changes no fingerprint (mtime, size, inode): its cached
    summary still matches, yet the meeting cannot be read, so it must not be listed as if it
    could.  Run in a process the kernel holds to file modes (as root: without
    CAP_DAC_OVERRIDE, via setpriv)."""
    from tests.reliability.test_unusable_store import DROP_CAPS, REPO, can_drop_root_powers

    command = [sys.executable, "-c", _PROBE, str(three.root)]
    if os.geteuid() == 0:
        if not can_drop_root_powers():
            pytest.skip("root ignores file modes and setpriv cannot drop CAP_DAC_OVERRIDE")
        command = [*DROP_CAPS, *command]
    path = three.root / "meetings" / "m2.json"
    assert [m.id for m in three.meetings()] == ["m1", "m2", "m3"]
    three.refresh_summary("m2")  # the index's summary is made from this very file
    os.chmod(path, 0o000)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        os.chmod(path, 0o600)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert str(path) in seen["error"] and "cannot be read" in seen["error"]
    assert seen["listed"] == ["m1", "m3"]
    assert seen["unreadable"] == [str(path)]
