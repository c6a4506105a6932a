"""Every screen at 80x24, 120x36 and 200x60 on a frozen clock.

Each picture was looked at before it was accepted; regenerate only on purpose
(`make snapshots`) and look at every changed one (the report pytest-textual-snapshot writes).
A screen is reached the way a person reaches it, by its keys from home.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Input

from peertui.services.live import LiveMeeting
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from peertui.ui.display_app import create_display
from tests.conftest import MEETING_START, TODAY
from tests.fakes import FakeTime
from tests.room.helpers import start_meeting
from tests.ui.helpers import clock_shown

SIZES = {"80x24": (80, 24), "120x36": (120, 36), "200x60": (200, 60)}
Steps = Callable[[Pilot[None], FakeTime], Awaitable[None]]


def _app(tmp_path: Path, sample: bool = True) -> tuple[PeerApp, FakeTime]:
    store = Store.open(tmp_path / "snap-store")
    if sample:
        load_sample(store, TODAY)
    time = FakeTime(MEETING_START)
    return create_app(store, time, today=TODAY), time


async def _steady(pilot: Pilot[None]) -> None:
    """No blinking cursors, no pending work: the same picture every run."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def _keys(*keys: str) -> Steps:
    async def press(pilot: Pilot[None], time: FakeTime) -> None:
        await pilot.press(*keys)
    return press


async def _into_updates(pilot: Pilot[None], time: FakeTime, minutes: float = 1.5,
                        pause: bool = False) -> None:
    """Start a meeting from home and run the clock into the second speaker's update."""
    await pilot.press("n", "f2", "f2")
    time.advance(5 * 60)
    await pilot.press("f4")
    time.advance(12 * 60)
    await pilot.press("f4")
    time.advance(minutes * 60)
    if pause:
        await pilot.press("f2")
        time.advance(90)
    await clock_shown(pilot)  # the screen's own next tick shows the moved clock
    pilot.app.screen.query_one("#feed").focus()


async def _live_overtime(pilot: Pilot[None], time: FakeTime) -> None:
    await _into_updates(pilot, time, 5 + 23 / 60)


async def _live_paused(pilot: Pilot[None], time: FakeTime) -> None:
    await _into_updates(pilot, time, 2, pause=True)


async def _live_keys(pilot: Pilot[None], time: FakeTime) -> None:
    await _into_updates(pilot, time)
    await pilot.press("f1")


async def _search(pilot: Pilot[None], time: FakeTime) -> None:
    await pilot.press("slash")
    await pilot.press(*"budget")
    await pilot.pause(0.3)  # the search runs after a short pause in typing


SCREENS: dict[str, Steps] = {
    "home": _keys(),
    "setup": _keys("n"),
    "live": _into_updates,
    "live_keys": _live_keys,
    "add_member": _keys("a"),
    "roster": _keys("m"),
    "agendas": _keys("t"),
    "rhythm": _keys("w"),
    "past_meetings": _keys("p"),
    "meeting_detail": _keys("p", "enter"),
    "search": _search,
    "actions": _keys("o"),
    "health": _keys("h"),
    "meeting_voice": _keys("p", "enter", "7"),
}


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(tmp_path, sample=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, tmp_path: Path, screen: str, size: str) -> None:  # type: ignore[no-untyped-def]
    app, time = _app(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await SCREENS[screen](pilot, time)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run)


