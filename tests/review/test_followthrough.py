"""Deep-dive follow-through: the live Follow-ups panel, and recommendation outcomes."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from peertui.domain.records import Outcome
from peertui.store import Store
from peertui.ui.app import PeerApp
from peertui.ui.screens.review.dialogs import OutcomeDialog
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.widgets.followups import FollowupsPanel
from tests.fakes import FakeTime
from tests.review.conftest import SIZE, settle
from tests.review.test_review_screens import cells
from tests.ui.helpers import live_screen


async def test_followups_panel_ticks_off_and_records_since(app: PeerApp, store: Store,
                                                          meeting_id: str,
                                                          fake_time: FakeTime) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2")  # set up with the defaults, then the live screen
        screen = live_screen(app)
        panel = screen.query_one(FollowupsPanel)
        await pilot.press("f2")  # start: welcome
        await pilot.pause()
        assert not panel.display
        fake_time.advance(5 * 60)
        await pilot.press("f4")  # follow-ups
        await settle(pilot)
        assert panel.display
        dive = str(panel.query_one("#fu-dive", Static).render())
        assert "Art Delgado's deep dive on 2026-09-18" in dive
        assert "Shortlist two integrators" in dive  # his commitment
        assert "Grace Okafor: Budget 20% contingency" in dive  # a recommendation he got
        table = panel.query_one("#fu-actions", DataTable)
        rows = [cells(table, i) for i in range(table.row_count)]
        assert rows[0][:3] == ["overdue by 2 weeks", "Priya Raman", "open"]

        table.focus()
        await pilot.press("ctrl+d")  # Priya's checklist ticked off in the room
        await settle(pilot)
        ticked = [cells(table, i) for i in range(table.row_count)]
        assert ticked[-1][:3] == ["done", "Priya Raman", "✓ done"]  # still listed, ticked
        assert "done" in str(panel.query_one("#fu-message", Label).render())

        since = panel.query_one("#fu-since", Input)
        since.focus()
        await pilot.press("enter")  # empty: a message, nothing saved
        assert "Type something" in str(panel.query_one("#fu-message", Label).render())
        since.value = "Signed with the integrator; payment tied to stability."
        await pilot.press("enter")
        await settle(pilot)
        assert since.value == ""
        assert "Signed with the integrator" in str(panel.query_one("#fu-dive", Static).render())
        current = screen.meeting_id

        fake_time.advance(10 * 60)
        await pilot.press("f4")  # updates round: the panel goes away
        await pilot.pause()
        assert not panel.display

    checklist = next(i for i in store.items(meeting_id)
                     if i.text.startswith("Share the data-migration"))
    assert checklist.status == "done" and checklist.history[0].new == "done"
    log = store.meeting(meeting_id).outcome_log  # type: ignore[union-attr]
    assert log[-1].text == "Signed with the integrator; payment tied to stability."
    assert log[-1].captured_in == current and log[-1].private is False
    assert store.items(current) == ()  # the live meeting itself is untouched


async def test_private_since_entry(app: PeerApp, store: Store, meeting_id: str,
                                   fake_time: FakeTime) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2", "f2")
        fake_time.advance(60)
        await pilot.press("f4")
        await settle(pilot)
        panel = live_screen(app).query_one(FollowupsPanel)
        panel.query_one("#fu-private", Checkbox).value = True
        panel.query_one("#fu-since", Input).value = "Art's CFO resigned over it."
        panel.query_one("#fu-since", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert panel.query_one("#fu-private", Checkbox).value is False
    log = store.meeting(meeting_id).outcome_log  # type: ignore[union-attr]
    assert log[-1].private is True


async def test_mark_recommendations_adopted_tried_set_aside(app: PeerApp, store: Store,
                                                            meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(MeetingDetailScreen(meeting_id))
        await pilot.pause()
        await pilot.press("3")
        screen = app.screen
        recs = screen.query_one("#detail-recs", DataTable)
        for row, key, why in [(0, "a", "Started with the smallest plant in October."),
                              (1, "t", "Named owners for two of five workstreams."),
                              (3, "s", "")]:
            recs.move_cursor(row=row)
            await pilot.press(key)
            dialog = app.screen
            assert isinstance(dialog, OutcomeDialog)
            if not why:  # no reason given: asked for one, nothing saved
                await pilot.press("enter")
                assert app.screen is dialog
                assert "Say why" in str(dialog.query_one("#outcome-error", Label).render())
                why = "The board capped contingency at 10%."
            dialog.query_one("#outcome-why", Input).value = why
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
        outcomes = [cells(recs, i)[2] for i in range(recs.row_count)]
        assert outcomes[0] == "adopted: Started with the smallest plant in October."
        assert outcomes[1] == "tried: Named owners for two of five workstreams."
        assert outcomes[3] == "set aside: The board capped contingency at 10%."
        await pilot.press("6")
        follow = screen.follow_text
        assert "1 adopted, 1 tried, 1 set aside, 5 not followed up yet" in follow
        assert "**set aside: The board capped contingency at 10%.**" in follow

        recs.move_cursor(row=0)  # change of mind: the dialog starts from what was said
        await pilot.press("3", "t")
        dialog = app.screen
        assert isinstance(dialog, OutcomeDialog)
        assert dialog.query_one("#outcome-why", Input).value.startswith("Started with")
        assert dialog.query_one("#outcome-status", Select).value == "tried"
        await pilot.press("enter")
        await pilot.pause()

    rec = next(i for i in store.items(meeting_id) if i.text.startswith("Run the ERP"))
    assert rec.outcome is not None and rec.outcome.status == "tried"
    assert [h.new.status for h in rec.history if isinstance(h.new, Outcome)] == ["adopted", "tried"]
    assert [h.field for h in rec.history] == ["outcome", "outcome"]
