"""No fault loses a word: a busy lock, a real full disk, an item deleted by someone else.

Pilot runs of the live screen.  The lock is held by another file handle on the store's
`.lock` (to the store that is another program: flock is per open file); the full disk is a
real small tmpfs, mounted for the test when this runs as root (skipped, saying why, if not).
Each case checks the words and the item are still there, in memory and on screen, what the
user is told, and that trying again once the fault is gone saves them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from textual.pilot import Pilot
from textual.widgets import Input, Label

from peertui.store import Store
from peertui.store.layout import lock_path
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.live.edit_item import EditItem
from peertui.ui.screens.live.screen import BUSY_SAVING, LiveScreen
from tests.fakes import FakeTime
from tests.reliability.figures import add
from tests.reliability.test_forms import label_text, live_app
from tests.ui.helpers import live_screen, wait_until


async def type_note(pilot: Pilot[None], screen: LiveScreen, text: str) -> Input:
    box = screen.query_one("#note-text", Input)
    box.value = text
    box.focus()
    await pilot.press("enter")
    await pilot.pause()
    return box


async def loop_stays_free(seconds: float) -> float:
    """Let the app run for *seconds*; the longest the event loop was ever held, in s."""
    worst, last = 0.0, time.perf_counter()
    end = last + seconds
    while (now := time.perf_counter()) < end:
        worst = max(worst, now - last)
        last = now
        await asyncio.sleep(0.01)
    return worst


async def test_a_save_waits_for_a_busy_lock_behind_the_screen(store: Store,
                                                              fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        other = FileLock(lock_path(store.root))  # another program's hold on the store
        other.acquire()
        try:
            started = time.perf_counter()
            box = await type_note(pilot, screen, "Priya will share the cut-over plan")
            pressed = time.perf_counter() - started
            assert BUSY_SAVING[:20] in label_text(pilot, "#note-error")
            assert box.value == "Priya will share the cut-over plan"  # kept while it waits
            assert store.items(screen.meeting_id) == ()
            held = await loop_stays_free(1.0)  # the countdown and the keys carry on
            assert pressed < 2.0 and held < 0.5, (pressed, held)
            await pilot.press("escape")  # leaving would drop the waiting words: refused
            assert app.screen is screen
        finally:
            other.release()
        await wait_until(pilot, lambda: bool(store.items(screen.meeting_id)),
                         what="the waiting save lands once the lock is free")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)] == [
            "Priya will share the cut-over plan"]
        assert box.value == ""
        assert label_text(pilot, "#note-error") == ""
        assert [i.text for i in screen.live.items] == ["Priya will share the cut-over plan"]
        add("busy_lock_saves_kept")
        add("busy_lock_longest_block_ms", round(held * 1000))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a tmpfs, which only root can mount here")
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the filler, whose removal frees it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


async def test_a_full_disk_keeps_every_word_and_item(small_disk: Path,
                                                     fake_time: FakeTime) -> None:
    store = Store.open(small_disk / "store")
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await type_note(pilot, screen, "First note, saved before the disk filled")
        assert len(store.items(screen.meeting_id)) == 1
        filler = fill(small_disk)

        # a note: refused, kept in the box, said under it
        box = await type_note(pilot, screen, "Dan owns the vendor call")
        assert "Not saved" in label_text(pilot, "#note-error")
        assert "disk is full" in label_text(pilot, "#note-error")
        assert box.value == "Dan owns the vendor call"

        # an edit: the dialog comes back with the words and the reason
        screen.query_one("#feed").focus()
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, EditItem)
        dialog.query_one("#note-text", Input).value = "First note, edited on a full disk"
        await pilot.press("enter")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, EditItem)
        assert again.query_one("#note-text", Input).value == "First note, edited on a full disk"
        assert "disk is full" in str(again.query_one("#note-error", Label).render())

        # space back: Enter in the same dialog saves the same words
        filler.unlink()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert [i.text for i in store.items(screen.meeting_id)] == [
            "First note, edited on a full disk"]

        # a delete, then the disk fills: undo keeps the item until it can be saved
        screen.query_one("#feed").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert store.items(screen.meeting_id) == ()
        filler = fill(small_disk)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.items(screen.meeting_id) == ()
        filler.unlink()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)] == [
            "First note, edited on a full disk"]

        # and the note still in the box saves now
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)][-1] == "Dan owns the vendor call"
        assert app.is_running
        add("full_disk_words_kept", 3)


async def test_an_edit_of_an_item_deleted_elsewhere_can_be_saved_as_new(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await type_note(pilot, screen, "Budget 20% contingency")
        item = store.items(screen.meeting_id)[0]
        screen.query_one("#feed").focus()
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, EditItem)
        store.remove_item(screen.meeting_id, item.id)  # another note-taker, meanwhile
        dialog.query_one("#note-text", Input).value = "Budget 25% contingency, agreed"
        await pilot.press("enter")
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, Confirm)
        assert "deleted" in offer.question and "25% contingency" in offer.question
        await pilot.press("y")
        await pilot.pause()
        saved = store.items(screen.meeting_id)
        assert [(i.id, i.text) for i in saved] == [(item.id, "Budget 25% contingency, agreed")]
        assert isinstance(app.screen, LiveScreen)


async def test_a_clock_key_waits_for_a_busy_lock_and_a_second_one_is_not_queued(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        said = []
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        before = screen.live.state().index
        other = FileLock(lock_path(store.root))
        other.acquire()
        try:
            await pilot.press("f4")
            await pilot.press("f4")  # a second Next while the first waits: not sent
            held = await loop_stays_free(0.5)
            assert held < 0.5, held
            assert screen.live.state().index == before
            assert any("Saving" in m for m in said) and any("not sent" in m for m in said)
        finally:
            other.release()
        await wait_until(pilot, lambda: screen.live.state().index == before + 1,
                         what="the first Next lands once the lock is free")
        await pilot.pause(0.3)
        assert screen.live.state().index == before + 1  # one Next, not two
        assert [e.type for e in store.meeting(screen.meeting_id).events].count("next") == 1


async def test_ending_with_words_in_the_note_box_names_them(store: Store,
                                                           fake_time: FakeTime) -> None:
    """F8 leaves the screen: words typed and not yet saved are named in the question, and
    Cancel keeps them in the box, where Enter saves them."""
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        box = screen.query_one("#note-text", Input)
        box.value = "Grace will call the insurer"
        await pilot.press("f8")
        question = app.screen
        assert isinstance(question, Confirm)
        assert "not saved" in question.question and "Grace will call the insurer" in \
            question.question
        await pilot.press("escape")
        assert app.screen is screen and box.value == "Grace will call the insurer"
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)] == ["Grace will call the insurer"]
        await pilot.press("f8")
        assert isinstance(app.screen, Confirm) and "not saved" not in app.screen.question