@pytest.mark.parametrize("moment", ["overtime", "paused"])
def test_live_moment(snap_compare, tmp_path: Path, moment: str) -> None:  # type: ignore[no-untyped-def]
    app, time = _app(tmp_path)
    steps = _live_overtime if moment == "overtime" else _live_paused

    async def run(pilot: Pilot[None]) -> None:
        await steps(pilot, time)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES["120x36"], run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_topic_bank(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    """The topic bank (b from home) with topics waiting and one a deep dive took."""
    from datetime import timedelta

    from peertui.services.topics import add_topic, take_topic

    app, _ = _app(tmp_path)
    store = app.store
    group = store.groups()[0]
    art, priya, tom = group.members[0], group.members[1], group.members[2]
    add_topic(store, group.id, priya.id, "ERP vendor exit: the vendor is being bought",
              "A", TODAY - timedelta(weeks=5))
    add_topic(store, group.id, tom.id, "Board wants an AI plan by spring", "B",
              TODAY - timedelta(weeks=2))
    taken = add_topic(store, group.id, art.id, "Replacing the ERP", "B",
                      TODAY - timedelta(weeks=16))
    take_topic(store, group.id, taken.id, store.meetings(group.id)[0].id)

    async def run(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run)


@pytest.mark.parametrize("size", ["80x24", "200x60"])
def test_topic_form(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    """The topic bank's add form (b, then a), with an issue typed."""
    app, _ = _app(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await pilot.press("b", "a")
        await pilot.pause()
        pilot.app.screen.query_one("#topic-issue", Input).value = "ERP vendor exit"
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_projector(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    """The projector view of a meeting in its second speaker's update."""
    store = Store.open(tmp_path / "snap-store")
    time = FakeTime(MEETING_START)
    live = LiveMeeting(store, start_meeting(store, time), time)
    for minutes in (5, 10):
        time.advance(minutes * 60)
        live.act("next")
    time.advance(4 * 60 + 30)
    live.act("next")
    time.advance(75)
    display = create_display(store, time)
    assert snap_compare(display, terminal_size=SIZES[size], run_before=_steady)


# -- issue #14, the presenter's worksheet and the pulse (wt-worksheet) --------------------

async def _worksheet_filled(pilot: Pilot[None], time: FakeTime) -> None:
    """The next presenter's worksheet from home (s), three answers typed."""
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#ws-issue", Input).value = "Two ERPs after the acquisition"
    screen.query_one("#ws-decision", Input).value = "Which ERP we keep, by March"
    screen.query_one("#ws-want", Input).value = "How you sequenced yours"


async def _life_areas(pilot: Pilot[None], time: FakeTime) -> None:
    from peertui.ui.screens.life_areas import LifeAreasScreen

    await pilot.app.screen.run_action("group_screen('life_areas')")
    for _ in range(50):  # mounted, with its inputs, before _steady stops their cursors
        await pilot.pause()
        if isinstance(pilot.app.screen, LifeAreasScreen) and pilot.app.screen.query(Input):
            break
    await pilot.pause()


WORKSHEET_VIEWS: dict[str, Steps] = {
    "worksheet": _worksheet_filled,
    "life_areas": _life_areas,
    # "followups_needs_met" left out: its picture changed between runs (a follow-ups row
    # appearing after the panel's reads, not yet pinned down); the Pilot tests in
    # tests/ui/test_worksheet.py check that row at 80x24 and 200x60.
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", WORKSHEET_VIEWS)
def test_worksheet_view(snap_compare, tmp_path: Path, view: str, size: str) -> None:  # type: ignore[no-untyped-def]
    app, time = _app(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await WORKSHEET_VIEWS[view](pilot, time)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_projector_worksheet(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    """The projector in the deep dive's presentation: the worksheet under the clock."""
    store = Store.open(tmp_path / "snap-store")
    time = FakeTime(MEETING_START)
    meeting_id = start_meeting(store, time)
    store.change_meeting(meeting_id, lambda m: replace(m, topic="Two ERPs", framing={
        "issue": "Two plants, two ERPs, neither can be retired soon.",
        "why": "Plant B ships late every month.", "want": "How you sequenced yours.",
        "not_want": "Vendor pitches."}))
    live = LiveMeeting(store, meeting_id, time)
    while (current := live.state().current) is not None \
            and current.slot.segment_key != "deepdive":
        time.advance(60)
        live.act("next")
    time.advance(75)
    display = create_display(store, time)
    assert snap_compare(display, terminal_size=SIZES[size], run_before=_steady)
