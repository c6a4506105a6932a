"""A group with two earlier meetings whose commitments the ledger has something to say of."""

from __future__ import annotations

from peertui.domain.records import Change, Item, Meeting
from peertui.services.groups import save_group
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.services.sample import sample_group
from peertui.store import Store
from tests.conftest import TODAY
from tests.fakes import FakeTime

FIRST, SECOND = "2026-07-16", "2026-09-17"  # the current meeting is on TODAY, 2026-11-27


def _done(day: str) -> tuple[Change, ...]:
    return (Change(at=f"{day}T12:00:00+00:00", field="status", old="open", new="done"),)


def seed(store: Store) -> dict[str, str]:
    """Member ids by first name.  Since the September meeting: Priya kept one of two (one
    of them private), Tom missed his, Art's undated deep-dive commitment falls due today."""
    group = sample_group()
    save_group(store, group)
    names = {m.name.split()[0]: m.id for m in group.members}
    art, priya, tom = names["Art"], names["Priya"], names["Tom"]
    early = [Item(id="j1", kind="action", text="Share the vendor scorecard", owner_id=priya,
                  due="2026-08-01", status="done", history=_done("2026-07-30"),
                  at=f"{FIRST}T17:00:00+00:00")]
    late = [
        Item(id="s1", kind="action", text="Send the board deck to Tom", owner_id=priya,
             due="2026-10-15", status="done", history=_done("2026-10-10"),
             at=f"{SECOND}T17:00:00+00:00"),
        Item(id="s2", kind="action", text="Call two ERP references", owner_id=tom,
             due="2026-11-01", status="open", at=f"{SECOND}T17:05:00+00:00"),
        Item(id="s3", kind="action", text="Decide phased or big-bang cutover", owner_id=art,
             status="open", segment_key="reflection", at=f"{SECOND}T18:00:00+00:00"),
        Item(id="s4", kind="action", text="Ask HR about the retention bonus", owner_id=priya,
             due="2026-10-20", status="open", private=True, at=f"{SECOND}T17:10:00+00:00"),
    ]
    for mid, day, items in (("m-july", FIRST, early), ("m-sept", SECOND, late)):
        create_meeting(store, Meeting(id=mid, group_id=group.id, date=day, presenter_id=art,
                                      topic="ERP"))
        for item in items:
            store.add_item(mid, item)
        refresh_summary(store, mid)
    return names


def meeting_today(store: Store, fake_time: FakeTime, segment: str = "followups") -> str:
    """Today's meeting, started and moved on to the first slot of *segment*."""
    group = store.groups()[0]
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[1], "Pricing", TODAY)
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, fake_time)
    live.act("start")
    steps = next(i for i, slot in enumerate(record.slots) if slot.segment_key == segment)
    for _ in range(steps):
        fake_time.advance(60)
        live.act("next")
    return record.id


def bare_meeting_today(store: Store) -> str:
    """Today's meeting as a record only (no plan): enough for the ledger's dates."""
    group = store.groups()[0]
    create_meeting(store, Meeting(id="m-today", group_id=group.id, date=TODAY.isoformat()))
    return "m-today"
