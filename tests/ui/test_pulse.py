"""The pulse in the app: `p:` in the updates round, read before Enter, saved private; the
chair's mark on the next roll call; the life areas renamed in the group settings."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Input, Label

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.records import Meeting, Pulse
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown, live_screen, type_into, wait_until


def running(store: Store, fake_time: FakeTime) -> Meeting:
    group = load_sample(store, TODAY)
    present = [m.id for m in group.members if m.active]
    planned = new_meeting(group, group.template or default_template(), present, present[0],
                          "A topic", TODAY)
    meeting = replace(planned, events=(make_event("start", fake_time.now()),))
    create_meeting(store, meeting)
    return meeting


async def to_updates(pilot: Pilot[Any]) -> str:
    """Move the clock to the updates round; the speaker of the moment's id."""
    await clock_shown(pilot)
    screen = live_screen(pilot.app)
    while (current := screen.live.state().current) is not None \
            and current.slot.segment_key != "updates":
        await pilot.press("f4")
        await pilot.pause()
    await clock_shown(pilot)
    current = screen.live.state().current
    assert current is not None and current.slot.speaker_id
    return current.slot.speaker_id


def said(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#note-error", Label).render())


async def test_p_colon_in_the_updates_round_saves_the_speakers_private_pulse(
        store: Store, fake_time: FakeTime) -> None:
    meeting = running(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        speaker = await to_updates(pilot)
        name = app.group.name_of(speaker) if app.group else ""
        await type_into(pilot, "#note-text", "p: 7 8 6")
        await pilot.pause()
        assert f"Pulse of {name} (private): work 7 · family 8 · personal 6" in said(pilot)
        items_before = len(store.items(meeting.id))
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(store.meeting(meeting.id).pulse),  # type: ignore[union-attr]
                         what="the pulse saved")
        record = store.meeting(meeting.id)
        assert record is not None
        assert record.pulse[speaker].scores == {"work": 7, "family": 8, "personal": 6}
        assert record.pulse[speaker].private
        assert len(store.items(meeting.id)) == items_before, "a pulse is not a note"
        await wait_until(pilot, lambda: app.screen.query_one("#note-text", Input).value == "")


async def test_a_bad_pulse_says_why_and_keeps_the_words(store: Store,
                                                        fake_time: FakeTime) -> None:
    meeting = running(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_updates(pilot)
        await type_into(pilot, "#note-text", "p: 7 12")
        await pilot.press("enter")
        await pilot.pause()
        assert "from 1 to 10" in said(pilot)
        assert app.screen.query_one("#note-text", Input).value == "p: 7 12"
        record = store.meeting(meeting.id)
        assert record is not None and record.pulse == {}


async def test_a_pulse_outside_a_round_is_refused_in_words(store: Store,
                                                           fake_time: FakeTime) -> None:
    meeting = running(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await clock_shown(pilot)  # the welcome: nobody's turn
        await type_into(pilot, "#note-text", "p: 7")
        await pilot.press("enter")
        await pilot.pause()
        assert "in a round such as the updates" in said(pilot)
        record = store.meeting(meeting.id)
        assert record is not None and record.pulse == {}


def past_pulses(store: Store, member_id: str, group_id: str) -> None:
    """Two ended meetings where the member rated work 8, then 4."""
    for day, score in (("2026-07-01", 8), ("2026-09-01", 4)):
        meeting = Meeting(id=f"{day}-p", group_id=group_id, date=day,
                          pulse={member_id: Pulse(scores={"work": score, "family": 6})})
        store.create_meeting(meeting)
