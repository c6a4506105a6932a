"""The live screen uses its space at every size (issue #13): read from what it draws.

Each test reads the characters the screen would send the terminal, cut to a widget's
region, so it checks what a person sees: the countdown growing with the terminal, whole
segment names in the rail, a top line that never ends in half a figure, F8 and F9 in a
narrow footer, and the now panel following the segment.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from msgspec.structs import replace
from textual.app import App
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widget import Widget

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.records import Meeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.agenda_rail import POINTER, wrapped
from peertui.ui.widgets.fitted_footer import Key, choose
from peertui.ui.widgets.meeting_bar import MeetingBar, bar_elements, fitted_pieces
from peertui.ui.widgets.now_panel import Due, Given, NowState, Speaker, now_content
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import clock_shown, live_screen, submit_note, wait_until

SIZES = [(70, 22), (80, 24), (120, 36), (200, 60), (300, 100)]
FRAMING = {"issue": "Our two plants run different ERPs and neither can be retired soon.",
           "goal": "One platform by 2028 without a week of lost shipments.",
           "background": "Plant B came with an acquisition in 2021.",
           "ask": "How did you sequence a migration like this?"}
TOPIC = "Merging two ERPs after an acquisition"


def screen_lines(app: App[Any]) -> list[str]:
    """Every row the screen would draw, as plain text."""
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for segment in strip) for strip in update.strips]


def text_of(app: App[Any], widget: Widget) -> list[str]:
    """The rows *widget* occupies on screen, cut to its region."""
    region = widget.region
    rows = screen_lines(app)[region.y:region.y + region.height]
    return [row[region.x:region.x + region.width] for row in rows]


def running_meeting(store: Store, fake_time: FakeTime) -> Meeting:
    """A meeting started a moment ago, framed by its presenter: the app opens it live."""
    group = load_sample(store, TODAY)
    present = [m.id for m in group.members if m.active]
    planned = new_meeting(group, group.template or default_template(), present, present[0],
                          TOPIC, TODAY, framing=FRAMING)
    meeting = replace(planned, events=(make_event("start", fake_time.now()),))
    create_meeting(store, meeting)
    return meeting


async def open_live(pilot: Pilot[Any]) -> None:
    await clock_shown(pilot)
    await pilot.pause()


async def go_to(pilot: Pilot[Any], segment_key: str) -> None:
    screen = live_screen(pilot.app)
    while (current := screen.live.state().current) is not None \
            and current.slot.segment_key != segment_key:
        await pilot.press("f4")
        await pilot.pause()
    await clock_shown(pilot)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_size_shows_whole_names_a_whole_top_line_and_the_keys_that_matter(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_live(pilot)
        fake_time.advance(40)
        await pilot.press("f4")  # welcome done 4:20 early: the pace reads "ahead by 4 min"
        await clock_shown(pilot)
        screen = live_screen(app)

        bar = screen.query_one(MeetingBar)
        top = text_of(app, bar)[0].strip()
        state = screen.live.state()
        elements = ["".join(text for text, _ in pieces) for _, pieces in bar_elements(state)]
        assert "ahead by 4 min" in elements
        assert top, "the top line says something at every size"
        assert all(part in elements for part in top.split(" · ")), \
            f"the top line {top!r} holds only whole elements of {elements}"
        assert "ahead by 4 min" in top, "the pace is the last to go"

        footer = screen_lines(app)[-1]
        for key in ("f2 ", "f4 Next", "f8 End", "f9 Notes"):
            assert key in footer, f"{key!r} missing from the footer at {size}: {footer!r}"

        rail = screen.query_one("#rail")
        if size[0] < screen.NARROW_BELOW:
            assert not screen.query_one("#side").display  # folded: the countdown names it
            return
        rows = text_of(app, rail)
        assert not any("…" in row for row in rows), rows
        titles = " ".join(" ".join(row[2:-16].split()) for row in rows)
        for segment in (s.title for s in default_template().segments):
            assert segment in titles, f"{segment!r} not whole in the rail at {size}: {rows}"


async def test_the_countdown_grows_with_the_terminal(store: Store,
                                                    fake_time: FakeTime) -> None:
    running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    heights = []
    async with app.run_test(size=SIZES[0]) as pilot:
        await open_live(pilot)
        clock = live_screen(app).query_one("#big-clock")
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            drawn = [row for row in text_of(app, clock) if row.strip()]
            heights.append(len(drawn))
            assert clock.region.height == len(drawn), "no blank rows inside the clock"
    assert heights[:2] == [3, 3], heights  # small terminals: three-row digits
    assert heights[2] < heights[3] < heights[4], heights
    assert heights[4] >= 20, f"a 100-row terminal gets a clock a fifth as tall: {heights}"


async def test_the_now_panel_follows_the_segment(store: Store, fake_time: FakeTime) -> None:
    meeting = running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_live(pilot)
        screen = live_screen(app)
        panel = screen.query_one("#now-scroll")

        def shown() -> str:
            return "\n".join(text_of(app, panel))

        assert "Speaking order: Business updates" in shown(), "welcome: who speaks next"
        await go_to(pilot, "followups")
        await wait_until(pilot, lambda: "Open action items due: 1" in shown(),
                         what="the open items due, read in a thread")
        text = " ".join(shown().split())
        assert "Priya Raman" in text and "data-migration checklist" in text, text
        assert "Shortlist two integrators" not in text, "due in two weeks: not due yet"
        await go_to(pilot, "updates")
        await pilot.press("f4")  # the second speaker is up
        await clock_shown(pilot)
        slots = [s for s in screen.live.state().slots if s.slot.segment_key == "updates"]
        first, second, third = (s.slot.title for s in slots[:3])
        lines = shown().splitlines()
        assert any(f"✓ {first}" in row for row in lines), lines
        assert any(f"▶ {second}" in row for row in lines), lines
        assert any(third in row and row.rstrip().endswith("next") for row in lines), lines

        await go_to(pilot, "deepdive")
        text = " ".join(shown().split())
        assert TOPIC in text and FRAMING["background"] in text, text
        assert "Plant B came with an acquisition in 2021." in text

        await go_to(pilot, "recommendations")
        assert "Recommendations so far" in shown() and "None yet" in shown()
        giver = screen.live.state().current
        assert giver is not None
        await submit_note(pilot, "Run both ERPs side by side for a quarter", "recommendation")
        await pilot.pause()
        assert [i.kind for i in store.items(meeting.id)] == ["recommendation"]
        text = " ".join(shown().split())
        assert "Recommendations so far" in text and "1" in text
        assert "Run both ERPs side by side for a quarter" in text, text
        assert any(f"▶ {giver.slot.title}" in row for row in shown().splitlines())


async def test_the_deep_dive_framing_is_shown_once(store: Store, fake_time: FakeTime) -> None:
    """Wide, the now panel has the framing and the countdown only the hour; narrow (no side
    column), the countdown shows its short form."""
    running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_live(pilot)
        await go_to(pilot, "deepdive")
        issue = FRAMING["issue"][:30]
        assert sum(issue in row for row in screen_lines(app)) == 1
        await pilot.resize_terminal(90, 36)
        await pilot.pause()
        await pilot.pause()
        countdown = live_screen(app).query_one("#countdown")
        assert any(issue in row for row in text_of(app, countdown))
        assert sum(issue in row for row in screen_lines(app)) == 1


# -- the choices behind the layout, without an app ---------------------------------------


def test_a_narrow_top_line_drops_the_planned_end_first_then_the_meeting_time() -> None:
    elements: list[tuple[int, list[tuple[str, str]]]] = [
        (3, [("Meeting ", ""), ("12 min", "b")]), (4, [("planned end ", ""), ("18:28", "b")]),
        (2, [("projected end ", ""), ("18:30", "b")]), (1, [("behind by 2 min", "bad")]),
        (0, [("PAUSED", "note")])]

    def shown(width: int) -> str:
        return "".join(text for text, _ in fitted_pieces(elements, width))

    full = shown(200)
    assert full == ("Meeting 12 min · planned end 18:28 · projected end 18:30 · "
                    "behind by 2 min · PAUSED")
    assert shown(len(full) - 1) == "Meeting 12 min · projected end 18:30 · behind by 2 min · PAUSED"
    assert shown(46) == "projected end 18:30 · behind by 2 min · PAUSED"
    assert shown(45) == "behind by 2 min · PAUSED"
    assert shown(10) == "PAUSED"


def test_the_footer_keeps_its_priority_keys_with_short_labels_before_dropping_any() -> None:
    def key(key_id: str, display: str, title: str) -> Key:
        return Key(Binding(display, key_id, title, id=key_id), True, "", display)

    keys = [key("toggle", "f2", "Start/Pause"), key("rebalance", "f7", "Rebalance"),
            key("end", "f8", "End"), key("leave", "esc", "Home")]
    priority, short = ("toggle", "end", "rebalance"), {"rebalance": "Rebal"}
    labels = [(k.id, label) for k, label in choose(keys, 200, priority, short)[0]]
    assert labels == [("toggle", "Start/Pause"), ("rebalance", "Rebalance"), ("end", "End"),
                      ("leave", "Home")]
    assert choose(keys, 200, priority, short)[1], "room for the palette key"
    narrow = choose(keys, 32, priority, short)
    assert [(k.id, label) for k, label in narrow[0]] == [
        ("toggle", "Start/Pause"), ("rebalance", "Rebal"), ("end", "End")]
    assert not narrow[1]
    assert [k.id for k, _ in choose(keys, 22, priority, short)[0]] == ["toggle", "end"]


def test_rail_titles_wrap_at_spaces_and_keep_their_times_on_the_first_line() -> None:
    rows = [("▶", "Reflection and commitments", "bold", "5:00", "1 min", ""),
            ("", POINTER + "Discussion and experience share", "bold", "30:00", "", "")]
    lines = wrapped(rows, 36)  # a 16-cell title column
    assert [line[1] for line in lines] == ["Reflection and", "commitments",
                                           POINTER + "Discussion and", "  experience share"]
    assert [line[3] for line in lines] == ["5:00", "", "30:00", ""]
    assert all(line[2] == "bold" for line in lines), "a wrapped current row stays marked"


def test_the_now_panel_content_follows_the_segment_key() -> None:
    queue = (Speaker("Art", "spoken", "4:10", over=True), Speaker("Priya", "now", "4:00"),
             Speaker("Tom", "next", "4:00"))
    now = NowState(segment_key="updates", round_title="Business updates", speakers=queue,
                   presenter="Dan", topic="Two ERPs", framing=(("Issue", "Plant B"),),
                   recommendations=(Given("Priya", "Run both for a quarter"),),
                   due=(Due("Tom", "2026-11-13", "Share the checklist"),))
    updates = now_content(now).plain
    assert "Speaking order: Business updates" in updates and "▶ Priya" in updates
    assert "Two ERPs" not in updates and "Recommendations" not in updates
    deep_dive = now_content(replace_now(now, "deepdive")).plain
    assert "Dan's challenge" in deep_dive and "Plant B" in deep_dive
    assert "Speaking order" not in deep_dive
    recommending = now_content(replace_now(now, "recommendations")).plain
    assert "Speaking order" in recommending and "Run both for a quarter" in recommending
    reflecting = now_content(replace_now(now, "reflection", speakers=())).plain
    assert reflecting.startswith("Recommendations so far to Dan: 1")
    followups = now_content(replace_now(now, "followups")).plain
    assert "Open action items due: 1" in followups and "Share the checklist" in followups


def replace_now(now: NowState, key: str, **changes: Any) -> NowState:
    return dataclasses.replace(now, segment_key=key, **changes)


def test_the_header_drops_the_date_then_the_presenter_never_the_role() -> None:
    from peertui.ui.screens.live.role import HEADER_CHROME, header_line

    base = "Harbor CIOs · 2026-12-01 · deep dive: Grace Lee"
    role = "note-taker: Sam Ode on vm · Priya Raman on vm drives the clock"
    assert header_line(base, role, 300) == f"{base} · {role}"
    narrower = header_line(base, role, HEADER_CHROME + len(base) + len(role))
    assert narrower == f"Harbor CIOs · deep dive: Grace Lee · {role}"
    assert header_line(base, role, HEADER_CHROME + len(role) + 14) == f"Harbor CIOs · {role}"
    assert header_line(base, role, 80) == role  # too long beside anything: the role alone
    assert header_line("", "driving", 80) == "driving"


async def test_at_80_columns_the_header_says_who_drives_whole(store: Store,
                                                               fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        screen = live_screen(app)
        assert screen.sub_title.endswith("driving")
        assert "2026" not in screen.sub_title  # the date gave way, whole
        assert len(f"peertui — {screen.sub_title}") <= 80 - 18  # beside the icon and clock
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert "deep dive: " in screen.sub_title and screen.sub_title.endswith("driving")
