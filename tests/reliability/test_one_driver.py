"""One driver, strictly: after a take-over the old driver's clock keys write nothing, at once.

The store checks, under the same lock as the write, that the writer holds the clock lease
(Store.append_event with driver=, Store.renew_lease); before this, the old driver kept
saving extensions, nexts and pauses until its next heartbeat noticed, up to 5 s later.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from peertui.domain.clock import EventType
from peertui.services.driver import DriverLease, Identity, current_lease
from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.store import store as store_mod
from peertui.store.leases import NotDriving
from peertui.ui.app import create_app
from peertui.ui.screens.live.role import not_saved_message
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, notifications

SIZE = (120, 36)
#: The clock keys a stale driver may press: (event, seconds).
KEYS: list[tuple[EventType, int]] = [("extend", 300), ("next", 0), ("pause", 0), ("end", 0)]


def _lease(store: Store, meeting: str, clock: FakeTime) -> DriverLease:
    return DriverLease(store, meeting, clock,
                       Identity(os.urandom(8).hex(), os.getpid(), socket.gethostname()))


def _files(store: Store, meeting: str) -> tuple[bytes, bytes]:
    folder = store.root / "meetings"
    return (folder / f"{meeting}.json").read_bytes(), (folder / f"{meeting}.driver").read_bytes()


def _two_drivers(tmp_path: Path, clock: FakeTime) -> tuple[str, LiveMeeting, DriverLease,
                                                          LiveMeeting, DriverLease]:
    """A drives, then B (its own Store handle, as another terminal has) takes over."""
    store_a = Store.open(tmp_path / "store")
    meeting = start_meeting(store_a, clock)
    store_b = Store.open(tmp_path / "store")
    live_a, live_b = LiveMeeting(store_a, meeting, clock), LiveMeeting(store_b, meeting, clock)
    lease_a, lease_b = _lease(store_a, meeting, clock), _lease(store_b, meeting, clock)
    assert lease_a.claim()
    live_a.act("next", driver=lease_a.identity.id)  # A drives: its keys are kept
    clock.advance(60)
    assert lease_b.claim(force=True)
    return meeting, live_a, lease_a, live_b, lease_b


@pytest.mark.parametrize(("kind", "seconds"), KEYS, ids=[k for k, _ in KEYS])
def test_the_old_drivers_keys_write_nothing_and_say_who_drives(
        tmp_path: Path, fake_time: FakeTime, kind: EventType, seconds: int) -> None:
    meeting, live_a, lease_a, _live_b, lease_b = _two_drivers(tmp_path, fake_time)
    before = _files(live_a.store, meeting)
    events = live_a.record.events
    with pytest.raises(NotDriving) as refused:
        live_a.act(kind, seconds=seconds, driver=lease_a.identity.id)
    assert _files(live_a.store, meeting) == before, "neither the meeting nor the lease changed"
    assert live_a.record.events == events, "nor what A shows as saved"
    assert refused.value.holder is not None and refused.value.holder.id == lease_b.identity.id
    assert "no longer drives the clock" in str(refused.value)
    assert f"process {os.getpid()} on {socket.gethostname()} holds it now" in str(refused.value)


def test_the_rule_holds_at_every_write_not_at_the_next_beat(tmp_path: Path,
                                                            fake_time: FakeTime) -> None:
    """No heartbeat between the take-over and the key: the store alone decides."""
    meeting, live_a, lease_a, live_b, lease_b = _two_drivers(tmp_path, fake_time)
    with pytest.raises(NotDriving):
        live_a.act("extend", seconds=60, driver=lease_a.identity.id)
    live_b.act("extend", seconds=300, driver=lease_b.identity.id)  # the new driver's is kept
    lease_b.release()
    with pytest.raises(NotDriving) as refused:
        live_a.act("pause", driver=lease_a.identity.id)
    assert refused.value.holder is None, "nobody drives: still not A's to write"
    assert lease_a.claim(), "F2 takes it back"
    live_a.act("pause", driver=lease_a.identity.id)
    kept = [(e.type, e.seconds) for e in live_a.store.meeting(meeting).events]
    assert kept == [("start", 0), ("next", 0), ("extend", 300), ("pause", 0)]


def test_a_stale_drivers_heartbeat_leaves_the_new_lease_alone(tmp_path: Path,
                                                              fake_time: FakeTime) -> None:
    meeting, live_a, lease_a, _live_b, lease_b = _two_drivers(tmp_path, fake_time)
    before = _files(live_a.store, meeting)
    fake_time.advance(5)
    assert not lease_a.heartbeat()
    with pytest.raises(NotDriving):
        live_a.store.renew_lease(meeting, lease_a.identity.id, "2030-01-01T00:00:00+00:00")
    assert _files(live_a.store, meeting) == before
    held = current_lease(live_a.store, meeting)
    assert held is not None and held.id == lease_b.identity.id
    assert lease_b.heartbeat(), "the holder's own beat still goes through"
    beat = current_lease(live_a.store, meeting)
    assert beat is not None and beat.heartbeat > held.heartbeat and beat.since == held.since


def test_the_lease_is_read_under_the_write_lock(tmp_path: Path, fake_time: FakeTime,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked outside the lock, a claim could slip in between the check and the write."""
    _meeting, _live_a, _lease_a, live_b, lease_b = _two_drivers(tmp_path, fake_time)
    checks: list[bool] = []
    real = store_mod.require_holder

    def watched(path: Path, driver: str) -> Any:
        checks.append(live_b.store._lock.is_locked)
        return real(path, driver)

    monkeypatch.setattr(store_mod, "require_holder", watched)
    live_b.act("next", driver=lease_b.identity.id)
    assert lease_b.heartbeat()
    assert checks == [True, True]


