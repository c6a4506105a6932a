"""The pulse in the app: `p:` in the updates round, read before Enter, saved private; the
chair's mark on the next roll call; the life areas renamed in the group settings."""

from __future__ import annotations

from typing import Any

import pytest
from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Input, Label, SelectionList

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.records import Meeting, Pulse, Slot
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.pulse_trend import NO_PULSE, PulseTrend
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


def ended(ident: str, group_id: str, day: str, pulse: dict[str, Pulse]) -> Meeting:
    """A past meeting that ran and ended, with these pulses."""
    return Meeting(id=ident, group_id=group_id, date=day, pulse=pulse,
                   slots=(Slot(segment_key="updates", segment_title="Updates", title="U",
                               planned=60),),
                   events=(make_event("start", 0.0), make_event("end", 60.0)))


def past_pulses(store: Store, member_id: str, group_id: str) -> None:
    """Two ended meetings where the member rated work 8, then 4."""
    for day, score in (("2026-07-01", 8), ("2026-09-01", 4)):
        store.create_meeting(ended(f"{day}-p", group_id, day,
                                   {member_id: Pulse(scores={"work": score, "family": 6})}))


async def test_rating_alert_the_roll_call_marks_a_member_whose_pulse_fell_3(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    priya, tom = group.active_members[1], group.active_members[2]
    past_pulses(store, priya.id, group.id)
    store.create_meeting(ended("2026-09-02-t", group.id, "2026-09-02",
                               {tom.id: Pulse(scores={"work": 5})}))
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        roll = app.screen.query_one("#rollcall", SelectionList)
        prompts = {roll.get_option_at_index(i).value: str(roll.get_option_at_index(i).prompt)
                   for i in range(roll.option_count)}
        assert prompts[priya.id] == f"{priya.name}  work ↓4 since last time"
        assert prompts[tom.id] == tom.name, "rated once: nothing to compare"
        row = next(r for r in screen_rows(app) if priya.name in r)
        assert "work ↓4" in row, f"the mark is seen at 80 columns: {row!r}"


def screen_rows(app: Any) -> list[str]:
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for segment in strip) for strip in update.strips]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_the_life_areas_are_renamed_from_homes_palette_action(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    group = load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.screen.run_action("group_screen('life_areas')")
        await pilot.pause()
        box = app.screen.query_one("#areas", Input)
        assert box.value == "work, family, personal"
        assert box.region.right <= size[0]
        box.value = "Health, wealth, health"
        await pilot.press("enter")
        await pilot.pause()
        assert "'health' is there twice" in str(app.screen.query_one("#areas-error",
                                                                    Label).render())
        box.value = "health, wealth, love, happiness"
        await pilot.press("enter")
        await pilot.pause()
    saved = store.group(group.id)
    assert saved is not None and saved.life_areas == ["health", "wealth", "love", "happiness"]


async def test_the_member_views_pulse_trend_has_a_line_per_area_on_the_1_to_10_scale(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    priya, tom = group.active_members[1], group.active_members[2]
    past_pulses(store, priya.id, group.id)  # work 8 then 4, family 6 twice
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.mount(PulseTrend(priya.id, id="trend"))
        await app.screen.mount(PulseTrend(tom.id, id="none"))
        await pilot.pause()
        rows = [" ".join(str(label.render()) for label in row.query(Label))
                for row in app.screen.query_one("#trend").query(".pulse-row")]
        assert rows == ["work   ▆▃ 8 → 4 (2 ratings)", "family ▅▅ 6 → 6 (2 ratings)"]
        assert NO_PULSE in " ".join(str(label.render())
                                    for label in app.screen.query_one("#none").query(Label))
