"""A note's way through the live screen costs one paint of what changed (bench bar 7).

Typing and saving a note lay nothing out (the footer keeps its keys, the line under the box
repaints in place); a note saved by another screen is drawn, scrolled into view, in the first
frame after it arrives; and rows already drawn are not rendered again for it."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from rich.segment import Segment
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import DataTable

from peertui.services.live import Draft, LiveMeeting
from peertui.store import Store
from peertui.ui import long_lived
from peertui.ui.app import create_app
from peertui.ui.screens.live.screen import LiveScreen
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.fitted_footer import FittedFooter
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import live_screen, wait_until


def _add_notes(store: Store, meeting: str, fake_time: FakeTime, words: list[str]) -> None:
    other = LiveMeeting(store, meeting, fake_time)  # another note-taker's process, in effect
    for text in words:
        store.add_item(meeting, other.draft_item(Draft(kind="note", text=text, by="Other"),
                                                 TODAY))


def _holds(screen: LiveScreen, count: int) -> Callable[[], bool]:
    return lambda: len(screen.live.items) == count


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_typing_and_saving_a_note_lay_nothing_out(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch,
        size: tuple[int, int]) -> None:
    start_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    layouts: list[str] = []
    recomposed: list[int] = []
    layout, recompose = Screen._refresh_layout, FittedFooter.recompose

    def counted_layout(self: Screen[object], size: object = None, scroll: bool = False
                       ) -> None:
        if not scroll:
            layouts.append("layout")
        layout(self, size, scroll)  # type: ignore[arg-type]

    async def counted_recompose(self: FittedFooter) -> None:
        recomposed.append(1)
        await recompose(self)

    async with app.run_test(size=size) as pilot:
        screen = live_screen(app)
        await wait_until(pilot, lambda: app.store_watch.live, what="the store watch")
        await pilot.press(*"warm up", "enter")  # the first note's one-off work
        await wait_until(pilot, lambda: len(screen.live.items) == 1, what="the first note")
        await pilot.pause(0.3)
        monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
        monkeypatch.setattr(FittedFooter, "recompose", counted_recompose)
        for n in range(3):
            await pilot.press(*f"note {n} about the vendor plan")
            await pilot.pause()
            await pilot.press("enter")
            await wait_until(pilot, lambda n=n: len(screen.live.items) == n + 2,  # type: ignore[misc]
                             what="saved")
            await pilot.pause()
        # before: the footer rebuilt its keys at the first letter and at Enter, and the line
        # under the box grew and shrank with its words: two layouts a note
        assert not recomposed and not layouts, (recomposed, layouts)


async def test_a_note_from_elsewhere_shows_in_the_first_frame_with_only_its_rows_drawn(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = start_meeting(store, fake_time)
    _add_notes(store, meeting, fake_time, [f"earlier note {n} " * 6 for n in range(30)])
    app = create_app(store, fake_time, today=TODAY)
    frames: list[str] = []
    cells: list[int] = []
    render_lines, render_cell = Feed.render_lines, DataTable._render_cell

    rows_before = [0]

    def seen(self: Feed, crop: object) -> list[Strip]:
        strips = render_lines(self, crop)  # type: ignore[arg-type]
        if self.row_count > rows_before[0]:  # frames from before the note arrived (a busy
            frames.append("\n".join(strip.text for strip in strips))  # machine) don't count
        return strips

    def rendered(self: DataTable[object], *args: object, **kwargs: object
                 ) -> list[list[Segment]]:
        if self.row_count > rows_before[0]:
            cells.append(1)
        return render_cell(self, *args, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=(120, 36)) as pilot:
        screen = live_screen(app)
        await wait_until(pilot, lambda: app.store_watch.live, what="the store watch")
        await pilot.pause(0.3)
        feed = screen.query_one(Feed)
        assert feed.max_scroll_y > 0, "the feed should be full, so a new row needs a scroll"
        rows_before[0] = feed.row_count
        monkeypatch.setattr(Feed, "render_lines", seen)
        monkeypatch.setattr(DataTable, "_render_cell", rendered)
        _add_notes(store, meeting, fake_time, ["arrived from the other terminal zq1x"])
        await wait_until(pilot, lambda: any("zq1x" in frame for frame in frames),
                         what="the new note drawn")
    # the frame that drew the row scrolled to it too (before: drawn below the view, then
    # scrolled into it a frame later)
    assert "zq1x" in frames[0], frames[0]
    # the new row (measured, then drawn) and the row the cursor left: three columns each
    # (before: every visible row again, 3 cells each)
    assert len(cells) <= 3 * 3, len(cells)


async def test_a_kept_row_is_drawn_again_when_its_cell_changes() -> None:
    """update_cell forgets what was kept: the rule that makes keeping rows safe."""
    from textual.app import App, ComposeResult

    from peertui.ui.widgets.kept_rows import KeptRowsTable

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield KeptRowsTable(cursor_type="row")

    app = One()
    async with app.run_test(size=(40, 8)) as pilot:
        table: KeptRowsTable[str] = app.query_one(KeptRowsTable)
        table.add_column("word", key="word", width=12)
        for n in range(3):
            table.add_row(f"row{n}", key=f"r{n}")
        await pilot.pause()

        def shown() -> str:
            return "\n".join(line.text for line in table.render_lines(table.region.reset_offset))

        assert "row1" in shown() and table._kept_lines  # drawn, and kept
        table.update_cell("r1", "word", "changed")
        await pilot.pause()
        assert "changed" in shown() and "row1" not in shown(), shown()


def test_only_a_process_of_one_app_freezes_what_it_holds(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(long_lived, "_allowed", False)
    before = gc.get_freeze_count()
    try:
        long_lived.freeze_long_lived()
        assert gc.get_freeze_count() == before  # a test process: never frozen
        long_lived.allow_freezing()
        long_lived.freeze_long_lived()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
