"""The note-taker's flow: a typed name and due phrase fill the fields before Enter, the kind
goes back after a save, and the reflection defaults to the presenter's commitment."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, Select

from peertui.store import Store
from peertui.ui.screens.live.edit_item import EditItem
from peertui.ui.screens.live.screen import LiveScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import live_screen, member_id, type_into, wait_until


def reading_line(screen: LiveScreen) -> str:
    return str(screen.query_one("#note-error", Label).render())


async def put(pilot: Pilot[None], text: str) -> None:
    """The note box holds *text*, as after a paste (the same Changed event as typing)."""
    box = pilot.app.screen.query_one("#note-text", Input)
    box.focus()
    box.value = text
    await pilot.pause()


async def test_an_action_typed_in_one_line_shows_its_owner_and_due_date(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await type_into(pilot, "#note-text", "a: Tom Becker run a restore test, in 2 weeks")
        await pilot.pause()
        tom = member_id(app, "Tom")
        assert screen.query_one("#kind", Select).value == "action"  # before Enter
        assert screen.query_one("#owner", Select).value == tom
        assert screen.query_one("#due", Input).value == "in 2 weeks"
        shown = reading_line(screen)
        assert "owner Tom Becker" in shown and "due " in shown, shown
        await pilot.press("enter")
        await pilot.pause()
        item = store.items(screen.meeting_id)[-1]
        assert (item.kind, item.text, item.owner_id, item.due_text) == (
            "action", "Run a restore test", tom, "in 2 weeks")
        assert date.fromisoformat(item.due) > date.fromisoformat(item.at[:10])
        # the kind goes back to Note, as Private does: the next plain note is a note
        assert screen.query_one("#kind", Select).value == "note"
        await type_into(pilot, "#note-text", "The board liked the plan")
        await pilot.press("enter")
        await pilot.pause()
        assert store.items(screen.meeting_id)[-1].kind == "note"


async def test_a_recommendation_and_a_note_name_their_person(store: Store,
                                                             fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "r: Grace: budget 20% contingency")
        await pilot.pause()
        grace = member_id(app, "Grace")
        assert screen.query_one("#giver", Select).value == grace
        await pilot.press("enter")
        await pilot.pause()
        await put(pilot, "Priya: we moved the cut-over")
        await pilot.press("enter")
        await pilot.pause()
        rec, note = store.items(screen.meeting_id)[-2:]
        assert (rec.kind, rec.giver_id, rec.text) == ("recommendation", grace,
                                                      "Budget 20% contingency")
        assert (note.kind, note.speaker_id, note.text) == (
            "note", member_id(app, "Priya"), "We moved the cut-over")


async def test_a_date_that_does_not_read_says_so_before_enter(store: Store,
                                                              fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "a: Dan send the deck")
        screen.query_one("#due", Input).value = "someday"
        await put(pilot, "a: Dan send the deck soon")
        assert "due 'someday'?" in reading_line(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert store.items(screen.meeting_id) == ()
        assert "Cannot read 'someday'" in reading_line(screen)


async def test_the_reflection_defaults_to_the_presenters_commitment(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        reflection = next(s.index for s in screen.live.state().slots
                          if s.slot.segment_key == "reflection")
        for _ in range(reflection):
            await pilot.press("f4")
        await pilot.pause()
        presenter = screen.live.record.presenter_id
        assert screen.query_one("#kind", Select).value == "action"
        assert screen.query_one("#owner", Select).value == presenter
        await put(pilot, "I will run the pilot with two plants by Friday")
        await pilot.press("enter")
        await pilot.pause()
        item = store.items(screen.meeting_id)[-1]
        assert (item.kind, item.owner_id, item.due_text) == ("action", presenter, "Friday")
        assert screen.query_one("#kind", Select).value == "action"  # still the reflection


async def test_an_edit_changes_every_field(store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "Send the vendor shortlist")
        await pilot.press("enter")
        await pilot.pause()
        note = store.items(screen.meeting_id)[-1]
        screen.query_one("#feed").focus()
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, EditItem)
        assert dialog.query_one("#note-text", Input).value == "Send the vendor shortlist"
        dialog.query_one("#kind", Select).value = "action"
        await pilot.pause()
        mei = member_id(app, "Mei")
        dialog.query_one("#owner", Select).value = mei
        dialog.query_one("#due", Input).value = "next week"
        dialog.query_one("#private", Checkbox).value = True
        dialog.query_one("#note-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        item = store.items(screen.meeting_id)[-1]
        assert (item.id, item.at, item.kind, item.owner_id, item.due_text, item.private,
                item.status) == (note.id, note.at, "action", mei, "next week", True, "open")


async def test_undo_puts_an_item_back_in_its_place_in_time(store: Store,
                                                           fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        for text in ("First", "Second", "Third"):
            await put(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            fake_time.advance(5)
        feed = screen.query_one("#feed")
        feed.focus()
        await pilot.press("up")  # from the newest to the middle one
        await pilot.press("delete")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)] == ["First", "Third"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)] == ["First", "Second", "Third"]
        assert [i.text for i in screen.live.items] == ["First", "Second", "Third"]


async def test_a_meeting_ended_elsewhere_closes_this_screen_and_keeps_the_words(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.services.live import Draft, LiveMeeting
    from peertui.ui.screens.home import HomeScreen

    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        said: list[str] = []
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        screen.query_one("#note-text", Input).value = "A late thought about the vendor"
        other = LiveMeeting(store, screen.meeting_id, fake_time)  # the driver, elsewhere
        other.act("end")
        fake_time.advance(1)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen),
                         what="the note-taker's screen leaves the ended meeting")
        assert any("has ended" in m and "A late thought" in m for m in said), said
        with pytest.raises(ValueError, match="has ended"):
            other.capture(Draft(kind="note", text="After the end"), TODAY)
        assert all(i.text != "After the end" for i in store.items(screen.meeting_id))


async def test_a_name_the_form_cannot_offer_is_said_not_set(store: Store,
                                                            fake_time: FakeTime) -> None:
    """A retired member named in a note: read and said, but not forced into a field that
    does not offer them (a Select refuses a value it does not list)."""
    from peertui.domain.inline import Reading
    from peertui.ui.widgets.note_form import NoteForm

    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        form = screen.query_one(NoteForm)
        owner = screen.query_one("#owner", Select).value
        form.show_reading(Reading("action", "Call the auditors", person_id="retired-id",
                                  person_name="Old Member"), "")
        await pilot.pause()
        assert screen.query_one("#owner", Select).value == owner
        assert "owner Old Member" in reading_line(screen)


async def test_ctrl_t_marks_the_note_being_typed_private_and_keeps_the_words(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await type_into(pilot, "#note-text", "Mei is talking to a rival about a job")
        screen.query_one("#feed").focus()  # from anywhere on the screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        box = screen.query_one("#note-text", Input)
        assert screen.query_one("#private", Checkbox).value is True
        assert box.has_focus and box.value == "Mei is talking to a rival about a job"
        await pilot.press("enter")
        await pilot.pause()
        item = store.items(screen.meeting_id)[-1]
        assert (item.text, item.private) == ("Mei is talking to a rival about a job", True)
        assert screen.query_one("#private", Checkbox).value is False  # the next one is not
        await pilot.press("ctrl+t", "ctrl+t")
        assert screen.query_one("#private", Checkbox).value is False


async def test_fast_typing_after_enter_starts_the_next_note(store: Store,
                                                            fake_time: FakeTime) -> None:
    """Keys typed straight after Enter belong to the next note, not the one being saved."""
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        screen.query_one("#note-text", Input).focus()
        # as a terminal delivers a burst: every key queued before the first is handled
        # (pilot.press would wait for each key in turn, and never show the race)
        for key in [*"first", "enter", *"d: second"]:
            name = {" ": "space", ":": "colon"}.get(key, key)
            app.post_message(events.Key(name, None if key == "enter" else key))
        await pilot.pause()
        await pilot.pause()
        assert [i.text for i in store.items(screen.meeting_id)][-1:] == ["first"]
        assert screen.query_one("#note-text", Input).value == "d: second"
        await pilot.press("enter")
        await pilot.pause()
        last = store.items(screen.meeting_id)[-1]
        assert (last.kind, last.text) == ("decision", "second")
