"""Names, not processes (issue 13.3): a terminal asks once who uses the machine, the lease
and the headers say "Name on host", and the palette changes the name."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from textual.widgets import OptionList

from peertui.services.driver import describe
from peertui.services.machine import SETTINGS_FILE, load_machine, save_machine_name
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.commands import machine_entries
from peertui.ui.screens.who_is_here import CHANGE_TITLE, WhoIsHere, change_my_name
from peertui.web.keys import new_token
from peertui.web.sessions import SESSION_ENV, SessionRegistry
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, notifications, wait_until

SIZE = (120, 36)
HOST = socket.gethostname()


def never_asked(config: Path) -> None:
    (config / SETTINGS_FILE).unlink()
    assert load_machine() is None


async def test_the_first_live_meeting_asks_the_name_and_the_second_does_not(
        store: Store, fake_time: FakeTime, machine_config: Path) -> None:
    never_asked(machine_config)
    meeting = start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WhoIsHere),
                         what="the name question over the live meeting")
        group = app.group
        assert group is not None
        names = [m.name for m in group.active_members]
        choices = app.screen.query_one("#who-list", OptionList)
        shown = [str(choices.get_option_at_index(i).prompt)
                 for i in range(choices.option_count)]
        assert shown[:-1] == names and shown[-1].startswith("Someone else")
        await pilot.press("down", "enter")  # the roster's second name
        await pilot.pause()
        chosen = names[1]
        settings = load_machine()
        assert settings is not None and settings.name == chosen
        screen = live_screen(app)
        assert screen.role.driving
        lease = store.read_lease(meeting)
        assert lease is not None and lease.name == chosen
        assert describe(lease) == f"{chosen} on {HOST}"
        assert f"driving as {chosen} on {HOST}" in screen.sub_title

    again = create_app(store, fake_time, today=TODAY)
    async with again.run_test(size=SIZE) as pilot:  # the same machine: never asked again
        await pilot.pause()
        screen = live_screen(again)
        assert not isinstance(again.screen, WhoIsHere)
        assert screen.role.name == chosen

        # a second terminal on this store reads the driver by name and machine
        notes_app = create_app(store, fake_time, today=TODAY)
        said = notifications(notes_app)
        async with notes_app.run_test(size=SIZE) as notes:
            await notes.pause()
            taking = live_screen(notes_app)
            assert not taking.role.driving
            assert taking.sub_title.endswith(
                f"note-taker: {chosen} on {HOST} · {chosen} on {HOST} drives the clock")
            assert any(f"The clock is driven by {chosen} on {HOST}: you are the note-taker"
                       in message for message in said), said


async def test_skipping_the_question_is_remembered_and_shows_the_process(
        store: Store, fake_time: FakeTime, machine_config: Path) -> None:
    never_asked(machine_config)
    meeting = start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WhoIsHere))
        await pilot.press("escape")
        await pilot.pause()
        live_screen(app)
        settings = load_machine()
        assert settings is not None and settings.name == "", "asked once: skipping answers"
        lease = store.read_lease(meeting)
        assert lease is not None and describe(lease) == f"process {lease.pid} on {HOST}"


async def test_someone_else_types_a_name(store: Store, fake_time: FakeTime,
                                         machine_config: Path) -> None:
    never_asked(machine_config)
    start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WhoIsHere))
        choices = app.screen.query_one("#who-list", OptionList)
        choices.highlighted = choices.option_count - 1
        await pilot.press("enter")
        for key in ("G", "u", "e", "s", "t"):
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert live_screen(app).role.name == "Guest"
        settings = load_machine()
        assert settings is not None and settings.name == "Guest"


async def test_the_palette_changes_the_name_and_the_lease_follows(
        store: Store, fake_time: FakeTime) -> None:
    save_machine_name("Priya")
    meeting = start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = live_screen(app)
        assert [e.title for e in machine_entries(screen)] == [CHANGE_TITLE]
        lease = store.read_lease(meeting)
        assert lease is not None and describe(lease) == f"Priya on {HOST}"
        change_my_name(app)
        await pilot.pause()
        assert isinstance(app.screen, WhoIsHere)
        choices = app.screen.query_one("#who-list", OptionList)
        choices.highlighted = choices.option_count - 1
        await pilot.press("enter", "D", "a", "n", "enter")
        await pilot.pause()
        assert live_screen(app) is screen
        settings = load_machine()
        assert settings is not None and settings.name == "Dan"
        lease = store.read_lease(meeting)
        assert lease is not None and describe(lease) == f"Dan on {HOST}", "the lease follows"
        assert f"driving as Dan on {HOST}" in screen.sub_title

        change_my_name(app)  # Esc when changing leaves the name as it was
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        settings = load_machine()
        assert settings is not None and settings.name == "Dan"


async def test_the_palette_offers_the_change_by_its_title(store: Store,
                                                          fake_time: FakeTime) -> None:
    start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        live_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "change my name":
            await pilot.press("space" if key == " " else key)
        await wait_until(pilot, lambda: CHANGE_TITLE in " ".join(
            str(option.prompt) for option in app.screen.query_one(OptionList).options),
            what="the palette listing the entry")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WhoIsHere))


async def test_a_browser_is_never_asked_the_machine_s_name(
        store: Store, fake_time: FakeTime, machine_config: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser of `peertui serve` is named by its session, not by the serving machine."""
    never_asked(machine_config)
    start_meeting(store, fake_time)
    sessions = SessionRegistry(store.root, store.locked)
    session = sessions.create(new_token(), server_pid=os.getpid(), now=fake_time.now())
    sessions.set_name(session.id, "Priya")
    monkeypatch.setenv(SESSION_ENV, session.id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = live_screen(app)
        assert not isinstance(app.screen, WhoIsHere)
        assert screen.role.name == "Priya" and screen.role.me() == "Priya (browser)"
        assert machine_entries(screen) == []
    assert load_machine() is None, "nothing written to the machine's settings"


def test_the_settings_file_is_private_and_a_damaged_one_asks_again(
        machine_config: Path) -> None:
    path = machine_config / SETTINGS_FILE
    assert save_machine_name("  Priya   Raman ").name == "Priya Raman"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_machine()
    assert loaded is not None and loaded.name == "Priya Raman"
    path.write_bytes(b"{not json")
    assert load_machine() is None, "a damaged file: the question comes back"
    with pytest.raises(ValueError, match="cannot be empty"):
        save_machine_name("   ")