def _old_driver(root: str, meeting: str, ready: Any, taken: Any, out: Any) -> None:
    """Another terminal that drives, then keeps pressing keys after losing the clock."""
    store = Store.open(root)
    live = LiveMeeting(store, meeting, FakeTime(time.time()))
    lease = DriverLease(store, meeting, live.time)
    out.put(lease.claim())
    ready.set()
    taken.wait(30)
    began = time.perf_counter()
    for kind, seconds in KEYS:
        try:
            live.act(kind, seconds=seconds, driver=lease.identity.id)
            out.put((kind, "saved", ""))
        except NotDriving as refused:
            out.put((kind, "refused", str(refused)))
    out.put(time.perf_counter() - began)
    out.put(lease.heartbeat())


def test_two_processes_the_one_that_lost_the_clock_writes_nothing(
        tmp_path: Path, figures: dict[str, Any]) -> None:
    store = Store.open(tmp_path / "store")
    meeting = start_meeting(store, FakeTime(time.time()))
    ctx: Any = multiprocessing.get_context("fork")
    ready, taken, out = ctx.Event(), ctx.Event(), ctx.Queue()
    child = ctx.Process(target=_old_driver, args=(str(store.root), meeting, ready, taken, out))
    child.start()
    try:
        assert out.get(timeout=30) is True, "the other process drives first"
        assert ready.wait(30)
        mine = DriverLease(store, meeting, FakeTime(time.time()))
        assert mine.claim(force=True)
        before = _files(store, meeting)
        taken.set()
        results = [out.get(timeout=30) for _ in KEYS]
        seconds, beat = out.get(timeout=30), out.get(timeout=30)
    finally:
        taken.set()
        child.join(30)
    assert child.exitcode == 0
    assert [(kind, outcome) for kind, outcome, _ in results] == [
        (kind, "refused") for kind, _ in KEYS]
    assert all("no longer drives the clock" in said for _, _, said in results)
    assert beat is False
    assert _files(store, meeting) == before, "not one byte from the old driver"
    figures["stale_driver_keys_refused"] = len(results)
    figures["stale_driver_refusal_ms"] = round(seconds * 1000 / len(results), 2)


@pytest.mark.parametrize(("key", "words"), [("f4", "Next (F4)"), ("f6", "extension (+5 min)")])
async def test_the_screen_says_so_and_becomes_note_taker_at_once(
        store: Store, fake_time: FakeTime, key: str, words: str) -> None:
    meeting = start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = live_screen(app)
        assert screen.role.driving
        said = notifications(app)
        other = _lease(Store.open(store.root), meeting, fake_time)
        assert other.claim(force=True), "another screen takes the clock over (its F2)"
        events = store.meeting(meeting).events
        await pilot.press(key)
        await pilot.pause()
        assert store.meeting(meeting).events == events, "the key was not saved"
        taker = f"Process {os.getpid()} on {socket.gethostname()}"
        assert said[-1] == (f"{taker} took the clock over at 16:00: your {words} was not "
                            "saved. F2 takes it back.")
        assert not screen.role.driving, "note-taker now, not at the next heartbeat"
        assert "note-taker" in screen.sub_title
        shown = {b.binding.action for b in screen.active_bindings.values() if b.binding.show}
        assert "take_over" in shown and "next" not in shown
        await pilot.press("f5")  # no longer a key of this screen
        await pilot.pause()
        assert store.meeting(meeting).events == events


def test_when_nobody_holds_the_clock_the_message_says_so(tmp_path: Path,
                                                         fake_time: FakeTime) -> None:
    """A released (or damaged) lease: the old driver's key is refused all the same."""
    meeting, live_a, lease_a, _live_b, lease_b = _two_drivers(tmp_path, fake_time)
    lease_b.release()
    with pytest.raises(NotDriving) as refused:
        live_a.act("pause", driver=lease_a.identity.id)
    assert not_saved_message(refused.value, "pause") == (
        "Nobody holds the clock any more: your pause (F2) was not saved. F2 takes the clock.")
    assert not (live_a.store.root / "meetings" / f"{meeting}.driver").exists()
