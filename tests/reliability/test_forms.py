"""Every form, fed what people really type and paste: an inline message or a clean result.

Pilot tests: the welcome form (group name), the home add-member form, the setup durations and
the live note form (1 MB pastes, escape sequences, markup look-alikes, right-to-left text and
emoji), and a save that fails mid-meeting (full disk): the error shows under the note box and
the typed text stays.  Each form runs all its cases in one app session, to keep the suite fast.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label

from peertui.domain.text import clean_text
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store, StoreError
from peertui.store import atomic as atomic_mod
from peertui.ui.app import PeerApp, create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.figures import add
from tests.ui.helpers import live_screen, wait_until

SIZE = (120, 36)
MEGABYTE = ("Notes from the deep dive, pasted whole. " * 26_000)[:1_000_000]
ESCAPES = "\x1b[2J\x1b[31mred alert\x1b[0m \x1b]0;pwned title\x07\x9b1m \x07\x08done"
RTL_EMOJI = "שלום Priya 👋🏽 مرحبا — 数据迁移 ✓"
MARKUP = "[b]not bold[/b] [/] [link=http://x]x[/link] [$error]"
CONTROL = ({chr(c) for c in range(32)} - {"\n", "\t"}) | {"\x7f"} | \
    {chr(c) for c in range(0x80, 0xA0)}


def clean(text: str) -> bool:
    """No escape or control character survived into what was saved."""
    return not (set(text) & CONTROL)


async def paste(pilot: Pilot[None], selector: str, text: str) -> Input:
    """A terminal paste into an input: one Paste event, as bracketed paste delivers it."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    widget.post_message(events.Paste(text))
    await pilot.pause()
    return widget


def label_text(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).render())


