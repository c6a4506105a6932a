"""The OverlapScreen's partial updates write what Textual's own compositor would write.

Every partial update of the live screen and the projector, through ticks of the clock,
typing and saving notes, moving the feed, a dialog and a resize, is rendered twice: by the
OverlapCompositor and by Textual's Compositor on the same dirty regions; the terminal output
must be the same, and the OverlapCompositor must have asked fewer widgets for lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest
from rich.console import Console
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.ui import overlap_screen
from peertui.ui.app import create_app
from peertui.ui.display_app import DisplayApp
from peertui.ui.overlap_screen import OverlapCompositor
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, wait_until


class Checked:
    """What the checking compositor saw."""

    def __init__(self) -> None:
        self.updates = 0
        self.differences: list[str] = []
        self.ours = 0  # widgets asked for lines, by the OverlapCompositor
        self.theirs = 0  # and by Textual's
        self.each: list[tuple[list[Region], int, int]] = []  # regions, ours, theirs


@contextmanager
def compared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Checked]:
    checked = Checked()

    class Checking(OverlapCompositor):
        def render_partial_update(self) -> ChopsUpdate | None:
            dirty = self._dirty_regions.copy()
            ours = super().render_partial_update()
            checked.ours += self._asked
            asked = self._asked
            self._dirty_regions.update(dirty)
            self._textual = True
            try:
                theirs = Compositor.render_partial_update(self)
            finally:
                self._textual = False
            checked.theirs += self._asked
            checked.each.append((sorted(dirty), asked, self._asked))
            if ours is None or theirs is None:
                assert ours is theirs
                return ours
            checked.updates += 1
            console = Console(width=self.size.width, color_system="truecolor",
                              force_terminal=True, legacy_windows=False)
            mine, textual = ours.render_segments(console), theirs.render_segments(console)
            if mine != textual:
                checked.differences.append(f"{sorted(dirty)}: {mine!r} != {textual!r}")
            return ours

        _textual = False
        _asked = 0

        def _get_renders(self, crop: Region | None = None
                         ) -> Iterable[tuple[Region, Region, list[Strip]]]:
            self._asked = 0
            renders = (Compositor._get_renders(self, crop) if self._textual
                       else super()._get_renders(crop))
            for render in renders:
                self._asked += 1
                yield render

    monkeypatch.setattr(overlap_screen, "OverlapCompositor", Checking)
    yield checked


async def test_the_live_screen_paints_as_textual_would(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    start_meeting(store, fake_time)
    fake_time.advance(15.5)
    with compared(monkeypatch) as checked:
        app = create_app(store, fake_time, today=TODAY)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = live_screen(app)
            await pilot.pause(0.3)
            seen = len(checked.each)
            for _ in range(3):  # seconds of the countdown
                fake_time.advance(1)
                screen._tick()
                await pilot.pause()
            clock = screen.query_one("#big-clock").region
            ticks = [(ours, theirs) for regions, ours, theirs in checked.each[seen:]
                     if all(clock.contains_region(region) for region in regions)]
            # the countdown, its pane, the centre column, the row and the screen, where
            # Textual asks the header, the footer and the side panel too
            assert ticks and all(ours <= 6 and theirs >= 10 for ours, theirs in ticks), ticks
            for n in range(3):  # notes typed and saved: the box, the line under it, the feed
                await pilot.press(*f"note {n} on the cut-over", "enter")
                await wait_until(pilot, lambda n=n: len(screen.live.items) == n + 1,  # type: ignore[misc]
                                 what="saved")
            await pilot.press("f4")  # the next speaker: panes change words
            await pilot.pause()
            await pilot.press("shift+tab", "up", "up")  # the feed's cursor moves
            await pilot.pause()
            await pilot.resize_terminal(80, 24)
            await pilot.pause(0.2)
            fake_time.advance(1)
            screen._tick()
            await pilot.pause()
            await pilot.press("f1")  # the keys dialog over it, and back
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    assert checked.updates >= 10, checked.updates
    assert not checked.differences, "\n".join(checked.differences[:3])
    assert checked.ours < checked.theirs, (checked.ours, checked.theirs)


async def test_the_projector_paints_as_textual_would(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = start_meeting(store, fake_time)
    fake_time.advance(5 * 60 + 15.5)
    LiveMeeting(store, meeting, fake_time).act("next")
    with compared(monkeypatch) as checked:
        app = DisplayApp(store, fake_time)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.3)
            for _ in range(5):
                fake_time.advance(1)
                app.tick()
                await pilot.pause()
            LiveMeeting(store, meeting, fake_time).act("next")  # the driver's F4
            app.poll_store()
            await pilot.pause()
            await pilot.resize_terminal(200, 60)
            await pilot.pause(0.2)
            for _ in range(2):
                fake_time.advance(1)
                app.tick()
                await pilot.pause()
    assert checked.updates >= 7, checked.updates
    assert not checked.differences, "\n".join(checked.differences[:3])
    assert checked.ours < checked.theirs, (checked.ours, checked.theirs)
