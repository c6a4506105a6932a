"""F1 lists the keys of the screen underneath; the palette reaches review, search, action
items and export from every screen, the live one included."""

from __future__ import annotations

from textual.widgets import Input

from peertui.store import Store
from peertui.ui.commands import app_entries, palette_entries
from peertui.ui.screens.keys_help import KeysHelp
from peertui.ui.screens.live.screen import LiveScreen
from peertui.ui.widgets.result_list import ResultList
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import live_screen


def listed(app_screen: KeysHelp) -> dict[str, str]:
    keys = app_screen.query_one(ResultList)
    return {keys.get_row_at(n)[1]: keys.get_row_at(n)[0] for n in range(keys.row_count)}


async def test_f1_lists_the_live_screens_keys_and_f1_closes_it(store: Store,
                                                              fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        live = live_screen(app)
        assert live.query_one("#note-text", Input).has_focus
        await pilot.press("f1")  # from inside the note box too
        shown = app.screen
        assert isinstance(shown, KeysHelp)
        keys = listed(shown)
        assert keys["Next segment or speaker"] == "f4"
        assert keys["Extend by 5 minutes"] == "f6"
        assert "Take over the clock" not in keys  # the driver's list: no note-taker key
        assert keys["Search every meeting's notes"] == "palette"
        await pilot.press("f1")
        assert isinstance(app.screen, LiveScreen)


async def test_question_mark_types_in_the_box_and_opens_the_keys_elsewhere(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        live = live_screen(app)
        await pilot.press("question_mark")
        assert live.query_one("#note-text", Input).value == "?"
        live.query_one("#feed").focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, KeysHelp)
        await pilot.press("escape")
        assert isinstance(app.screen, LiveScreen)


async def test_the_live_palette_reaches_review_search_actions_and_export(
        store: Store, fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        live = live_screen(app)
        titles = [e.title for e in palette_entries(live) + app_entries(live)]
        for wanted in ("Past meetings", "Search every meeting's notes",
                       "Action items across meetings", "Export this meeting"):
            assert titles.count(wanted) == 1, (wanted, titles)
        await pilot.press("ctrl+p")
        for key in "export this":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        from peertui.ui.screens.review.dialogs import ExportDialog

        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.meeting_id == live.meeting_id
