"""The minutes and the JSON export of a meeting carry the reports back said there and the
ledger's part of that meeting; private ones stay home unless asked."""

from __future__ import annotations

import json

from peertui.domain.ledger import Commitment
from peertui.services.exports import export_meeting
from peertui.services.ledger import read_ledger, record_report
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ledger.seed import bare_meeting_today, seed
from tests.ui.helpers import wait_until


def row(store: Store, item_id: str) -> Commitment:
    ledger = read_ledger(store, store.groups()[0].id)
    return next(r for r in ledger.rows if r.item.id == item_id)


def reported(store: Store) -> str:
    """Two reports said at today's meeting: a public one, and a private one."""
    seed(store)
    today = bare_meeting_today(store)
    record_report(store, row(store, "s3"), "Phased, plant by plant", "2026-11-27T16:05:00Z",
                  captured_in=today, mark_done=True)
    record_report(store, row(store, "s2"), "The references never called back",
                  "2026-11-27T16:07:00Z", captured_in=today, private=True)
    return today


def test_minutes_list_what_was_reported_back(store: Store) -> None:
    today = reported(store)
    text = export_meeting(store, today, "md").text
    assert "## Reported back" in text
    assert "- Art Delgado on “Decide phased or big-bang cutover”: Phased, plant by plant" \
        in text
    assert "never called back" not in text
    assert "1 private item left out" in text
    everything = export_meeting(store, today, "md", include_private=True).text
    assert "🔒 Tom Becker on “Call two ERP references”: The references never called back" \
        in everything


def test_json_holds_the_meetings_part_of_the_ledger(store: Store) -> None:
    today = reported(store)
    doc = json.loads(export_meeting(store, today, "json").text)
    ledger = doc["commitments"]
    assert [r["text"] for r in ledger["reported_back"]] == ["Phased, plant by plant"]
    assert ledger["kept_since_last"] == {"kept": 2, "fell_due": 4}  # s3 now done today
    assert doc["left_out_private"] == 1
    sept = json.loads(export_meeting(store, "m-sept", "json").text)
    made = {c["item_id"]: c for c in sept["commitments"]["made"]}
    assert set(made) == {"s1", "s2", "s3"}  # s4 is private
    assert made["s2"]["reports"] == []  # its report is private
    items = {i["id"]: i for i in sept["items"]}
    assert items["s2"]["reports"] == [] and len(items["s3"]["reports"]) == 1
    assert sept["left_out_private"] == 2  # the item s4 (its commitment too), s2's report


async def test_the_review_of_a_meeting_lists_what_was_reported_there(
        store: Store, fake_time: FakeTime) -> None:
    """The detail's minutes gain the reports once the ledger is read (in a thread)."""
    today = reported(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(MeetingDetailScreen(today))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingDetailScreen)
        await wait_until(pilot, lambda: "## Reported back" in screen.minutes_text,
                         what="the reports said at this meeting")
        assert "🔒 Tom Becker on “Call two ERP references”" in screen.minutes_text
