"""The live feed is read whole (issue 13, part 1): long notes wrap at word boundaries with
who said them, Enter shows one item on its own, the feed follows the newest, and saving one
item adds one row without building the others again."""

from __future__ import annotations

from time import perf_counter
from typing import Any

import msgspec
import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input

from peertui.domain.minutes import LOCK
from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.item_reader import ItemReader
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import settle
from tests.ui.feed_fixture import LONG_NOTE, meeting_with_long_note
from tests.ui.helpers import live_screen, submit_note


def flat(text: str) -> str:
    """The screen's characters with line breaks and runs of spaces made one space."""
    return " ".join(text.split())


def drawn_in(app: Any, region: Region) -> str:
    """What the terminal shows inside *region* of the screen, line by line."""
    update = app.screen._compositor.render_full_update()
    lines = []
    for y in range(region.y, region.bottom):
        line = Strip.join(list(update.strips[y]))
        lines.append(line.crop(region.x, region.right).text)
    return "\n".join(lines)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_a_300_character_note_is_read_whole(store: Store, fake_time: FakeTime,
                                                  size: tuple[int, int]) -> None:
    assert len(LONG_NOTE) == 300
    meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        feed = live_screen(app).query_one(Feed)
        # the feed follows the newest: the long note, saved last, is the selected row
        assert feed.cursor_row == feed.row_count - 1
        cells = [str(cell) for cell in feed.get_row_at(feed.cursor_row)]
        assert cells[-1].startswith("Priya Raman: " + LONG_NOTE)  # named, and never cut
        row = feed.ordered_rows[feed.cursor_row]
        assert feed.rows[row.key].height > 2  # wrapped over several lines, not one cut line
        feed.focus()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ItemReader)
        box = reader.query_one("#reader-text").region
        shown = flat(drawn_in(app, box))
        assert LONG_NOTE in shown, "the note is not on the screen whole"
        assert "Priya Raman" in flat(drawn_in(app, reader.query_one("#item-reader").region))
        assert box.bottom <= size[1] and box.right <= size[0]
        await pilot.press("escape")
        assert app.screen is live_screen(app)


async def test_long_rows_wrap_at_word_boundaries(store: Store, fake_time: FakeTime) -> None:
    meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        feed = live_screen(app).query_one(Feed)
        lines = feed._render_cell(feed.cursor_row, 2, feed.rich_style,
                                  feed.columns[feed.ordered_columns[2].key].get_render_width(
                                      feed))
        texts = [" ".join("".join(s.text for s in line).split()) for line in lines]
        words = set(("Priya Raman: " + LONG_NOTE).split())
        assert len([t for t in texts if t]) > 2
        for text in texts:  # every line ends on a whole word
            assert all(word in words or word.startswith("(") or word.endswith(")")
                       for word in text.split()), text


async def test_the_feed_says_who_for_each_kind_and_marks_private(
        store: Store, fake_time: FakeTime) -> None:
    meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        feed = live_screen(app).query_one(Feed)
        rows = {str(feed.get_row_at(i)[-1]).split(": ", 1)[-1].split("  (")[0]:
                [str(cell) for cell in feed.get_row_at(i)] for i in range(feed.row_count)}
        name = {i.text: i for i in store.items(live_screen(app).meeting_id)}
        people = store.groups()[0].names
        action = name["Feed action to call the bank"]
        assert rows[action.text][-1].startswith(  # owner and due
            f"{people[action.owner_id or '']}, due 2026-11-27: ")
        rec = name["Feed recommendation to raise prices"]
        assert rows[rec.text][-1].startswith(  # giver → recipient
            f"{people[rec.giver_id or '']} → {people[rec.recipient_id or '']}: ")
        assert rows["Private feed note about layoffs"][1] == f"{LOCK}note"
        assert rows["Public feed note about pricing"][1] == "note"
        assert rows["Public feed note about pricing"][-1].endswith("(Follow-ups)")


