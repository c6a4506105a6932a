"""Synthetic group histories for the benchmarks: realistic text, members, dates and items.

One busy group: a roster that turns over across ten years, ~600 ended meetings (about one
every six days), each with the default agenda, clock events (overruns, pauses, extensions),
and ~167 items: notes stamped with segment and speaker, recommendations from each member to
the presenter, action items (old ones mostly done, recent ones open, a few stale), decisions,
some private.  Files are written in the store's own format (one meeting file each, summaries
made by ``summarize``) in a single pass, because saving 100,000 notes one durable write at a
time would take an hour.

    .venv/bin/python -m tests.bench.make_history --notes 100000 --out /tmp/h100k
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from msgspec.structs import replace
from tinydb import TinyDB

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.models import Group, Member
from peertui.domain.records import Change, Item, ItemKind, Meeting, Rating, Slot, summarize
from peertui.domain.timesource import to_iso
from peertui.services.groups import save_group
from peertui.services.meetings import new_meeting
from peertui.store import Store
from peertui.store.atomic import AtomicJSONStorage, atomic_write_bytes
from peertui.store.layout import index_path, meeting_path
from peertui.store.records import stat_key

#: Bump when the generated content changes, so cached histories are rebuilt.
GENERATOR_VERSION = 3
GROUP_NAME = "Great Lakes CIO Forum"
NOTES_PER_MEETING = 167  # 100,000 notes come to about 600 meetings
YEARS = 10

FIRST = ["Art", "Priya", "Tom", "Grace", "Mei", "Dan", "Sofia", "Kwame", "Laura", "Raj", "Elena",
         "Marcus", "Hannah", "Yusuf", "Claire", "Diego", "Ingrid", "Owen", "Nadia", "Victor",
         "Rosa", "Ben", "Aiko", "Samir"]
LAST = ["Delgado", "Raman", "Becker", "Okafor", "Lin", "Novak", "Rossi", "Mensah", "Schmidt",
        "Patel", "Ivanova", "Brooks", "Fischer", "Demir", "Dubois", "Alvarez", "Larsen", "Quinn",
        "Haddad", "Kowalski", "Moreno", "Carter", "Tanaka", "Farouk"]
COMPANIES = ["Harbor Freight Lines", "Northwind Health", "Becker Tools", "Lakeside Credit Union",
             "Summit Foods", "Prairie Energy", "Bellwether Insurance", "Atlas Logistics",
             "Riverbend Manufacturing", "Cobalt Retail", "Keystone Hospitals", "Meridian Bank",
             "Ironwood Construction", "Bluewater Utilities", "Granite Packaging", "Orchard Labs"]
BANDS = ["$100M-$250M", "$250M-$1B", "$1B+"]
TOPICS = ["Replacing a 20-year-old ERP without stopping the plants",
          "Moving the data centre to the cloud before the lease ends",
          "Recovering from a ransomware attack, and telling the board",
          "Building a data team when the business wants dashboards yesterday",
          "Outsourcing the service desk: what to keep in-house",
          "Getting a seat on the executive team, not just a budget line",
          "Consolidating three acquisitions onto one platform",
          "A CEO who wants generative AI in every product this year",
          "Cutting IT spend by 15% without cutting the roadmap",
          "Succession: who runs IT when I leave",
          "Zero trust on a manufacturing floor full of old machines",
          "Renegotiating the Microsoft agreement",
          "Hybrid work and the office network nobody uses",
          "A failing CRM rollout and the vendor who blames us"]
SUBJECTS = ["the ERP cut-over", "our cloud bill", "the service desk", "the board", "the CFO",
            "the integrator", "ransomware insurance", "the data warehouse", "MFA rollout",
            "the help-desk backlog", "vendor consolidation", "the CRM project", "our SOC",
            "the network refresh", "licence true-up", "the AI pilot", "hiring engineers",
            "the budget cycle", "the acquisition", "legacy mainframe", "backup testing"]
VERBS = ["slipped three months because of", "is blocked on", "went better than expected after",
         "needs a decision about", "cost twice the estimate due to", "was saved by",
         "is the top risk because of", "got board approval thanks to", "depends entirely on",
         "was re-scoped around"]
OBJECTS = ["data migration", "a missing business owner", "change fatigue in the plants",
           "the vendor's roadmap", "a single architect", "unclear requirements",
           "weekly steering with the CFO", "a phased rollout", "reference calls",
           "contract terms nobody read", "an outside assessment", "the new CISO",
           "shadow IT in marketing", "the audit finding", "a hiring freeze"]
ADVICE = ["Run it by region, not big-bang; start with the smallest site.",
          "Put a named business owner on every workstream before signing.",
          "Budget 20% contingency for data migration.",
          "Call two reference customers your size yourself.",
          "Freeze customisations; each one is an upgrade you pay for twice.",
          "Tie the final payment to stability after go-live.",
          "Get the CFO into the weekly steering review.",
          "Hire the architect before the integrator.",
          "Write the exit plan before you sign.",
          "Tell the board the bad number first.",
          "Pilot with the team that complains most.",
          "Measure adoption, not go-live dates."]
ACTIONS = ["Send the group the vendor scorecard", "Share the data-migration checklist",
           "Introduce {who} to our integrator's partner", "Draft the board memo and circulate it",
           "Call two references and report back", "Bring the revised budget to the next meeting",
           "Share the incident-response runbook", "Set up a call with our CISO",
           "Circulate the RFP template", "Report back on the pilot results"]
DECISIONS = ["{who} takes the phased plan to the board.", "We will visit {who}'s plant in spring.",
             "The group adopts the new confidentiality wording.",
             "{who} hosts the next meeting.", "Next deep dive moves to the October meeting."]


def _sentence(rng: random.Random) -> str:
    def clause() -> str:
        subject = rng.choice(SUBJECTS)
        return f"{subject[0].upper()}{subject[1:]} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."

    text = clause()
    if rng.random() < 0.5:
        text += " " + clause()
    if rng.random() < 0.15:
        text += f" {rng.choice(ADVICE)}"
    return text


def _roster(rng: random.Random, first_day: date, today: date) -> list[Member]:
    """About 20 people over ten years: 11 founders, then leavers replaced by joiners."""
    names = rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 22)
    span = (today - first_day).days
    members = []
    for i, name in enumerate(names):
        joined = first_day if i < 11 else first_day + timedelta(days=rng.randrange(span))
        member = Member(name=name, company=rng.choice(COMPANIES), size_band=rng.choice(BANDS),
                        role_focus=rng.choice(["strategic", "tactical"]),
                        joined=joined.isoformat())
        members.append(member)
    # Those who joined late replaced someone: retire one founder per joiner, before they joined.
    joiners = sorted(members[11:], key=lambda m: m.joined)
    for founder, joiner in zip(members[:11], joiners, strict=False):
        if rng.random() < 0.8:
            left = date.fromisoformat(joiner.joined) - timedelta(days=rng.randrange(1, 60))
            founder.status, founder.retired_on = "retired", max(left, first_day).isoformat()
    return members


def _active_on(members: list[Member], day: date) -> list[Member]:
    iso = day.isoformat()
    return [m for m in members if m.joined <= iso and not (m.retired_on and m.retired_on <= iso)]


def _item(rng: random.Random, kind: ItemKind, text: str, at: float, index: int,
          slot: Slot, **fields: Any) -> Item:
    return Item(
        id=f"{rng.getrandbits(64):016x}", kind=kind, text=text,
        private=rng.random() < 0.05, at=to_iso(at), slot_index=index,
        segment_key=slot.segment_key, segment_title=slot.segment_title,
        speaker_id=slot.speaker_id, by="Note-taker", **fields)


def _meeting(rng: random.Random, group: Group, day: date, today: date, presenter: Member,
             present: list[Member], n_items: int) -> tuple[Meeting, list[Item]]:
    """One ended meeting: its record with events, and its items in time order."""
    template = group.template or default_template()
    ids = [m.id for m in present]
    names = {m.id: m.name for m in present}
    record = new_meeting(group, template, ids, presenter.id, rng.choice(TOPICS), day,
                         framing={"issue": rng.choice(TOPICS), "ask": rng.choice(ADVICE)})
    record = replace(record, id=f"{day.isoformat()}-{rng.getrandbits(24):06x}")
    start = datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC).timestamp()
    start += rng.randrange(0, 600)
    events = [make_event("start", start)]
    slots = record.slots
    spans: list[tuple[float, float]] = []
    now = start
    for index, slot in enumerate(slots):
        spent = slot.planned * rng.uniform(0.8, 1.25)
        if rng.random() < 0.08:
            events.append(make_event("extend", now + spent * 0.7, seconds=60))
        if rng.random() < 0.04:
            pause_at = now + spent * 0.5
            events.append(make_event("pause", pause_at))
            events.append(make_event("resume", pause_at + rng.uniform(30, 240)))
            spent += 120
        spans.append((now, now + spent))
        now += spent
        if index < len(slots) - 1:
            events.append(make_event("next", now))
    events.append(make_event("end", now))
    record = replace(record, events=tuple(events),
                     rating={m: Rating(score=rng.randint(6, 10)) for m in ids})

    items: list[Item] = []
    rec_slots = [i for i, s in enumerate(slots) if s.segment_key == "recommendations"]
    for index in rec_slots:
        slot = slots[index]
        for _ in range(rng.randint(1, 2)):
            at = rng.uniform(*spans[index])
            items.append(_item(rng, "recommendation", rng.choice(ADVICE), at, index, slot,
                               giver_id=slot.speaker_id, recipient_id=presenter.id))
    n_actions = rng.randint(6, 14)
    for _ in range(n_actions):
        index = rng.randrange(len(slots))
        at = rng.uniform(*spans[index])
        owner = rng.choice(ids)
        due = day + timedelta(weeks=rng.randint(2, 12))
        stale = rng.random() < 0.02  # forgotten: still open years later
        done = (due < today - timedelta(weeks=4) and not stale) or rng.random() < 0.2
        text = rng.choice(ACTIONS).format(who=rng.choice(list(names.values())))
        history = (Change(at=to_iso(at + 86400 * 14), field="status", old="open", new="done"),
                   ) if done else ()
        items.append(_item(rng, "action", text, at, index, slots[index], owner_id=owner,
                           due=due.isoformat(), due_text="", status="done" if done else "open",
                           history=history))
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(slots))
        text = rng.choice(DECISIONS).format(who=rng.choice(list(names.values())))
        items.append(_item(rng, "decision", text, rng.uniform(*spans[index]), index,
                           slots[index]))
    while len(items) < n_items:
        index = rng.randrange(len(slots))
        items.append(_item(rng, "note", _sentence(rng), rng.uniform(*spans[index]), index,
                           slots[index]))
    items.sort(key=lambda i: i.at)
    return record, items


def build_history(root: Path, notes: int, today: date | None = None, seed: int = 2026) -> Path:
    """Write a store at *root* holding about *notes* items (0: an empty store)."""
    today = today or date.today()
    store = Store.open(root)
    if notes <= 0:
        return root
    rng = random.Random(seed)
    meetings = max(1, round(notes / NOTES_PER_MEETING))
    first_day = today - timedelta(days=365 * YEARS)
    members = _roster(rng, first_day, today)
    group = Group(name=GROUP_NAME, members=members, template=default_template())
    group.next_meeting = (today + timedelta(days=6)).isoformat()
    save_group(store, group)
    gap = (today - timedelta(days=3) - first_day).days / meetings
    last_presented: dict[str, float] = {}
    summaries = []
    remaining = notes
    for k in range(meetings):
        day = first_day + timedelta(days=int(k * gap))
        active = _active_on(members, day)
        present = [m for m in active if rng.random() < 0.88] or active[:2]
        present = rng.sample(present, min(len(present), rng.randint(8, 11)))
        presenter = min(present, key=lambda m: (last_presented.get(m.id, -1.0), m.name))
        last_presented[presenter.id] = k
        last = k == meetings - 1
        n_items = remaining if last else max(40, remaining // (meetings - k) + rng.randint(-40, 40))
        record, items = _meeting(rng, group, day, today, presenter, present, n_items)
        remaining -= len(items)
        tables = {"meeting": {"1": record},
                  "items": {str(i + 1): item for i, item in enumerate(items)}}
        path = meeting_path(root, record.id)
        atomic_write_bytes(path, msgspec.json.encode(tables))
        summaries.append(msgspec.to_builtins(summarize(record, items, stat_key(path))))
    db = TinyDB(index_path(root), storage=AtomicJSONStorage)
    db.table("meetings").insert_multiple(summaries)
    return root


def cache_root() -> Path:
    """Where generated histories are kept between runs (gitignored)."""
    override = os.environ.get("PEERTUI_BENCH_CACHE")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / ".bench-cache"


def cached_history(notes: int) -> Path:
    """The store folder of a cached history, generating it once (atomically) if missing."""
    target = cache_root() / f"history-{notes}-v{GENERATOR_VERSION}"
    if (target / "READY").exists():
        return target / "store"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    build_history(building / "store", notes)
    (building / "READY").write_text(f"{notes} notes, generated {datetime.now(UTC):%Y-%m-%d}\n")
    os.replace(building, target)
    return target / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    begun = time.perf_counter()
    build_history(args.out, args.notes, seed=args.seed)
    print(f"{args.notes} notes in {args.out} ({time.perf_counter() - begun:.1f} s)")


if __name__ == "__main__":
    main()
