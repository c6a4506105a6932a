"""The note box repaints itself at each key without laying the screen out again (the key's
echo time in a browser, tests/bench bar 9), and still scrolls a long note to its end."""

from __future__ import annotations

from textual.widgets import Input

from peertui.store import Store
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import type_into

LONG = "vendor contract renewal slips to march unless legal signs off friday"


async def test_typing_in_the_note_box_lays_nothing_out(store: Store, fake_time: FakeTime
                                                       ) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = app.screen
        await type_into(pilot, "#note-text", "v")
        await pilot.pause()
        layouts = 0
        original = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        for char in "endor":
            await pilot.press(char)
            await pilot.pause()
        assert screen.query_one("#note-text", Input).value == "vendor"
        assert layouts == 0


async def test_a_long_note_scrolls_to_its_end_as_it_is_typed(store: Store, fake_time: FakeTime
                                                             ) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        await type_into(pilot, "#note-text", LONG)
        await pilot.pause()
        box = app.screen.query_one("#note-text", Input)
        assert box.value == LONG
        assert box.scroll_offset.x > 0  # longer than the box: scrolled
        shown = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
        assert "signs off friday" in shown
        assert not shown.strip().startswith("vendor")
