"""The projector view: follows the store, scales to the terminal, never shows private items."""

from __future__ import annotations

import pytest
from textual.widgets import Digits, Static

from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.store import Store
from peertui.ui.display_app import WAITING, DisplayApp
from peertui.ui.widgets.big_clock import BigClock, BlockDigits, block_scale, render_blocks
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting


def shown_text(app: DisplayApp) -> str:
    """Everything the display's text widgets show right now."""
    parts = []
    for widget in app.screen.query(Static):
        if widget.display and all(a.display for a in widget.ancestors_with_self
                                  if hasattr(a, "display")):
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def test_no_meeting_says_so_and_waits_then_follows_one(store: Store,
                                                             fake_time: FakeTime) -> None:
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        assert WAITING in shown_text(app)
        meeting = start_meeting(store, fake_time)
        app.poll_store()
        await pilot.pause()
        assert WAITING not in shown_text(app)
        assert "Welcome and confidentiality" in shown_text(app)
        assert app.query_one(BigClock).text == "5:00"
        fake_time.advance(61)
        app.tick()
        await pilot.pause()
        assert app.query_one(BigClock).text == "3:59"

        LiveMeeting(store, meeting, fake_time).act("next")
        app.poll_store()
        await pilot.pause()
        assert "Follow-ups" in shown_text(app)
        assert app.query_one(BigClock).text == "10:00"


@pytest.mark.parametrize("size", [(40, 12), (120, 36), (300, 100)])
async def test_scales_to_the_terminal(store: Store, fake_time: FakeTime,
                                      size: tuple[int, int]) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    fake_time.advance(5 * 60)
    live.act("next")
    fake_time.advance(10 * 60)
    live.act("next")
    fake_time.advance(4 * 60 + 83)  # first speaker over by 1:23
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        clock = app.query_one(BigClock)
        text = shown_text(app)
        assert clock.text == "+1:23"
        assert "OVER +1:23" in text, "overtime in words, not only in colour"
        assert "Speaking now: " in text and "Next: " in text
        assert app.query_one("#room").has_class("-over")
        if size[0] < 60:
            assert clock.mode == "digits" and app.query_one(Digits).display
        else:
            assert clock.mode == "blocks"
            assert block_scale(clock.text, clock.size.width, clock.size.height) >= 2
            blocks = app.query_one(BlockDigits)
            rows = [blocks.render_line(y).text for y in range(blocks.size.height)]
            drawn = [row for row in rows if "█" in row]
            assert len(drawn) >= 7 and all(len(row) == blocks.size.width for row in rows)
            if size[0] >= 300:
                assert len(drawn) >= 25, "a wide terminal gets huge digits"


def test_block_digits_grow_with_room() -> None:
    small = render_blocks("12:34", 2)
    huge = render_blocks("12:34", 10)
    assert len(small) == 7 and len(huge) == 35
    assert len(huge[0]) == 5 * len(small[0])
    assert block_scale("12:34", 300, 90) > block_scale("12:34", 120, 28) >= 2
    assert block_scale("9:59", 120, 28) == block_scale("10:00", 120, 28), "no jump at 10:00"


async def test_private_items_never_show(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    live.new_item("note", "Dan is leaving Prairie Energy", private=True)
    live.new_item("recommendation", "Call two references", giver_id=live.record.present[1],
                  recipient_id=live.record.presenter_id)
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        text = shown_text(app)
        assert "Call two references" in text
        assert "Dan is leaving" not in text
        live.new_item("decision", "Secret decision", private=True)
        live.new_item("note", "Public note")
        app.poll_store()
        await pilot.pause()
        text = shown_text(app)
        assert "Public note" in text and "Secret decision" not in text
        assert all(not i.private for i in app.follower.followed.public_items)


async def test_ended_and_paused_are_said_in_words(store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(100, 30)) as pilot:
        live.act("pause")
        app.poll_store()
        await pilot.pause()
        assert "PAUSED" in shown_text(app)
        live.act("end")
        app.poll_store()
        await pilot.pause()
        assert "Meeting ended" in shown_text(app)


async def test_after_the_end_it_waits_for_the_next_meeting_and_follows_it(
        store: Store, fake_time: FakeTime) -> None:
    meeting = start_meeting(store, fake_time)
    live = LiveMeeting(store, meeting, fake_time)
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.query_one(BigClock).text == "5:00"
        fake_time.advance(90 * 60)
        live.act("end")
        app.poll_store()
        fake_time.advance(3600)  # long after: still waiting, not frozen on the last countdown
        app.tick()
        await pilot.pause()
        text = shown_text(app)
        assert "Meeting ended at 17:30 — waiting for the next meeting" in text
        assert not app.query_one("#room").display and "Welcome" not in text

        first = store.meeting(meeting)
        group = store.group(first.group_id) if first is not None else None
        assert group is not None and group.template is not None and first is not None
        record = new_meeting(group, group.template, list(first.present), first.present[1],
                             "Pricing", TODAY)
        create_meeting(store, record)
        LiveMeeting(store, record.id, fake_time).act("start")
        app.poll_store()
        await pilot.pause()
        text = shown_text(app)
        assert "waiting" not in text and "Welcome and confidentiality" in text
        assert app.follower.followed is not None
        assert app.follower.followed.meeting_id == record.id
        assert app.query_one(BigClock).text == "5:00"


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
async def test_the_pace_line_fits_one_line_and_moves_by_the_minute(
        store: Store, fake_time: FakeTime, width: int) -> None:
    start_meeting(store, fake_time)
    fake_time.advance(20 * 60 + 45)
    app = DisplayApp(store, fake_time)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        pace = app.query_one("#room-pace", Static)
        words = str(pace.content)
        assert "behind by 15 min" in words and pace.size.height == 1, words
        if width >= 60:
            assert "20 min of 2 h 28 min" in words
        assert len(pace.visual.plain) <= width - 2  # type: ignore[union-attr]
        if width >= 120:
            assert "planned end" in words and "projected end" in words
        fake_time.advance(10)
        app.tick()
        await pilot.pause()
        assert str(pace.content) == words  # seconds later: the same words