async def test_adding_one_item_adds_one_row_and_follows_the_newest(
        store: Store, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_id, _ = meeting_with_long_note(store, fake_time)
    live = LiveMeeting(store, meeting_id, fake_time)
    for n in range(300):  # hundreds of items already in the feed
        store.add_item(meeting_id, live.stamp("note", f"Earlier note number {n}"))
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        feed = screen.query_one(Feed)
        assert feed.row_count == 305
        first_rows = list(feed.rows.values())[:5]
        calls: list[str] = []
        real_add, real_clear = feed.add_row, feed.clear

        def add_row(*args: Any, **kwargs: Any) -> Any:
            calls.append("add")
            return real_add(*args, **kwargs)

        def clear(*args: Any, **kwargs: Any) -> Any:
            calls.append("clear")
            return real_clear(*args, **kwargs)

        monkeypatch.setattr(feed, "add_row", add_row)
        monkeypatch.setattr(feed, "clear", clear)
        feed.move_cursor(row=3)  # the note-taker reads an old item, feed not focused
        started = perf_counter()
        await submit_note(pilot, "One more note, typed now")
        took = perf_counter() - started
        await pilot.pause()
        assert calls == ["add"], calls  # one row added, none built again
        assert list(feed.rows.values())[:5] == first_rows
        assert feed.row_count == 306
        assert feed.cursor_row == 305  # the newest is in view
        assert "One more note, typed now" in str(feed.get_row_at(305)[-1])
        print(f"\nsaving one note beside 305 items: {took * 1000:.1f} ms")


async def test_another_writers_item_keeps_a_reader_where_they_are(
        store: Store, fake_time: FakeTime) -> None:
    meeting_id, _ = meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        feed = live_screen(app).query_one(Feed)
        feed.focus()
        await pilot.press("up", "up")
        reading = feed.cursor_row
        other = LiveMeeting(store, meeting_id, fake_time)
        store.add_item(meeting_id, msgspec.structs.replace(
            other.stamp("note", "Saved in another terminal"), by="other"))
        feed.show([*live_screen(app).live.items, store.items(meeting_id)[-1]],
                  live_screen(app).names)
        assert feed.cursor_row == reading  # not yanked away from what is being read
        assert "Saved in another terminal" in str(feed.get_row_at(feed.row_count - 1)[-1])


async def test_reader_edits_and_deletes_with_the_feeds_keys(store: Store,
                                                            fake_time: FakeTime) -> None:
    meeting_id, _ = meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        feed = screen.query_one(Feed)
        feed.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ItemReader)
        await pilot.press("delete")
        await pilot.pause()
        assert app.screen is screen
        assert LONG_NOTE not in [i.text for i in store.items(meeting_id)]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert LONG_NOTE in [i.text for i in store.items(meeting_id)]
        assert screen.query_one("#note-text", Input).value == ""


async def test_deleting_one_item_removes_its_row_only(store: Store, fake_time: FakeTime,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_id, _ = meeting_with_long_note(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = live_screen(app)
        feed = screen.query_one(Feed)
        cleared: list[bool] = []
        real_clear = feed.clear
        monkeypatch.setattr(feed, "clear", lambda *a, **k: cleared.append(True)
                            or real_clear(*a, **k))
        feed.focus()
        await pilot.press("up")  # the item before the long note
        gone = feed.selected_item()
        assert gone is not None
        await pilot.press("delete")
        await pilot.pause()
        texts = [i.text for i in store.items(meeting_id)]
        assert len(texts) == feed.row_count == 4
        assert not any(gone.text in str(feed.get_row_at(n)[-1]) for n in range(4))
        assert not cleared  # the other rows were left as they were
        assert all(text.split(" ")[0] in str(feed.get_row_at(n)[-1])
                   for n, text in enumerate(texts))
        await pilot.press("ctrl+z")  # back in its place, in time order
        await pilot.pause()
        assert feed.row_count == 5
        assert feed.selected_item() is not None
