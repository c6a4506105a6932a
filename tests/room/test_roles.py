"""Driver and note-taker on one store: two apps, one clock, both feeds live."""

from __future__ import annotations

from textual.widgets import DataTable

from peertui.services.driver import HEARTBEAT_S, STALE_AFTER_S, current_lease
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.commands import palette_entries
from peertui.ui.screens.dialogs import Confirm
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, notifications, submit_note, wait_until

SIZE = (120, 36)
TIMER_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8")


def feed_texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    feed = app.screen.query_one("#feed", DataTable)
    return [str(feed.get_row_at(i)[-1]) for i in range(feed.row_count)]


def footer_actions(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


async def test_second_app_joins_as_note_taker_without_timer_keys(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver:
        driving = live_screen(driver_app)
        assert driving.role.driving and driving.sub_title.endswith("driving")
        assert {"toggle_clock", "next", "end_meeting"} <= footer_actions(driver_app)
        driver_palette = [entry.action for entry in palette_entries(driving)]
        assert {"toggle_clock", "next", "shuffle_round"} <= set(driver_palette)
        assert "take_over" not in driver_palette
        assert "take_over" not in footer_actions(driver_app)

        notes_app = create_app(store, fake_time, today=TODAY)
        async with notes_app.run_test(size=SIZE) as notes:
            taking = live_screen(notes_app)
            assert not taking.role.driving
            assert "note-taker" in taking.sub_title
            shown = footer_actions(notes_app)
            assert "take_over" in shown
            assert not shown & {"toggle_clock", "back", "next", "extend(60)", "rebalance",
                                "end_meeting"}
            palette = {entry.action: entry for entry in palette_entries(taking)}
            assert "take_over" in palette and "toggle_clock" not in palette
            assert not palette.keys() & {"next", "shuffle_round", "speaking_order"}
            assert palette["take_over"].help.startswith("f2: ")  # the key, from the binding

            events_before = len(store.meeting(meeting).events)
            for key in TIMER_KEYS[1:]:
                await notes.press(key)
            await notes.pause()
            assert len(store.meeting(meeting).events) == events_before
            assert not any(isinstance(s, Confirm) for s in notes_app.screen_stack)

            # the driver moves on; the note-taker follows and stamps its note accordingly
            fake_time.advance(5 * 60)
            await driver.press("f4")
            await submit_note(notes, "Art hired the integrator in September.")
            item = store.items(meeting)[-1]
            assert item.segment_key == "followups"
            # each screen's tick (every second) also picks up the other screen's saves
            await wait_until(notes, lambda: taking.live.state().index == 1)

            # the driver's feed shows the note-taker's note at its next poll, and vice versa
            await wait_until(driver, lambda: any("Art hired the integrator in September."
                                                 in row for row in feed_texts(driver_app)))
            await submit_note(driver, "Decision: keep the cadence", kind="decision")
            await wait_until(notes, lambda: any("Decision: keep the cadence" in row
                                                for row in feed_texts(notes_app)))


async def test_explicit_take_over_asks_then_the_old_driver_becomes_note_taker(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver:
        driving = live_screen(driver_app)
        notes_app = create_app(store, fake_time, today=TODAY)
        async with notes_app.run_test(size=SIZE) as notes:
            taking = live_screen(notes_app)
            await notes.press("f2")
            assert isinstance(notes_app.screen, Confirm), "a live driver is asked about"
            await notes.press("escape")
            assert not taking.role.driving
            await notes.press("f2")
            await notes.press("y")
            assert taking.role.driving and taking.sub_title.endswith("driving")
            assert current_lease(store, meeting).id == taking.role.lease.identity.id

            driving.role.heartbeat()
            await driver.pause()
            assert not driving.role.driving and "note-taker" in driving.sub_title
            assert "take_over" in footer_actions(driver_app)
            await notes.press("f4")
            assert taking.live.state().index == 1


async def test_quitting_driver_frees_the_clock_and_a_stale_one_is_taken_without_asking(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE):
        assert live_screen(driver_app).role.driving
    assert current_lease(store, meeting) is None, "released on the way out"
    assert not (store.root / "meetings" / f"{meeting}.driver").exists()

    first = create_app(store, fake_time, today=TODAY)
    async with first.run_test(size=SIZE):
        assert live_screen(first).role.driving, "a restarted driver drives again"
        second = create_app(store, fake_time, today=TODAY)
        async with second.run_test(size=SIZE) as notes:
            taking = live_screen(second)
            assert not taking.role.driving
            fake_time.advance(STALE_AFTER_S + 1)  # the first stopped beating (frozen, say)
            taking.role.heartbeat()
            assert "clock free" in taking.sub_title
            await notes.press("f2")
            assert taking.role.driving, "a stale lease is taken at once, no question"


async def test_heartbeats_leave_the_meeting_file_and_the_note_taker_alone(
        store: Store, fake_time: FakeTime) -> None:
    """The note-taker learns who drives from the lease file; the meeting file never moves."""
    meeting = start_meeting(store, fake_time)
    path = store.root / "meetings" / f"{meeting}.json"
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE):
        driving = live_screen(driver_app)
        assert driving.role.driving
        notes_app = create_app(store, fake_time, today=TODAY)
        said = notifications(notes_app)
        async with notes_app.run_test(size=SIZE):
            taking = live_screen(notes_app)
            assert any(f"driven by process {driving.role.lease.identity.pid}" in message
                       for message in said), said
            before, stat = path.read_bytes(), path.stat()
            for _ in range(3):
                fake_time.advance(3)
                driving.role.heartbeat()
                taking.role.heartbeat()
            assert driving.role.driving
            assert path.read_bytes() == before
            assert (path.stat().st_mtime_ns, path.stat().st_ino) == (stat.st_mtime_ns,
                                                                      stat.st_ino)
            assert not taking.live.refresh_if_changed(), "nothing for the note-taker to reload"
            assert taking.sub_title.endswith("note-taker"), "the driver's beats keep it held"


async def test_a_damaged_lease_file_lets_a_new_screen_drive(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver:
        driving = live_screen(driver_app)
        assert driving.role.driving
        (store.root / "meetings" / f"{meeting}.driver").write_bytes(b'{"id": "tor')
        notes_app = create_app(store, fake_time, today=TODAY)
        async with notes_app.run_test(size=SIZE):
            taking = live_screen(notes_app)
            assert taking.role.driving, "a bad lease file counts as nobody driving"
            assert current_lease(store, meeting).id == taking.role.lease.identity.id
            driving.role.heartbeat()
            await driver.pause()
            assert not driving.role.driving and "note-taker" in driving.sub_title


async def test_the_note_taker_sees_the_clock_freed_at_its_next_lease_poll(
        store: Store, fake_time: FakeTime) -> None:
    """A release touches only the lease file; the note-taker's lease poll (one stat) sees it,
    without waiting for its own heartbeat or for the lease to go stale."""
    start_meeting(store, fake_time)
    notes_app = create_app(store, fake_time, today=TODAY)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE):
        driving = live_screen(driver_app)
        assert driving.role.driving
        async with notes_app.run_test(size=SIZE) as notes:
            taking = live_screen(notes_app)
            assert taking.sub_title.endswith("note-taker")
            driving.role.release()
            # well before the note-taker's first heartbeat (5 s after it opened)
            await wait_until(notes, lambda: "clock free" in taking.sub_title,
                             timeout=HEARTBEAT_S / 2)
            await notes.press("f2")
            assert taking.role.driving, "a released clock is taken at once, no question"
