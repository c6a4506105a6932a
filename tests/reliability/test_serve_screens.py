"""The browser's note-taker is asked who they are, and the others see that name; the driver
lists the browsers let in and revokes one (issue 12.1, Pilot)."""

from __future__ import annotations

import os
import socket

import msgspec
import pytest
from textual.widgets import DataTable, Input, OptionList

from peertui.domain.records import Lease
from peertui.services.driver import DriverLease, Identity, describe
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.live.sessions import BrowserSessions
from peertui.ui.screens.note_taker import WhoTakesNotes
from peertui.web.keys import new_token
from peertui.web.sessions import SESSION_ENV, SessionRegistry
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, notifications, wait_until

SIZE = (120, 36)


def registry(store: Store) -> SessionRegistry:
    return SessionRegistry(store.root, store.locked)


def dan_drives(store: Store, meeting: str, fake_time: FakeTime) -> None:
    """Another screen, named Dan, holds the clock."""
    assert DriverLease(store, meeting, fake_time, Identity.here("Dan")).claim()


async def test_a_browser_is_asked_who_takes_notes_and_others_see_the_name(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = start_meeting(store, fake_time)
    dan_drives(store, meeting, fake_time)
    session = registry(store).create(new_token(), server_pid=os.getpid(), now=fake_time.now())
    monkeypatch.setenv(SESSION_ENV, session.id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoTakesNotes), "asked before the live screen opens"
        choices = app.screen.query_one("#who-list", OptionList)
        group = app.group
        assert group is not None
        names = [m.name for m in group.active_members]
        assert [str(choices.get_option_at_index(i).prompt) for i in range(len(names))] == names
        await pilot.press("down", "enter")  # the second member of the roster
        await pilot.pause()
        chosen = names[1]
        assert registry(store).get(session.id).name == chosen  # saved in the session
        screen = live_screen(app)
        assert not screen.role.driving
        assert screen.sub_title.endswith(
            f"note-taker: {chosen} (browser) · Dan on {socket.gethostname()} drives the clock")

        # taking the clock over: the lease carries the name, so the others read it
        screen.role._claim(force=True)
        lease = store.read_lease(meeting)
        assert lease is not None and lease.name == chosen
        assert describe(lease) == f"{chosen} on {socket.gethostname()}"


async def test_someone_not_on_the_roster_types_a_name(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    start_meeting(store, fake_time)
    session = registry(store).create(new_token(), server_pid=os.getpid(), now=fake_time.now())
    monkeypatch.setenv(SESSION_ENV, session.id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        choices = app.screen.query_one("#who-list", OptionList)
        choices.highlighted = choices.option_count - 1  # "Someone else"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#who-name", Input)
        await pilot.press("enter")  # nothing typed: said so, not saved
        assert "cannot be empty" in str(app.screen.query_one("#who-error").render())
        for key in ("G", "u", "e", "s", "t", "space", "S", "c", "r", "i", "b", "e"):
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert registry(store).get(session.id).name == "Guest Scribe"
        live_screen(app)  # the meeting opens once answered


async def test_a_named_session_or_a_terminal_is_not_asked(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:  # a terminal: no session in the environment
        await pilot.pause()
        assert not isinstance(app.screen, WhoTakesNotes)
        live_screen(app)
    sessions = registry(store)
    session = sessions.create(new_token(), server_pid=os.getpid(), now=fake_time.now())
    sessions.set_name(session.id, "Priya")
    monkeypatch.setenv(SESSION_ENV, session.id)
    again = create_app(store, fake_time, today=TODAY)
    async with again.run_test(size=SIZE) as pilot:  # named already (a reload of the page)
        await pilot.pause()
        assert live_screen(again).role.name == "Priya"


def test_old_lease_files_without_a_name_still_read_and_show_the_process() -> None:
    old = msgspec.json.decode(b'{"id":"a1","pid":4242,"host":"laptop","since":"",'
                              b'"heartbeat":""}', type=Lease)
    assert old.name == "" and describe(old) == "process 4242 on laptop"
    assert describe(msgspec.structs.replace(old, name="Dan")) == "Dan on laptop"


async def test_the_driver_lists_browsers_and_revokes_the_highlighted_one(
        store: Store, fake_time: FakeTime) -> None:
    start_meeting(store, fake_time)
    sessions = registry(store)
    priya = sessions.create(new_token(), server_pid=os.getpid(), now=fake_time.now(),
                            address="192.168.1.31", user_agent="Tablet")
    sessions.set_name(priya.id, "Priya")
    other = sessions.create(new_token(), server_pid=os.getpid(), now=fake_time.now(),
                            address="192.168.1.44")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = notifications(app)
        driving = live_screen(app)
        assert driving.role.driving
        assert driving.sub_title.endswith(
            "driving · Priya (browser), someone (browser) taking notes")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BrowserSessions)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[:2] for r in rows] == [["Priya", "192.168.1.31"],
                                         ["(no name yet)", "192.168.1.44"]]
        await pilot.press("down", "r")
        await pilot.pause()
        revoked = {s.id: s.revoked for s in registry(store).read()}
        assert revoked == {priya.id: False, other.id: True}
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "Priya"
        assert any("Revoked someone (browser) from 192.168.1.44" in s for s in said)
        # a browser joining meanwhile shows up without reopening the list
        sessions.create(new_token(), server_pid=os.getpid(), now=fake_time.now(),
                        address="192.168.1.50")
        await wait_until(pilot, lambda: table.row_count == 2, what="the new browser listed")
        await pilot.press("escape")
        await pilot.pause()
        live_screen(app)


async def test_a_note_taker_cannot_open_the_list(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    dan_drives(store, meeting, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert not live_screen(app).role.driving
        await pilot.press("ctrl+b")
        await pilot.pause()
        live_screen(app)
