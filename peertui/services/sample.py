"""A sample group a new user can try everything with: eight members, their last meeting and,
on first run, the year before it (services/sample_history.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from msgspec.structs import replace

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.ids import new_id
from peertui.domain.models import Group, Member
from peertui.domain.records import ClockEvent, Item, ItemKind, Meeting, Slot
from peertui.domain.timesource import to_iso
from peertui.services.groups import save_group
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.store import Store

MEMBERS = [
    ("Art Delgado", "Harbor Freight Lines", "$250M-$1B", "strategic"),
    ("Priya Raman", "Northwind Health", "$250M-$1B", "strategic"),
    ("Tom Becker", "Becker Tools", "$100M-$250M", "tactical"),
    ("Grace Okafor", "Lakeside Credit Union", "$250M-$1B", "strategic"),
    ("Mei Lin", "Summit Foods", "$250M-$1B", "tactical"),
    ("Dan Novak", "Prairie Energy", "$250M-$1B", "strategic"),
    ("Sofia Rossi", "Bellwether Insurance", "$250M-$1B", "strategic"),
    ("Kwame Mensah", "Atlas Logistics", "$100M-$250M", "tactical"),
]

RECOMMENDATIONS = [
    "Run the ERP cut-over by region, not big-bang; start with the smallest plant.",
    "Put a named business owner on every workstream before you sign with the integrator.",
    "Budget 20% contingency for data migration; ours ran three months long.",
    "Ask the vendor for two reference customers your size and call them yourself.",
    "Freeze customisations: every one you add is an upgrade you will pay for twice.",
    "Tie the integrator's final payment to go-live stability, not to go-live.",
    "Set up a weekly steering review with the CFO in the room.",
]


def _member_ids(group: Group) -> list[str]:
    return [m.id for m in group.members]


def sample_group() -> Group:
    members = [
        Member(name=n, company=c, size_band=b, role_focus=r, joined="2024-03-01")
        for n, c, b, r in MEMBERS
    ]
    return Group(name="Mid-market CIOs", members=members, template=default_template())


def load_sample(store: Store, today: date, *, history: bool = False) -> Group:
    """Write the sample group and its past meeting (about ten weeks ago) into the store;
    with *history* (what the welcome screen offers) the four meetings before it too, with
    their follow-through, pulse, ratings and the topic bank.  Tests use the short form."""
    group = sample_group()
    past_day = today - timedelta(weeks=10)
    group.next_meeting = (today + timedelta(weeks=2)).isoformat()
    save_group(store, group)
    ids = _member_ids(group)
    art, priya, tom = ids[0], ids[1], ids[2]
    planned = new_meeting(
        group, group.template or default_template(), ids, art,
        "Replacing our 20-year-old ERP without stopping the trucks", past_day,
        framing={
            "issue": "Our ERP is end-of-life and every plant runs it differently.",
            "goal": "A plan the board approves in Q1, with a go-live that does not stop shipping.",
            "ask": "How did you sequence yours, and what would you never do again?",
        },
    )
    start = datetime(past_day.year, past_day.month, past_day.day, 16, 0, tzinfo=UTC).timestamp()
    events, items = _past_meeting(planned, start, art, priya, tom, ids)
    meeting = replace(planned, events=tuple(events))
    create_meeting(store, meeting)
    for item in items:
        store.add_item(meeting.id, item)
    refresh_summary(store, meeting.id)
    if history:
        from peertui.services.sample_history import add_history

        group = add_history(store, group, today, meeting)
        save_group(store, group)
    return group


def _past_meeting(record: Meeting, start: float, art: str, priya: str, tom: str,
                  ids: list[str]) -> tuple[list[ClockEvent], list[Item]]:
    """Events and items of a meeting that ran a little long in the updates round."""
    events = [make_event("start", start)]
    items: list[Item] = []
    now = start
    slots = record.slots
    recommenders = iter(i for i in ids if i != art)
    rec_text = iter(RECOMMENDATIONS)
    for index, slot in enumerate(slots):
        spent = slot.planned + (70 if index == 4 else -15)
        now += spent
        key = slot.segment_key
        if key == "deepdive" and slot.title == "Presentation":
            items.append(_item("note", "Three plants, three ERP instances; the oldest is 2004.",
                               now - 300, index, slot))
        if key == "recommendations":
            giver = next(recommenders)
            items.append(_item("recommendation", next(rec_text), now - 60, index, slot,
                               giver_id=giver, recipient_id=art))
        if key == "reflection":
            items.append(_item("action", "Shortlist two integrators and call their references.",
                               now - 120, index, slot, owner_id=art,
                               due=(datetime.fromtimestamp(now, UTC) + timedelta(weeks=12)).date()))
            items.append(_item("decision", "Art takes a phased, plant-by-plant plan to the board.",
                               now - 60, index, slot))
        if key == "wrapup":
            items.append(_item("action", "Share the data-migration checklist with the group.",
                               now - 200, index, slot, owner_id=priya,
                               due=(datetime.fromtimestamp(now, UTC) + timedelta(weeks=8)).date()))
            items.append(_item("note", "Tom is weighing a move to a PE-backed competitor.",
                               now - 100, index, slot, private=True, speaker_id=tom))
        if index < len(slots) - 1:
            events.append(make_event("next", now))
    events.append(make_event("end", now))
    return events, items


def _item(kind: ItemKind, text: str, at: float, index: int, slot: Slot, *,
          private: bool = False, giver_id: str | None = None, recipient_id: str | None = None,
          owner_id: str | None = None, due: date | None = None,
          speaker_id: str | None = None) -> Item:
    return Item(
        id=new_id(), kind=kind, text=text, private=private, at=to_iso(at),
        slot_index=index, segment_key=slot.segment_key, segment_title=slot.segment_title,
        speaker_id=speaker_id or slot.speaker_id, giver_id=giver_id,
        recipient_id=recipient_id, owner_id=owner_id,
        due=due.isoformat() if due else "", status="open" if kind == "action" else "",
    )
