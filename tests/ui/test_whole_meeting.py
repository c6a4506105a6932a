"""A whole meeting run from the keys on a fake clock, then reopened from the store."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label, Select, SelectionList

from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.setup import SetupScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import clock_shown, live_screen, member_id, submit_note, type_into

SIZE = (120, 36)


async def test_run_a_whole_meeting_and_find_it_again(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        art, priya, tom = (member_id(app, n) for n in ("Art", "Priya", "Tom"))
        rollcall = app.screen.query_one("#rollcall", SelectionList)
        rollcall.deselect_all()
        for present in (art, priya, tom):
            rollcall.select(present)
        app.screen.query_one("#presenter", Select).value = tom
        await type_into(pilot, "#topic", "Whether to outsource the service desk")
        await pilot.press("f2")
        screen = live_screen(app)
        assert screen.live.state().status == "setup"

        await pilot.press("f2")  # start
        assert screen.live.state().status == "running"
        fake_time.advance(5 * 60)
        await pilot.press("f4")  # follow-ups
        await submit_note(pilot, "Art hired the integrator we discussed in September.")
        fake_time.advance(9 * 60)
        await pilot.press("f4")  # updates: first speaker
        state = screen.live.state()
        assert state.current is not None and state.current.slot.round
        speakers = [s.slot.speaker_id for s in state.slots if s.slot.segment_key == "updates"]
        assert sorted(speakers) == sorted([art, priya, tom])

        fake_time.advance(4 * 60 + 83)  # first speaker overruns by 1:23
        await clock_shown(pilot)
        assert str(screen.query_one("#overtime-words", Label).content) == "OVER +1:23"
        assert screen.query_one("#countdown").has_class("overtime")
        await pilot.press("f4")
        fake_time.advance(3 * 60)
        await pilot.press("f4")
        fake_time.advance(4 * 60)
        await pilot.press("f4")  # break
        fake_time.advance(10 * 60)
        await pilot.press("f4")  # deep dive: presentation
        state = screen.live.state()
        assert state.current is not None and state.current.slot.title == "Presentation"
        assert state.segment_remaining("deepdive") == 60 * 60
        await submit_note(pilot, "Service desk costs 1.2M a year; tickets up 30%.")
        for _ in range(2):
            fake_time.advance(15 * 60)
            await pilot.press("f4")
        fake_time.advance(30 * 60)
        await pilot.press("f4")  # recommendations round
        state = screen.live.state()
        givers = [s.slot.speaker_id for s in state.slots if s.slot.segment_key == "recommendations"]
        assert sorted(givers) == sorted([art, priya])
        for index, _giver in enumerate(givers):
            await submit_note(pilot, f"r:Recommendation number {index + 1}")
            fake_time.advance(3 * 60)
            await pilot.press("f4")
        await submit_note(pilot, "Get three quotes before renewing", kind="action",
                          owner=tom, due="in 2 weeks")
        await submit_note(pilot, "Talk to Priya's outsourcer", kind="action",
                          owner=priya, due="2026-12-15")
        fake_time.advance(5 * 60)
        await pilot.press("f4")
        fake_time.advance(5 * 60)
        await pilot.press("f8")
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)

    items = store.items(next(m.id for m in store.meetings()
                                  if m.topic.startswith("Whether")))
    by_kind: dict[str, list[dict[str, object]]] = {}
    for item in items:
        by_kind.setdefault(str(item.kind), []).append(item)
    recs = by_kind["recommendation"]
    assert {r.giver_id for r in recs} == {art, priya}
    assert {r.recipient_id for r in recs} == {tom}
    actions = by_kind["action"]
    assert {(a.owner_id, a.due) for a in actions} == {(tom, "2026-12-11"),
                                                           (priya, "2026-12-15")}
    assert len(by_kind["note"]) == 2
    assert by_kind["note"][0].segment_key == "followups"
    assert by_kind["note"][1].segment_title == "Deep dive"

    reopened = create_app(store, fake_time, today=TODAY)
    async with reopened.run_test(size=SIZE) as pilot:
        assert isinstance(reopened.screen, HomeScreen)
        past = reopened.screen.query_one("#past", DataTable)
        topics = [str(past.get_row_at(i)[2]) for i in range(past.row_count)]
        assert "Whether to outsource the service desk" in topics
        actions_table = reopened.screen.query_one("#open-actions", DataTable)
        texts = [str(actions_table.get_row_at(i)[2]) for i in range(actions_table.row_count)]
        assert "Get three quotes before renewing" in texts


async def test_timer_keys_never_take_typed_text(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("f2")
        await pilot.press("f2")
        screen = live_screen(app)
        await type_into(pilot, "#note-text", "next pause end back")
        assert screen.query_one("#note-text", Input).value == "next pause end back"
        state = screen.live.state()
        assert state.status == "running" and state.index == 0


async def test_bad_due_date_keeps_the_text(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("f2")
        screen = live_screen(app)
        owner = member_id(app, "Art")
        await submit_note(pilot, "Send the board deck", kind="action", owner=owner,
                          due="the 35th of Smarch")
        assert "Cannot read" in str(screen.query_one("#note-error", Label).content)
        assert screen.query_one("#note-text", Input).value == "Send the board deck"
        assert screen.live.items == ()


async def test_quit_and_reopen_resumes_the_clock(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("f2")
        await pilot.press("f2")
        fake_time.advance(7 * 60)
        await pilot.press("f4")
        fake_time.advance(2 * 60)
        meeting_id = live_screen(app).meeting_id
    fake_time.advance(60)  # the app was closed for a minute: the clock kept running
    again = create_app(store, fake_time, today=TODAY)
    async with again.run_test(size=SIZE) as pilot:
        screen = live_screen(again)
        assert screen.meeting_id == meeting_id
        state = screen.live.state()
        assert state.index == 1
        assert state.current is not None and state.current.elapsed == 3 * 60
        assert state.slots[0].elapsed == 7 * 60


async def test_delete_then_undo_restores_the_item(store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("f2")
        await pilot.press("f2")
        screen = live_screen(app)
        await submit_note(pilot, "Keep me")
        screen.query_one("#feed").focus()
        await pilot.press("delete")
        assert screen.live.items == ()
        assert store.items(screen.meeting_id) == ()
        await pilot.press("ctrl+z")
        assert [i.text for i in store.items(screen.meeting_id)] == ["Keep me"]
