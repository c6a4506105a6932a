"""Letters typed at a table of the capture area are words for the note box, never
commands (issue 13, part 2): a sentence typed at the follow-ups table changes no item,
and the table's own keys (ctrl+d, ctrl+r, ctrl+u, Enter for a menu) still work."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.keys_help import key_rows
from peertui.ui.screens.review.dialogs import DueDialog, OwnerDialog
from peertui.ui.widgets.action_table import ActionTable
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.followups import FollowupsPanel
from peertui.ui.widgets.item_menu import ItemMenu
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import settle
from tests.ui.feed_fixture import meeting_with_long_note
from tests.ui.helpers import live_screen

SENTENCE = "ok so the plan is"


def statuses(store: Store) -> dict[str, tuple[str, str | None, str]]:
    """Every action item's status, owner and due date, across the store."""
    return {i.id: (i.status, i.owner_id, i.due) for m in store.meetings()
            for i in store.items(m.id) if i.kind == "action"}


async def press_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_a_sentence_typed_at_the_followups_table_goes_to_the_note_box(
        store: Store, fake_time: FakeTime) -> None:
    meeting_with_long_note(store, fake_time)
    before = statuses(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        table = screen.query_one(FollowupsPanel).query_one(ActionTable)
        assert table.row_count >= 2
        table.focus()
        await pilot.pause()
        await press_text(pilot, SENTENCE)
        await settle(pilot)
        box = screen.query_one("#note-text", Input)
        assert box.value == SENTENCE
        assert box.has_focus
        assert app.screen is screen  # no dialog opened on the letter o
        assert statuses(store) == before  # the first space ticked nothing off


async def test_a_sentence_typed_at_the_feed_goes_to_the_note_box(
        store: Store, fake_time: FakeTime) -> None:
    meeting_id, _ = meeting_with_long_note(store, fake_time)
    items = store.items(meeting_id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        screen.query_one(Feed).focus()
        await press_text(pilot, "decide the date")  # d and e were delete and edit
        await pilot.pause()
        assert screen.query_one("#note-text", Input).value == "decide the date"
        assert store.items(meeting_id) == items
        assert app.screen is screen


async def test_the_tables_keys_still_work(store: Store, fake_time: FakeTime) -> None:
    meeting_with_long_note(store, fake_time)
    before = statuses(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        table = screen.query_one(FollowupsPanel).query_one(ActionTable)
        table.focus()
        await pilot.pause()
        row = table.selected()
        assert row is not None
        await pilot.press("ctrl+d")  # done
        await settle(pilot)
        assert statuses(store)[row.id][0] == "done"
        assert statuses(store)[row.id][0] != before[row.id][0]

        await pilot.press("ctrl+r")  # reassign
        assert isinstance(app.screen, OwnerDialog)
        await pilot.press("escape")
        await pilot.press("ctrl+u")  # due date
        assert isinstance(app.screen, DueDialog)
        await pilot.press("escape")
        assert app.screen is screen

        table.focus()
        await pilot.pause()
        table.move_cursor(row=[r.id for r in table.rows_shown].index(row.id))
        await pilot.press("enter")  # the item's menu: the same actions, with their keys
        menu = app.screen
        assert isinstance(menu, ItemMenu)
        options = menu.query_one(OptionList)
        words = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert words[0] == "Open it again (ctrl+d)"
        assert "Reassign to someone else (ctrl+r)" in words
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert statuses(store)[row.id][0] == "open"  # reopened from the menu


async def test_the_tables_keys_are_in_the_footer_and_the_keys_list(
        store: Store, fake_time: FakeTime) -> None:
    meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        screen.query_one(FollowupsPanel).query_one(ActionTable).focus()
        await pilot.pause()
        footer = {b.binding.description: b.binding.key
                  for b in screen.active_bindings.values() if b.binding.show}
        assert footer["Done/reopen"] == "ctrl+d"
        assert footer["Reassign"] == "ctrl+r"
        assert footer["Item actions"] == "enter"
        listed = {row.cells[1]: row.cells[0] for row in key_rows(screen)}
        assert listed["Mark the selected item done or open again"] == "^d"
        assert listed["Reassign the selected item"] == "^r"


async def test_the_action_items_screen_opens_a_meeting_from_the_menu(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.ui.screens.review.meeting import MeetingDetailScreen
    from tests.review.conftest import build_sample

    build_sample(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        assert table.has_focus
        await press_text(pilot, "ok ")  # nothing: no note box here, and no letter acts
        assert app.screen.query_one("#actions-table", DataTable) is table
        await pilot.press("enter")
        options = app.screen.query_one(OptionList)
        words = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = words.index("Open the meeting it came from")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingDetailScreen)
