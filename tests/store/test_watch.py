"""The store watch names each file another process changed, and nothing else."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from peertui.domain.records import Item
from peertui.services.driver import DriverLease, Identity
from peertui.store import Store
from peertui.store.watch import (
    EVERYTHING,
    InotifyWatch,
    StoreChange,
    WatchfilesWatch,
    classify,
    open_watch,
)
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def test_a_file_means_the_record_it_holds() -> None:
    assert classify(False, "index.json") == StoreChange(index=True)
    assert classify(True, "m-42.json") == StoreChange(meetings=frozenset({"m-42"}))
    assert classify(True, "m-42.driver") == StoreChange(leases=frozenset({"m-42"}))
    assert classify(False, "meetings") == EVERYTHING  # the folder made: all of it is new
    for quiet in ((False, ".lock"), (False, ".index.json.tmp-12-ab12cd34"),
                  (True, ".m-42.json.tmp-12-ab12cd34"), (True, "notes.txt"),
                  (False, "backup.json")):
        assert not classify(*quiet), quiet


def test_a_change_says_what_it_touches() -> None:
    note = StoreChange(meetings=frozenset({"m1"}))
    assert note.touches_meeting("m1") and not note.touches_meeting("m2")
    assert not note.touches_index() and not note.touches_lease("m1")
    assert StoreChange(index=True).touches_meeting("m2")  # where meetings are listed
    both = note | StoreChange(leases=frozenset({"m2"}))
    assert both.touches_lease("m2") and both.touches_meeting("m1") and both.any_meeting
    assert EVERYTHING.touches_lease("any") and EVERYTHING.touches_index()
    assert not StoreChange()


def _drain(watch: InotifyWatch) -> StoreChange:
    change = StoreChange()
    for _ in range(3):  # the kernel queues at once; a few reads cost nothing
        change |= watch.read()
    return change


@linux_only
def test_inotify_hears_each_kind_of_write_by_name(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    watch = InotifyWatch(store.root)
    try:
        assert not watch.read(), "nothing changed yet"
        other = Store.open(store.root)  # another process's handle on the same folder
        other.add_item(meeting, Item(id="n1", text="Budget approved"))
        assert _drain(watch) == StoreChange(meetings=frozenset({meeting}))

        DriverLease(other, meeting, fake_time, Identity("d1", 1, "vm", "Art")).claim()
        assert _drain(watch) == StoreChange(leases=frozenset({meeting}))

        group = other.groups()[0]
        other.save_group(group)
        assert _drain(watch).touches_index()
        assert not watch.read()
    finally:
        watch.close()


@linux_only
def test_inotify_watches_a_meetings_folder_made_after_it_began(tmp_path: Path,
                                                               fake_time: FakeTime) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    watch = InotifyWatch(root)
    try:
        store = Store.open(root)  # makes the index and the meetings folder
        meeting = start_meeting(store, fake_time)
        first = _drain(watch)
        assert first.touches_index() and first.touches_meeting(meeting)
        store.add_item(meeting, Item(id="n2", text="later"))
        assert meeting in _drain(watch).meetings  # the new folder is watched too
    finally:
        watch.close()


@linux_only
def test_a_purged_meeting_is_a_change(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    watch = InotifyWatch(store.root)
    try:
        store.purge_meeting(meeting)
        change = _drain(watch)
        assert meeting in change.meetings and change.touches_index()
    finally:
        watch.close()


def test_watchfiles_hands_each_batch_to_the_caller(store: Store, fake_time: FakeTime) -> None:
    """The watch used where inotify is not (macOS, Windows), tried here on Linux too."""
    meeting = start_meeting(store, fake_time)
    seen: list[StoreChange | None] = []
    arrived = threading.Event()

    def changed(change: StoreChange | None) -> None:
        seen.append(change)
        if change is not None and meeting in change.meetings:
            arrived.set()

    watch = WatchfilesWatch(store.root, changed)
    try:
        threading.Event().wait(0.3)  # watchfiles starts its watcher in its thread
        store.add_item(meeting, Item(id="n3", text="from another terminal"))
        assert arrived.wait(10), f"no change arrived: {seen}"
        assert None not in seen
    finally:
        watch.close()


def test_the_mode_is_chosen_by_name(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    watch, how = open_watch(store.root, lambda change: None, mode="poll")
    assert watch is None and "poll" in how
    monkeypatch.setenv("PEERTUI_WATCH", "watchfiles")
    watch, how = open_watch(store.root, lambda change: None)
    assert isinstance(watch, WatchfilesWatch) and how == "watchfiles"
    watch.close()
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("PEERTUI_WATCH", "auto")
        watch, how = open_watch(store.root, lambda change: None)
        assert isinstance(watch, InotifyWatch) and how == "inotify"
        watch.close()


@linux_only
def test_a_folder_that_cannot_be_watched_falls_back_to_polling(tmp_path: Path) -> None:
    watch, how = open_watch(tmp_path / "missing", lambda change: None, mode="inotify")
    assert watch is None and how.startswith("polling (inotify:")
