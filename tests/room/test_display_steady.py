"""The projector's second costs a repaint of what changed, not a layout (bench bar 8).

At every second it sets every line it shows; before, the hidden plain-text fallback of the
big clock laid the whole screen out each time, and lines whose words had not changed were
painted again."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets import Static

from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.ui.display_app import DisplayApp
from peertui.ui.widgets.steady import update_steady
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting


async def test_a_second_on_the_projector_lays_nothing_out(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    fake_time.advance(5 * 60)
    live.act("next")
    app = DisplayApp(store, fake_time)
    layouts: list[int] = []
    layout = Screen._refresh_layout

    def counted(self: Screen[object], size: object = None, scroll: bool = False) -> None:
        layouts.append(1)
        layout(self, size, scroll)  # type: ignore[arg-type]

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        shown = []
        for _ in range(5):
            fake_time.advance(1)
            app.tick()
            await pilot.pause()
            shown.append(app.query_one("BigClock").text)  # type: ignore[attr-defined]
        assert len(set(shown)) == 5, shown  # each second showed a new time
        assert not layouts, f"{len(layouts)} layouts in 5 seconds"


async def test_the_same_words_are_not_painted_again(store: Store, fake_time: FakeTime,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.query_one("#room-waiting-hint", Static)
        update_steady(line, "the same words")
        await pilot.pause()
        painted: list[int] = []
        monkeypatch.setattr(line, "refresh", lambda *a, **k: painted.append(1))
        update_steady(line, "the same words")
        assert not painted
        update_steady(line, "other words")
        assert painted and line.content == "other words"
