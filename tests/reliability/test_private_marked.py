"""Private means marked everywhere (issue 12, point 6): every list of items shows the lock
on a private one, and the projector shows no private item at all."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Static

from peertui.cli import cli
from peertui.domain.minutes import LOCK
from peertui.domain.text import cell_width
from peertui.services.live import LiveMeeting
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from peertui.ui.display_app import create_display
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.followups import FollowupsPanel
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.test_escapes import drawn, running_meeting
from tests.review.conftest import SECRET, SIZE, build_sample, settle

#: The private action item of the sample (Art's), as each table shows its text.
PRIVATE_ACTION = f"{SECRET}action: check the severance terms"


@pytest.fixture
def sample(store: Store) -> dict[str, str]:
    """The review suite's sample: private items of every kind in the past meeting."""
    return build_sample(store)


@pytest.fixture
def app(store: Store, fake_time: FakeTime, sample: dict[str, str]) -> PeerApp:
    return create_app(store, fake_time, today=TODAY)


def private_ids(store: Store) -> set[str]:
    return {i.id for m in store.meetings() for i in store.items(m.id) if i.private}


def marks_match(table: DataTable, private: set[str]) -> bool:  # type: ignore[type-arg]
    """Each row carries the lock exactly when its item is private; some rows are private."""
    shown = {str(row.key.value): any(str(cell).startswith(LOCK)
                                     for cell in table.get_row(row.key))
             for row in table.ordered_rows}
    wrong = {key for key, locked in shown.items() if locked != (key in private)}
    assert not wrong, f"rows marked wrongly: {wrong}"
    return bool(set(shown) & private)


async def test_live_feed_marks_private_items(store: Store, sample: dict[str, str],
                                             fake_time: FakeTime) -> None:
    running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert marks_match(app.screen.query_one(Feed), private_ids(store))


async def test_followups_panel_marks_private_commitments_and_actions(
        store: Store, sample: dict[str, str], fake_time: FakeTime) -> None:
    running_meeting(store, fake_time)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(FollowupsPanel)
        assert panel.display
        dive = str(panel.query_one("#fu-dive", Static).render())
        commitment = next(line for line in dive.splitlines() if PRIVATE_ACTION in line)
        assert LOCK in commitment, f"a private commitment without the mark: {commitment!r}"
        recommendation = next(line for line in dive.splitlines() if "talk to my lawyer" in line)
        assert LOCK in recommendation
        since = next(line for line in dive.splitlines() if "the CFO is leaving" in line)
        assert LOCK in since
        public = next(line for line in dive.splitlines() if "Shortlist two integrators" in line)
        assert LOCK not in public
        table = panel.query_one("#fu-actions", DataTable)
        assert marks_match(table, private_ids(store))


async def test_action_items_screen_marks_private_items(app: PeerApp, store: Store) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        assert marks_match(table, private_ids(store))


async def test_meeting_detail_tabs_mark_private_items(app: PeerApp, store: Store) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, MeetingDetailScreen)
        private = private_ids(store)
        for table in ("#detail-items", "#detail-recs", "#detail-actions"):
            assert marks_match(detail.query_one(table, DataTable), private), table
        minutes = [line for line in detail.minutes_text.splitlines() if SECRET in line]
        assert minutes and all(LOCK in line for line in minutes)
        follow = [line for line in detail.follow_text.splitlines() if SECRET in line]
        assert follow and all(LOCK in line for line in follow)


async def test_home_marks_private_open_actions(app: PeerApp, store: Store) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert marks_match(app.screen.query_one("#open-actions", DataTable), private_ids(store))


def test_actions_command_marks_private_items(store: Store, sample: dict[str, str]) -> None:
    listed = CliRunner().invoke(cli, ["--store", str(store.root), "actions",
                                      "--include-private", "--today", "2026-11-27"])
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if PRIVATE_ACTION in row)
    assert LOCK in line, f"a private item listed without the mark: {line!r}"
    public = [row for row in listed.output.splitlines()
              if "overdue" in row and SECRET not in row]
    assert public and not any(LOCK in row for row in public)
    listed_rows = [row for row in listed.output.splitlines() if row.endswith("2026-09-18")]
    starts = {cell_width(row[:row.rindex("2026-09-18")]) for row in listed_rows}
    assert len(starts) == 1, "the lock (two cells wide) pushed the FROM column out of line"
    hidden = CliRunner().invoke(cli, ["--store", str(store.root), "actions"])
    assert SECRET not in hidden.output


async def test_projector_never_shows_private_items(store: Store, sample: dict[str, str],
                                                   fake_time: FakeTime) -> None:
    """The latest items on the projector, with the newest ones private: none of them shows,
    the public one before them does."""
    meeting_id = running_meeting(store, fake_time)
    live = LiveMeeting(store, meeting_id, fake_time)
    for kind in ("note", "decision"):
        live.new_item(kind, f"{SECRET}{kind} the room must not see", private=True)
    app = create_display(store, fake_time)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.6)
        screen = drawn(app)
    assert "Feed recommendation to raise prices" in screen  # the latest public item
    assert SECRET not in screen and "layoffs" not in screen
