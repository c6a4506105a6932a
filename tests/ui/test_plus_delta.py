"""Plus/Delta and experience vs advice at capture: typed in the note box, saved as their
own kinds and tags, shown at wrap-up, in the minutes and in the exports."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from peertui.domain.minutes import group_minutes
from peertui.services.exports import export_meeting
from peertui.services.health import set_advice_nudge
from peertui.store import Store
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.now_panel import NowState, now_content
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import live_screen, member_id


async def put(pilot: Pilot[None], text: str) -> None:
    box = pilot.app.screen.query_one("#note-text", Input)
    box.focus()
    box.value = text
    await pilot.pause()
    await pilot.pause()  # the form's Typed, then the screen's reading


async def test_plus_and_delta_prefixes_save_their_own_kinds(store: Store,
                                                            fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "+: Priya: the deep dive stayed on the question")
        assert screen.query_one("#kind", Select).value == "plus"  # before Enter
        await pilot.press("enter")
        await pilot.pause()
        await put(pilot, "-: start on time")
        await pilot.press("enter")
        await pilot.pause()
        plus, delta = store.items(screen.meeting_id)[-2:]
        assert (plus.kind, plus.text, plus.speaker_id) == (
            "plus", "The deep dive stayed on the question", member_id(app, "Priya"))
        assert (delta.kind, delta.text) == ("delta", "start on time")
        feed = screen.query_one(Feed)
        kinds = [str(feed.get_row_at(row)[1]).strip() for row in range(feed.row_count)]
        assert kinds[-2:] == ["plus", "delta"]


async def test_plus_delta_in_minutes_and_exports_private_left_out(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "+: the timing held")
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one("#private").value = True  # type: ignore[attr-defined]
        await put(pilot, "-: Tom talked over the presenter")
        await pilot.press("enter")
        await pilot.pause()
        meeting_id = screen.meeting_id
    doc = store.meeting_doc(meeting_id)
    assert doc is not None
    group = store.group(doc[0].group_id)
    text, left_out = group_minutes(doc[0], doc[1], group)
    assert "## Plus / Delta" in text and "- The timing held" in text.replace("the timing",
                                                                           "The timing")
    assert "talked over" not in text and left_out == 1
    shown, _ = group_minutes(doc[0], doc[1], group, include_private=True)
    assert "### Delta: what to change" in shown and "talked over" in shown
    exported = json.loads(export_meeting(store, meeting_id, "json").text)
    assert [i["kind"] for i in exported["items"]] == ["plus"]  # the private delta stays home


async def test_a_recommendations_tag_is_read_as_typed_and_can_be_changed(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "r: Grace: when we split the cut-over by plant it held")
        assert screen.query_one("#tag", Select).value == "experience"
        await pilot.press("enter")
        await pilot.pause()
        await put(pilot, "r: Grace: budget 20% contingency")
        assert screen.query_one("#tag", Select).value == "unsaid"
        screen.query_one("#tag", Select).value = "advice"  # the note-taker's own pick
        await pilot.pause()
        await put(pilot, "r: Grace: when we budgeted 20% contingency it was enough")
        assert screen.query_one("#tag", Select).value == "advice"  # the pick stays
        await pilot.press("enter")
        await pilot.pause()
        first, second = store.items(screen.meeting_id)[-2:]
        assert (first.tag, second.tag) == ("experience", "advice")
        assert screen.query_one("#tag", Select).value == "unsaid"  # back after the save


async def test_the_advice_nudge_shows_only_when_the_group_asks_and_never_blocks(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        nudge = screen.query_one("#advice-nudge", Label)
        await put(pilot, "r: Grace: you should hire a CISO first")
        assert not nudge.display  # the group has not turned it on
        group = app.group
        assert group is not None
        set_advice_nudge(store, group.id, True)
        app.reload_group()
        await put(pilot, "r: Grace: you should hire a CISO before the audit")
        assert nudge.display
        assert "When we" in str(nudge.render())
        await put(pilot, "r: Grace: when we hired a CISO first it paid off")
        assert not nudge.display
        await put(pilot, "r: Grace: you should hire a CISO first")
        await pilot.press("enter")
        await pilot.pause()
        saved = store.items(screen.meeting_id)[-1]
        assert (saved.kind, saved.tag) == ("recommendation", "advice")  # saved all the same
        assert not nudge.display and screen.query_one("#note-text", Input).value == ""


def test_the_wrap_up_shows_the_share_of_experience_and_the_round() -> None:
    state = NowState(segment_key="wrapup", experience="2 of 4 recommendations were "
                     "experience shares (50%)", pluses=3, deltas=1)
    text = now_content(state).plain
    assert "2 of 4 recommendations were experience shares (50%)" in text
    assert "Plus / Delta: 3 plus · 1 delta" in text
    assert "Plus / Delta" not in now_content(NowState(segment_key="updates")).plain


async def test_the_json_export_carries_the_share_of_experience_and_voice(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "r: Grace: when we split the cut-over by plant it held")
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one("#private").value = True  # type: ignore[attr-defined]
        await put(pilot, "r: Grace: you should hire a CISO")
        await pilot.press("enter")
        await pilot.pause()
        meeting_id, grace = screen.meeting_id, member_id(app, "Grace")
    exported = json.loads(export_meeting(store, meeting_id, "json").text)
    assert exported["share_of_experience"] == 1.0  # the private advice stays home
    voice = {v["member_id"]: v for v in exported["voice"]}
    assert voice[grace]["recommendations_given"] == 1
    assert set(voice) == set(exported["meeting"]["present"])
    with_private = json.loads(export_meeting(store, meeting_id, "json",
                                             include_private=True).text)
    assert with_private["share_of_experience"] == 0.5


def test_capture_reads_the_tag_when_the_form_gives_none_and_an_edit_keeps_its_own(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.services.live import Draft, LiveMeeting
    from tests.conftest import TODAY
    from tests.room.helpers import start_meeting

    live = LiveMeeting(store, start_meeting(store, fake_time), fake_time)
    grace = next(member for name, member in live.people if name.startswith("Grace"))
    read = live.capture(Draft(kind="recommendation", text="In my experience, wait",
                              giver_id=grace), TODAY)
    assert read.tag == "experience"
    note = live.capture(Draft(kind="note", text="You should see this", tag="advice"), TODAY)
    assert note.tag == ""  # only a recommendation carries a tag
    edited = live.revise(read, Draft(kind="recommendation", text="In my experience, wait",
                                     giver_id=grace, tag="advice"), TODAY)
    assert (edited.id, edited.tag) == (read.id, "advice")


async def test_emptying_the_box_lets_the_next_words_set_the_tag_again(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "r: Grace: budget for it")
        screen.query_one("#tag", Select).value = "advice"
        await pilot.pause()
        await put(pilot, "")
        await put(pilot, "r: Grace: when we budgeted for it we were fine")
        assert screen.query_one("#tag", Select).value == "experience"


async def test_an_edit_shows_the_saved_tag_and_saves_a_changed_one(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.ui.screens.live.edit_item import EditItem
    from peertui.ui.screens.live.screen import LiveScreen

    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await put(pilot, "r: Grace: you should run a pilot")
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one("#feed").focus()
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditItem)
        assert dialog.query_one("#tag", Select).value == "advice"  # as saved
        dialog.query_one("#tag", Select).value = "experience"
        await pilot.pause()
        dialog.query_one("#note-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert store.items(screen.meeting_id)[-1].tag == "experience"
