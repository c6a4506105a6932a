"""Dialogs show their whole question, wrapped inside the dialog at any width."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Label

import peertui.ui
from peertui.ui.screens.dialogs import Confirm

QUESTION = ("The clock is driven by Dan Novak (terminal on vm-42). Take it over? That screen "
            "becomes a note-taker.")


class DialogApp(App[None]):
    CSS_PATH = Path(peertui.ui.__file__).parent / "app.tcss"


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_a_long_question_wraps_inside_the_dialog(size: tuple[int, int]) -> None:
    app = DialogApp()
    async with app.run_test(size=size) as pilot:
        app.push_screen(Confirm(QUESTION, "Take over"))
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        label = app.screen.query(Label).first()
        assert dialog.region.contains_region(label.region), (dialog.region, label.region)
        assert label.region.height >= len(QUESTION) // label.region.width
        assert str(label.render()) == QUESTION


async def test_a_toast_shows_markup_like_text_as_typed(tmp_path: Path) -> None:
    from textual.widgets._toast import Toast

    from peertui.store import Store
    from peertui.ui.app import create_app
    from tests.fakes import FakeTime

    app = create_app(Store.open(tmp_path / "store"), FakeTime())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("Your text was: [/] [red]budget[/red]")  # a '[/]' once crashed a toast
        await pilot.pause(0.3)
        shown = " ".join(str(t.render()) for t in app.screen.query(Toast))
        assert "[/] [red]budget[/red]" in shown