@asynccontextmanager
async def live_app(store: Store, time: FakeTime) -> AsyncIterator[tuple[PeerApp, Pilot[None]]]:
    """The app reopened on a running meeting of the sample group: live screen, note box focused."""
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "Forms", TODAY)
    create_meeting(store, record)
    LiveMeeting(store, record.id, time).act("start")
    app = create_app(store, time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = live_screen(app)
        # Started: the clock claimed and shown (a test that then holds the store's lock
        # must not catch the claim on a loaded machine: it would wait for the lock).
        await wait_until(pilot, lambda: screen.state is not None, what="the live screen")
        yield app, pilot


# -- welcome: the group name ----------------------------------------------------------------

WELCOME_CASES = {"empty": "", "blank": "   \t ", "1 MB": MEGABYTE, "81 chars": "x" * 81,
                 "escapes": ESCAPES, "markup": MARKUP, "rtl and emoji": RTL_EMOJI}


async def test_welcome_group_name(tmp_path: Path, fake_time: FakeTime) -> None:
    from peertui.ui.screens.welcome import WelcomeScreen

    store = Store.open(tmp_path / "store")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for case, typed in WELCOME_CASES.items():
            if not isinstance(app.screen, WelcomeScreen):
                await app.push_screen(WelcomeScreen())
                await pilot.pause()
            before = len(store.groups())
            field = await paste(pilot, "#group-name", typed)
            await pilot.press("enter")
            await pilot.pause()
            groups = store.groups()
            cleaned = " ".join(clean_text(typed).split())
            if cleaned and len(cleaned) <= 80:
                assert len(groups) == before + 1, case
                assert clean(groups[-1].name) and groups[-1].name == cleaned, case
            else:
                message = label_text(pilot, "#group-error")
                assert len(groups) == before, case
                assert message and len(message) < 200, case
                assert field.value == typed, f"{case}: the typed name was not kept"
            add("pilot_inputs_tried")


# -- home: add a member ---------------------------------------------------------------------

MEMBER_CASES = {"blank": "   ", "1 MB": MEGABYTE, "escapes": ESCAPES, "markup": MARKUP,
                "rtl and emoji": RTL_EMOJI, "81 chars": "A" * 81}


def errors_on(screen: object) -> str:
    """Every inline error message on a screen, joined."""
    labels = screen.query(".error")  # type: ignore[attr-defined]
    return " ".join(str(label.render()) for label in labels if str(label.render()).strip())


async def test_home_add_member(store: Store, fake_time: FakeTime) -> None:
    """Home, a: the member form.  Saved clean, or a message beside the field and text kept."""
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        for case, typed in MEMBER_CASES.items():
            before = len(app.group.members)
            await pilot.press("a")
            await pilot.pause()
            form = app.screen
            assert form is not home, case
            field = await paste(pilot, "#name", typed)
            await pilot.press("enter")
            await pilot.pause()
            members = app.group.members
            cleaned = " ".join(clean_text(typed).split())
            if cleaned and len(cleaned) <= 80:
                assert len(members) == before + 1, f"{case}: {errors_on(form)}"
                assert clean(members[-1].name) and members[-1].name == cleaned, case
            else:
                assert len(members) == before, case
                message = errors_on(form)
                assert message and len(message) < 300 and clean(message), f"{case}: {message}"
                # a paste longer than the box's max_length is refused whole by Textual's Input
                assert app.screen is form and typed.startswith(field.value), case
                await pilot.press("escape")
                await pilot.pause()
            assert app.screen is home, case
            add("pilot_inputs_tried")


# -- setup: durations -----------------------------------------------------------------------

DURATIONS = [("0", False), ("-1", True), ("abc", None), ("9999", False), ("600", True),
             ("601", False), ("12345", False), ("", False), ("15", True)]


async def test_setup_durations(store: Store, fake_time: FakeTime) -> None:
    """0, -1, 'abc', huge: an inline message, or the keystroke refused; never a bad total."""
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        field = app.screen.query_one("#dur-0", Input)
        for typed, accepted in DURATIONS:
            field.focus()
            field.value = ""
            await pilot.pause()
            for ch in typed:
                await pilot.press(ch if ch != "-" else "minus")
            await pilot.pause()
            error = label_text(pilot, "#dur-0-error")
            if accepted is None:  # the field refuses non-digits outright
                assert field.value == "", typed
            elif accepted:
                assert error == "", f"{typed!r}: {error}"
            else:
                assert error and len(error) < 100, f"{typed!r} got no message"
                await pilot.press("f2")  # start: refused, and no meeting is made
                await pilot.pause()
                assert [m for m in store.meetings() if m.status != "ended"] == [], typed
            assert "Total" in str(app.screen.query_one("#total").render())
            add("pilot_inputs_tried")


# -- live: the note form --------------------------------------------------------------------

NOTES = [(ESCAPES, "red alert 1m done"), (MARKUP, MARKUP), (RTL_EMOJI, RTL_EMOJI),
         ("tab\there", "tab\there")]
DUES = ["[/]", "\x1b[31m2026-12-15", "in 99999 weeks", "31/02/2026", "x" * 5000, "tomorrow\x00",
        "2026-02-30", "", "next meeting", "in 2 weeks"]


async def test_note_form(store: Store, fake_time: FakeTime) -> None:
    """1 MB paste, escapes, markup, RTL, emoji, and due dates of every kind, in one meeting."""
    from textual.widgets import Select

    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        field = await paste(pilot, "#note-text", MEGABYTE)
        await pilot.press("enter")
        await pilot.pause()
        message = label_text(pilot, "#note-error")
        assert "20,000" in message and "Split it" in message, message
        assert field.value == MEGABYTE, "the pasted text was not kept"
        assert store.items(screen.meeting_id) == ()
        add("pilot_inputs_tried")

        for typed, expected in NOTES:
            await paste(pilot, "#note-text", typed)
            await pilot.press("enter")
            await pilot.pause()
            saved = store.items(screen.meeting_id)[-1].text
            assert clean(saved) and saved.split() == expected.split(), repr(saved)
            assert field.value == "", label_text(pilot, "#note-error")
            add("pilot_inputs_tried")
        feed = screen.query_one("#feed")
        for n in range(feed.row_count):  # type: ignore[attr-defined]
            row = feed.get_row_at(n)  # type: ignore[attr-defined]
            assert all(clean(str(cell)) for cell in row)

        screen.query_one("#kind", Select).value = "action"
        owner = app.group.members[1].id
        screen.query_one("#owner", Select).value = owner
        await pilot.pause()
        for due in DUES:
            count = len(store.items(screen.meeting_id))
            screen.query_one("#due", Input).value = due
            field.value = "Send the integrator shortlist"
            field.focus()
            await pilot.press("enter")
            await pilot.pause()
            items = store.items(screen.meeting_id)
            message = label_text(pilot, "#note-error")
            if len(items) > count:
                assert items[-1].due and clean(items[-1].due_text), due
            else:
                assert message and clean(message) and len(message) < 300, f"{due!r}: {message!r}"
                assert field.value == "Send the integrator shortlist", due
            screen.query_one("#kind", Select).value = "action"
            add("pilot_inputs_tried")
        await pilot.press("f4")  # after all that, still alive and driving the clock
        await pilot.pause()
        assert screen.live.state().index == 1


def _full_disk(fd: int, data: bytes) -> None:
    import os

    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_failed_save_keeps_the_text(store: Store, fake_time: FakeTime,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A real full disk mid-save, a StoreError, a bare OSError: message under the box, text
    kept, file untouched; once space is back, Enter saves the same text."""
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        path = store.root / "meetings" / f"{screen.meeting_id}.json"
        note = screen.query_one("#note-text", Input)
        for n, failure in enumerate(["disk full", "store error", "raw OSError"]):
            before = path.read_bytes()
            if failure == "disk full":
                monkeypatch.setattr(atomic_mod, "_write_all", _full_disk)
            else:
                def broken(*args: object, failure: str = failure, **kwargs: object) -> None:
                    if failure == "store error":
                        raise StoreError(path, "the disk is full, so it could not be saved",
                                         "Free some disk space, then try again.")
                    raise OSError(errno.ENOSPC, "No space left on device")
                monkeypatch.setattr(type(store), "add_item", broken)
            text = f"Art will call the two references before Friday ({n})"
            note.value = text
            note.focus()
            await pilot.press("enter")
            await pilot.pause()
            message = label_text(pilot, "#note-error")
            assert "Not saved" in message and ("disk" in message or "space" in message), message
            assert note.value == text and note.has_focus, failure
            assert path.read_bytes() == before, f"{failure}: a failed save changed the file"
            assert [p.name for p in path.parent.iterdir() if ".tmp-" in p.name] == [], failure
            monkeypatch.undo()  # space freed: Enter again saves the same text
            await pilot.press("enter")
            await pilot.pause()
            assert store.items(screen.meeting_id)[-1].text == text, failure
            assert label_text(pilot, "#note-error") == "", failure
            add("pilot_inputs_tried")
