"""The ledger read from a store, and a report back written into it."""

from __future__ import annotations

from datetime import date

import pytest

from peertui.domain.records import Item, Outcome
from peertui.services.ledger import read_ledger, record_report
from peertui.store import Store
from tests.conftest import TODAY
from tests.ledger.seed import bare_meeting_today, seed


def test_figures_read_from_the_store(store: Store) -> None:
    names = seed(store)
    bare_meeting_today(store)
    group = store.groups()[0]
    ledger = read_ledger(store, group.id)
    assert ledger.figure(names["Priya"], TODAY).words() == "2 of 3 (67%)"
    assert ledger.figure(names["Tom"], TODAY).words() == "0 of 1 (0%)"
    public = read_ledger(store, group.id, include_private=False)
    assert public.figure(names["Priya"], TODAY).words() == "2 of 2 (100%)"
    # Since September: s1 kept, s2 and s4 missed, and today s3 (no date: this meeting).
    assert [r.item.id for r in ledger.due_since_last(TODAY)] == ["s1", "s2", "s4", "s3"]
    assert ledger.kept_since_last(TODAY).words() == "1 of 4 (25%)"
    trend = ledger.trend(names["Priya"], TODAY)
    assert [(d.isoformat(), f.kept, f.fell_due) for d, f in trend] == [
        ("2026-07-16", 0, 0), ("2026-09-17", 1, 1), ("2026-11-27", 2, 3)]


def test_a_report_is_saved_on_the_item_and_can_mark_it_done(store: Store) -> None:
    names = seed(store)
    bare_meeting_today(store)
    ledger = read_ledger(store, store.groups()[0].id)
    row = next(r for r in ledger.rows if r.item.id == "s3")
    item = record_report(store, row, "  Phased, plant by plant ", "2026-11-27T16:05:00+00:00",
                         captured_in="m-today", by="Tom", mark_done=True)
    assert item.status == "done" and item.history[-1].field == "status"
    assert [(r.text, r.captured_in, r.by) for r in item.reports] == [
        ("Phased, plant by plant", "m-today", "Tom")]
    again = read_ledger(store, store.groups()[0].id)
    assert again.figure(names["Art"], TODAY).words() == "1 of 1 (100%)"
    with pytest.raises(ValueError, match="Type something"):
        record_report(store, row, "   ", "2026-11-27T16:06:00+00:00", captured_in=None)
    saved = next(i for i in store.items("m-sept") if i.id == "s3")
    assert len(saved.reports) == 1  # nothing saved by the empty one


def test_not_due_before_the_meeting(store: Store) -> None:
    names = seed(store)
    ledger = read_ledger(store, store.groups()[0].id)
    assert ledger.figure(names["Art"], date(2026, 11, 1)).fell_due == 0


def test_an_adopted_recommendation_is_reported_back_and_kept(store: Store) -> None:
    names = seed(store)
    rec = Item(id="r1", kind="recommendation", text="Pilot the smallest plant first",
               giver_id=names["Tom"], recipient_id=names["Art"],
               outcome=Outcome(status="adopted", at="2026-09-17T18:00:00+00:00"))
    store.add_item("m-sept", rec)
    today = bare_meeting_today(store)
    ledger = read_ledger(store, store.groups()[0].id)
    row = next(r for r in ledger.due_since_last(TODAY) if r.item.id == "r1")
    assert (row.owner_id, row.source, row.due, row.kept) == (names["Art"], "adopted", TODAY,
                                                             False)
    item = record_report(store, row, "Plant 3 goes first, in March", "2026-11-27T16:10:00Z",
                         captured_in=today, mark_done=True)
    assert item.status == "" and not item.history  # a recommendation has no status to set
    again = read_ledger(store, store.groups()[0].id)
    assert next(r for r in again.rows if r.item.id == "r1").kept
