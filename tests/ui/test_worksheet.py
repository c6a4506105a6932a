"""The presenter's worksheet in the app: drafted from home or the roster, saved on the
member, pre-filled in setup and moved into the meeting, shown in the deep dive."""

from __future__ import annotations

from typing import Any

import pytest
from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, Static, TextArea

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event, replay
from peertui.domain.minutes import render_minutes
from peertui.domain.rotation import next_presenter
from peertui.domain.worksheet import QUESTIONS
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.display_app import DisplayApp
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.setup import SetupScreen
from peertui.ui.screens.worksheet import WorksheetScreen
from peertui.ui.widgets.needs_met import NeedsMetRow
from peertui.ui.widgets.now_panel import now_content, now_state
from peertui.ui.widgets.worksheet_fields import WorksheetFields
from peertui.ui.widgets.worksheet_view import in_presentation, worksheet_rows
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown, wait_until

SIZES = [(80, 24), (200, 60)]
ANSWERS = {"issue": "Two ERPs after the acquisition", "why": "Plant B ships late\nevery month",
           "background": "Bought in 2021", "tried": "A shared data warehouse",
           "options": "Merge, replace, or live with both", "decision": "Which ERP by March",
           "want": "How you sequenced yours", "not_want": "Vendor pitches"}


def _next_presenter_id(store: Store) -> str:
    group = store.groups()[0]
    nxt = next_presenter(group.members, store.meetings(group.id))
    assert nxt is not None
    return nxt.id


async def _fill(pilot: Pilot[Any], answers: dict[str, str]) -> None:
    for key, text in answers.items():
        field = pilot.app.screen.query_one(f"#ws-{key}")
        if isinstance(field, TextArea):
            field.text = text
        else:
            assert isinstance(field, Input)
            field.value = text
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_s_on_home_opens_the_next_presenters_worksheet_and_ctrl_s_saves_it(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    load_sample(store, TODAY)
    presenter = _next_presenter_id(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorksheetScreen) and screen.member_id == presenter
        assert screen.query_one("#ws-issue").has_focus
        await _fill(pilot, ANSWERS)
        last = screen.query_one("#ws-not_want")
        last.focus()
        await wait_until(pilot, lambda: last.region.bottom <= size[1] - 1,  # scrolled smoothly
                         what="the last field scrolls into view")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, WorksheetScreen)
    member = store.groups()[0].member(presenter)
    assert member is not None and member.worksheet == ANSWERS


