"""The projector's second costs a repaint of what changed, not a layout (bench bar 8).

At every second it sets every line it shows; before, the hidden plain-text fallback of the
big clock laid the whole screen out each time, and lines whose words had not changed were
painted again."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.ui.display_app import DisplayApp
from peertui.ui.widgets.big_clock import (
    BlockDigits,
    _blocks,
    blocks_of,
    changed_columns,
    render_blocks,
)
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


def test_glyphs_joined_from_the_cache_are_the_whole_rendering() -> None:
    for text in ("0:00", "12:34", "+1:05", "-0:30", "59:59", "1:2x", ""):
        for scale in (1, 2, 5):
            assert blocks_of(text, scale) == tuple(render_blocks(text, scale)), (text, scale)


def test_the_changed_columns_hold_every_cell_that_changes() -> None:
    """Repainting only changed_columns is safe: outside them, one second's rendering is
    the same as the last, for every second of an hour and across each minute."""
    for scale in (2, 3):
        for seconds in range(1, 3600):
            old = f"{(seconds - 1) // 60:02d}:{(seconds - 1) % 60:02d}"
            new = f"{seconds // 60:02d}:{seconds % 60:02d}"
            before, after = _blocks(old, scale), _blocks(new, scale)
            span = changed_columns(before, after)
            assert span is not None, (old, new)
            first, last = span
            for row_before, row_after in zip(before, after, strict=True):
                assert row_before[:first] == row_after[:first], (old, new)
                assert row_before[last + 1:] == row_after[last + 1:], (old, new)
    assert changed_columns(_blocks("12:00", 2), _blocks("12:00", 2)) is None


async def test_a_second_repaints_the_glyphs_that_changed_not_the_whole_clock(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    fake_time.advance(5 * 60)
    live.act("next")
    fake_time.advance(15.5)  # mid-minute: the next second changes the last digit only
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        blocks = app.query_one(BlockDigits)
        assert blocks.display and blocks.size.height > 20
        glyph_rows = len(blocks._layout(blocks.text)[0])
        assert glyph_rows < blocks.size.height  # blank rows above and below the digits
        drawn: list[int] = []
        render_line = BlockDigits.render_line

        def counted(self: BlockDigits, y: int) -> Strip:
            drawn.append(y)
            return render_line(self, y)

        monkeypatch.setattr(BlockDigits, "render_line", counted)
        repaints: list[tuple[Region, ...]] = []
        refresh = blocks.refresh

        def noted(*regions: Region, **kwargs: bool) -> Widget:
            repaints.append(regions)
            return refresh(*regions, **kwargs)

        monkeypatch.setattr(blocks, "refresh", noted)
        before = blocks.text
        fake_time.advance(1)
        app.tick()
        await pilot.pause()
        assert blocks.text != before and before[:-1] == blocks.text[:-1]  # the last digit
        assert len(repaints) == 1 and len(repaints[0]) == 1, repaints
        (region,) = repaints[0]
        assert region.height == glyph_rows
        assert region.width < blocks.size.width // 4  # one digit's columns
        assert 0 < len(drawn) <= glyph_rows, drawn
        # what is drawn there is the new second's rendering
        blocks._styles_cache.clear()
        strips = blocks.render_lines(blocks.size.region)
        lines, top, left = blocks._layout(blocks.text)
        assert [s.text[left:left + len(lines[0])] for s in strips[top:top + len(lines)]] \
            == list(lines)
