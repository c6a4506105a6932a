"""Followers hear of the driver's saves through the store watch, the moment they land.

The proof that it is the watch and not a timer: the follower's own clock ticker is stopped,
so nothing but the watch can tell it the driver moved on.  Where the store cannot be watched
(PEERTUI_WATCH=poll), the beat of the clock finds the change instead, as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.display_app import DisplayApp
from peertui.ui.widgets.big_clock import BigClock
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.room.test_display import shown_text
from tests.ui.helpers import live_screen, submit_note, wait_until

SIZE = (120, 36)


def feed_texts(app: Any) -> list[str]:
    feed = app.screen.query_one("#feed", DataTable)
    return [str(feed.get_row_at(i)[-1]) for i in range(feed.row_count)]


def shown_index(app: Any) -> int:
    state = live_screen(app).state
    assert state is not None
    return state.index


@pytest.mark.parametrize("mode", ["inotify", "watchfiles"])
async def test_a_note_taker_follows_the_driver_with_its_clock_stopped(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("PEERTUI_WATCH", mode)
    start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver:
        notes_app = create_app(store, fake_time, today=TODAY)
        async with notes_app.run_test(size=SIZE) as notes:
            await wait_until(notes, lambda: notes_app.store_watch.live, what="the watch")
            assert notes_app.store_watch.how == mode
            taking = live_screen(notes_app)
            assert not taking.role.driving
            taking.ticker.stop()
            taking.ticker.keep_time = lambda state: None  # type: ignore[method-assign]
            before = shown_index(notes_app)

            await driver.press("f4")
            await wait_until(notes, lambda: shown_index(notes_app) == before + 1,
                             what="the driver's F4 on the note-taker's screen")
            await submit_note(driver, "Board approved the cut-over date")
            await wait_until(notes, lambda: any("cut-over date" in t
                                                for t in feed_texts(notes_app)),
                             what="the driver's note in the note-taker's feed")


async def test_where_the_store_cannot_be_watched_the_clock_beat_finds_changes(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERTUI_WATCH", "poll")
    start_meeting(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver:
        notes_app = create_app(store, fake_time, today=TODAY)
        async with notes_app.run_test(size=SIZE) as notes:
            await notes.pause(0.5)  # past the moment the watch would have started
            assert not notes_app.store_watch.live
            assert notes_app.store_watch.how.startswith("polling")
            before = shown_index(notes_app)
            await driver.press("f4")
            await wait_until(notes, lambda: shown_index(notes_app) == before + 1,
                             what="the beat finding the driver's F4")
            await submit_note(driver, "Polling still works")
            await wait_until(notes, lambda: any("Polling still works" in t
                                                for t in feed_texts(notes_app)))


async def test_the_projector_follows_the_driver_through_the_watch(
        store: Store, fake_time: FakeTime) -> None:
    start_meeting(store, fake_time)
    display = DisplayApp(store, fake_time)
    driver_app = create_app(store, fake_time, today=TODAY)
    async with driver_app.run_test(size=SIZE) as driver, \
            display.run_test(size=(80, 24)) as room:
        await wait_until(room, lambda: display.store_watch.live, what="the display's watch")
        display.ticker.stop()
        display.ticker.keep_time = lambda state: None  # type: ignore[method-assign]
        assert "Welcome and confidentiality" in shown_text(display)
        await driver.press("f4")
        await wait_until(room, lambda: "Follow-ups" in shown_text(display),
                         what="the driver's F4 on the projector")
        assert display.query_one(BigClock).text == "10:00"