async def test_esc_asks_before_dropping_typed_words(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    presenter = _next_presenter_id(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await _fill(pilot, {"issue": "Half a thought"})
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")  # no: back to the words
        await pilot.pause()
        assert isinstance(app.screen, WorksheetScreen)
        assert app.screen.query_one("#ws-issue", Input).value == "Half a thought"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, WorksheetScreen | Confirm)
    member = store.groups()[0].member(presenter)
    assert member is not None and member.worksheet == {}


async def test_esc_with_nothing_typed_leaves_at_once(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WorksheetScreen | Confirm)


async def test_the_roster_opens_the_highlighted_members_worksheet(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WorksheetScreen)


async def test_setup_prefills_the_presenters_worksheet_moves_it_into_the_meeting_and_clears_it(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    presenter = _next_presenter_id(store)
    with_draft = store.groups()[0]
    member = with_draft.member(presenter)
    assert member is not None
    member.worksheet = {"issue": "Two ERPs", "ask": "old key: what they want"}
    store.save_group(with_draft)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        fields = setup.query_one(WorksheetFields)
        assert fields.values()["issue"] == "Two ERPs"
        assert fields.values()["want"] == "old key: what they want"
        setup.query_one("#ws-decision", Input).value = "Which ERP by March"  # the chair adds
        await pilot.press("f2")
        await wait_until(pilot, lambda: bool(store.meetings(group.id)[-1:])
                         and store.meetings(group.id)[-1].in_progress, what="meeting made")
    record = store.meeting(store.meetings(group.id)[-1].id)
    assert record is not None
    assert record.framing == {"issue": "Two ERPs", "decision": "Which ERP by March",
                              "want": "old key: what they want"}
    member = store.groups()[0].member(presenter)
    assert member is not None and member.worksheet == {}, "presented: the draft is cleared"


async def test_choosing_another_presenter_fills_their_draft_but_keeps_what_was_typed(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    group = store.groups()[0]
    other = group.active_members[-1]
    other.worksheet = {"issue": "Their issue", "tried": "Their tries"}
    store.save_group(group)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        setup.query_one("#ws-options", TextArea).text = "Typed by the chair"
        setup.query_one("#presenter").value = other.id  # type: ignore[attr-defined]
        await pilot.pause()
        values = setup.query_one(WorksheetFields).values()
        assert values["issue"] == "Their issue" and values["tried"] == "Their tries"
        assert values["options"] == "Typed by the chair"


def test_the_now_panel_shows_all_eight_answers_in_the_deep_dive(store: Store) -> None:
    group = load_sample(store, TODAY)
    present = [m.id for m in group.active_members]
    record = new_meeting(group, default_template(), present, present[0], "ERP", TODAY,
                         framing=ANSWERS)
    deep = next(i for i, s in enumerate(record.slots) if s.segment_key == "deepdive")
    events = [make_event("start", 0.0)] + [make_event("next", 1.0 + i) for i in range(deep)]
    record = replace(record, events=tuple(events))
    state = replay(record.slots, record.events, 100.0)
    shown = now_content(now_state(state, record, (), group.names)).plain
    for question in QUESTIONS:
        assert question.label in shown
    assert "Plant B ships late every month" in shown, "a paragraph is wrapped, not cut"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_presenter_says_at_follow_ups_whether_they_got_what_they_needed(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    group = load_sample(store, TODAY)
    past = store.meetings(group.id)[-1]
    present = [m.id for m in group.active_members]
    planned = new_meeting(group, default_template(), present, present[1], "Next", TODAY)
    create_meeting(store, replace(planned, events=(make_event("start", fake_time.now()),)))
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await clock_shown(pilot)
        await pilot.press("f4")  # welcome -> follow-ups
        await clock_shown(pilot)
        row = app.screen.query_one(NeedsMetRow)
        await wait_until(pilot, lambda: row.dive is not None, what="the last deep dive read")
        question = app.screen.query_one("#needs-question", Label)
        assert f"Did {group.name_of(past.presenter_id)} get what they needed?" in str(
            question.render())
        comment = app.screen.query_one("#needs-comment", Input)
        assert comment.region.width > 10 and comment.region.bottom <= size[1]
        comment.value = "The sequencing, not the budget part"
        comment.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Choose yes, partly or no first" in str(
            app.screen.query_one("#needs-message", Label).render())
        app.screen.query_one("#needs-answer", Select).value = "partly"
        await pilot.pause()
    saved = store.meeting(past.id)
    assert saved is not None and saved.needs_met is not None
    assert (saved.needs_met.answer, saved.needs_met.comment) == (
        "partly", "The sequencing, not the budget part")
    assert saved.needs_met.captured_in == planned.id
    text, _ = render_minutes(saved, [], group.names)
    assert (f"- **Did {group.name_of(past.presenter_id)} get what they needed?** "
            "partly: The sequencing, not the budget part") in text


# -- the projector shows the worksheet during the presentation ---------------------------

def test_the_projector_folds_the_worksheet_to_the_answers_that_fit() -> None:
    full = worksheet_rows("ERP", ANSWERS, 200, 40).plain
    assert all(q.label in full for q in QUESTIONS) and "more on the worksheet" not in full
    short = worksheet_rows("ERP", ANSWERS, 60, 5).plain.splitlines()
    assert len(short) <= 5
    assert short[0] == "ERP" and short[1].startswith("Issue: ")
    assert short[-1].startswith("… ") and short[-1].endswith("more on the worksheet")


def test_only_the_deep_dives_first_part_is_the_presentation(store: Store) -> None:
    group = load_sample(store, TODAY)
    present = [m.id for m in group.active_members]
    record = new_meeting(group, default_template(), present, present[0], "ERP", TODAY)
    deep = [i for i, s in enumerate(record.slots) if s.segment_key == "deepdive"]
    assert in_presentation(record.slots, deep[0])
    assert not in_presentation(record.slots, deep[1])
    assert not in_presentation(record.slots, 0)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_projector_shows_the_worksheet_in_the_presentation_only(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    group = load_sample(store, TODAY)
    present = [m.id for m in group.active_members]
    planned = new_meeting(group, default_template(), present, present[1], "Two ERPs", TODAY,
                          framing=ANSWERS)
    deep = next(i for i, s in enumerate(planned.slots) if s.segment_key == "deepdive")
    events = [make_event("start", fake_time.now())]
    events += [make_event("next", fake_time.now() + i + 1) for i in range(deep)]
    create_meeting(store, replace(planned, events=tuple(events)))
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        sheet = app.query_one("#room-worksheet", Static)
        assert sheet.display
        rows = [strip.text for strip in sheet.render_lines(sheet.region.reset_offset)]
        text = " ".join(" ".join(rows).split())
        assert "Issue: Two ERPs after the acquisition" in text
        assert sheet.region.bottom <= size[1], "the worksheet stays on the screen"
        if size == (200, 60):
            assert "What I do not want: Vendor pitches" in text
        LiveMeeting(store, planned.id, fake_time).act("next")  # clarifying questions
        app.poll_store()
        await pilot.pause()
        assert not app.query_one("#room-worksheet", Static).display


async def test_at_80x24_the_deep_dive_keeps_the_first_answers_under_the_clock(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    present = [m.id for m in group.active_members]
    planned = new_meeting(group, default_template(), present, present[1], "Two ERPs", TODAY,
                          framing=ANSWERS)
    deep = next(i for i, s in enumerate(planned.slots) if s.segment_key == "deepdive")
    events = [make_event("start", fake_time.now())]
    events += [make_event("next", fake_time.now() + i + 1) for i in range(deep)]
    create_meeting(store, replace(planned, events=tuple(events)))
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await clock_shown(pilot)
        await pilot.pause()
        lines = app.screen.query_one("#framing-lines", Static)
        assert lines.display and 2 <= lines.region.height <= 4
        rows = [strip.text.strip() for strip in lines.render_lines(lines.region.reset_offset)]
        assert rows[:2] == ["Two ERPs", "Issue: Two ERPs after the acquisition"]
        assert app.screen.query_one("#note-text", Input).region.bottom <= 23, \
            "the note box stays on the screen"
