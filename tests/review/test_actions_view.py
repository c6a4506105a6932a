"""The action-items view: overdue first, mark done with history, re-date, reassign, filter."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label, OptionList, Select, Static

from peertui.domain.records import Change, Item
from peertui.store import Store
from peertui.ui.app import PeerApp
from peertui.ui.screens.review.actions import ActionsScreen
from peertui.ui.screens.review.dialogs import DueDialog
from tests.review.conftest import SIZE, settle
from tests.review.test_review_screens import cells


def texts(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [cells(table, i)[3] for i in range(table.row_count)]


def item(store: Store, meeting_id: str, starts: str) -> Item:
    return next(i for i in store.items(meeting_id) if i.text.startswith(starts))


async def test_mark_done_records_history_and_summary(app: PeerApp, store: Store,
                                                     meeting_id: str) -> None:
    assert store.meetings()[0].open_actions == 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one("#actions-table", DataTable)
        first = cells(table, 0)
        assert first[:3] == ["overdue by 2 weeks", "Priya Raman", "open"]  # overdue first
        assert "1 overdue" in str(screen.query_one("#actions-summary", Label).render())
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert not any("data-migration" in t for t in texts(table))  # the Open filter hides it
        screen.query_one("#actions-status", Select).value = "all"
        await settle(pilot)
        done_row = next(i for i in range(table.row_count) if "data-migration" in cells(table, i)[3])
        assert cells(table, done_row)[:3] == ["done", "Priya Raman", "✓ done"]
        table.move_cursor(row=done_row)
        await pilot.pause()
        history = str(screen.query_one("#actions-history", Static).render())
        assert "2026-11-27: status open → done" in history

    saved = item(store, meeting_id, "Share the data-migration")
    assert saved.status == "done"
    assert saved.history == (Change(at="2026-11-27T16:00:00.000000+00:00", field="status",
                                    old="open", new="done"),)
    assert store.meetings()[0].open_actions == 2


async def test_reopen_is_kept_in_history(app: PeerApp, store: Store, meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+d")  # done
        await settle(pilot)
        app.screen.query_one("#actions-status", Select).value = "done"
        await settle(pilot)
        await pilot.press("ctrl+d")  # reopen
        await settle(pilot)
    saved = item(store, meeting_id, "Share the data-migration")
    assert saved.status == "open"
    assert [(h.old, h.new) for h in saved.history] == [("open", "done"), ("done", "open")]
    assert store.meetings()[0].open_actions == 3


async def test_change_due_date_in_words_and_garbage(app: PeerApp, store: Store,
                                                    meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        await pilot.press("ctrl+u")
        dialog = app.screen
        assert isinstance(dialog, DueDialog)
        field = dialog.query_one("#due-text", Input)
        field.value = "the 35th of Smarch"
        await pilot.press("enter")
        assert app.screen is dialog  # still open, message beside the field, text kept
        assert "Cannot read" in str(dialog.query_one("#due-error", Label).render())
        assert field.value == "the 35th of Smarch"
        field.value = "in 2 weeks"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        row = next(i for i in range(table.row_count) if "data-migration" in cells(table, i)[3])
        assert cells(table, row)[0] == "due in 2 weeks"
    saved = item(store, meeting_id, "Share the data-migration")
    assert saved.due == "2026-12-11" and saved.due_text == "in 2 weeks"
    assert saved.history[-1].field == "due"
    assert (saved.history[-1].old, saved.history[-1].new) == ("2026-11-13", "2026-12-11")


async def test_next_meeting_due_and_reassign(app: PeerApp, store: Store, meeting_id: str,
                                             sample: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+u")
        app.screen.query_one("#due-text", Input).value = "next meeting"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+r")  # reassign the (still selected) item
        options = app.screen.query_one(OptionList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = names.index("Mei Lin")
        await pilot.press("enter")
        await pilot.pause()
    saved = item(store, meeting_id, "Share the data-migration")
    assert saved.due == "2026-12-11"  # the group's next meeting, as home shows it
    assert saved.owner_id == sample["Mei"]
    assert [h.field for h in saved.history] == ["due", "owner_id"]


async def test_filter_by_owner(app: PeerApp, sample: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#actions-table", DataTable)
        assert table.row_count == 3
        screen.query_one("#actions-owner", Select).value = sample["Art"]
        await settle(pilot)
        assert {cells(table, i)[1] for i in range(table.row_count)} == {"Art Delgado"}
        assert table.row_count == 2
        assert "for Art Delgado" in str(screen.query_one("#actions-summary", Label).render())
