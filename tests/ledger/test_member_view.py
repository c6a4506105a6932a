"""The member view from the roster: their ledger, say/do and its trend, at 80x24 and 200x60."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from peertui.domain.minutes import LOCK
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.member_view import MemberView
from peertui.ui.screens.roster import RosterScreen
from peertui.ui.widgets.member_ledger import LOAD_GROUP, MemberLedger
from peertui.ui.widgets.trend_chart import TrendChart
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ledger.seed import bare_meeting_today, seed


async def open_member(pilot: Pilot[None], name: str, key: str) -> MemberView:
    """From home to the roster, the cursor onto *name*, then *key* (enter or l)."""
    await pilot.press("m")
    await pilot.pause()
    roster = pilot.app.screen
    assert isinstance(roster, RosterScreen)
    table = roster.query_one("#roster-table", DataTable)
    table.focus()
    names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    await pilot.press("home", *["down"] * names.index(name), key)
    await pilot.pause()
    view = pilot.app.screen
    assert isinstance(view, MemberView)
    await pilot.app.workers.wait_for_complete(
        [w for w in pilot.app.workers if w.group == LOAD_GROUP])
    await pilot.pause()
    return view


def text_of(view: MemberView, selector: str) -> str:
    return str(view.query_one(selector, Static).render())


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_member_view_shows_the_ledger_and_say_do(store: Store, fake_time: FakeTime,
                                                          size: tuple[int, int]) -> None:
    seed(store)
    bare_meeting_today(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        view = await open_member(pilot, "Priya Raman", "enter")
        assert "kept by the due date 2 of 3 (67%)" in text_of(view, "#ledger-figure")
        assert text_of(view, "#ledger-trend-words").endswith("nothing due → 100% → 67%")
        chart = view.query_one("#ledger-trend", TrendChart)  # on a fixed 0-100% scale
        top, foot = str(chart.render()).splitlines()
        assert chart.display and top.startswith("100% ┤") and foot.startswith("  0% ┤ · ")
        assert top.endswith("███ ▃▃▃") and foot.endswith("███ ███")  # 100%, then 67%
        table = view.query_one("#ledger-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[2] for r in rows] == ["missed", "kept", "kept"]  # newest first
        assert rows[0][3] == f"{LOCK} Ask HR about the retention bonus"  # private: locked
        ledger = view.query_one(MemberLedger)
        assert ledger.region.width <= size[0] and table.region.right <= size[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_l_opens_it_too_and_a_member_without_commitments_is_told(
        store: Store, fake_time: FakeTime) -> None:
    seed(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        group = store.groups()[0]
        other = next(m.name for m in group.members
                     if m.name.split()[0] not in ("Art", "Priya", "Tom"))
        view = await open_member(pilot, other, "l")
        assert "nothing has fallen due yet" in text_of(view, "#ledger-figure")
        assert "No commitments yet" in text_of(view, "#ledger-trend-words")
        assert not view.query_one("#ledger-trend", TrendChart).display
