"""A store written by the dict-records peertui (schema 1) opens, upgrades and reads right.

The files below are laid out exactly as that version wrote them: groups with "cadence": {}
for 'the default rhythm', meeting records that stored a "status" (and, once, the "driver"
lease), summaries without the fingerprint of their file, history values as plain JSON.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from peertui.domain.cadence import Cadence
from peertui.domain.models import Vetting
from peertui.domain.records import Change, Item, Outcome
from peertui.services.actions import list_actions
from peertui.store import SCHEMA_VERSION, Store
from peertui.store.migrate import backup_path

from .helpers import mode_of

START = "2026-09-17T16:00:00.000000+00:00"
END = "2026-09-17T18:30:00.000000+00:00"

V1_GROUPS: dict[str, Any] = {
    "1": {
        "id": "g1", "name": "Vistage 12", "cadence_months": 2, "next_meeting": "",
        "template": None, "cadence": {}, "templates": [], "default_template_id": "",
        "members": [
            {"name": "Art Delgado", "company": "Delgado Freight", "size_band": "", "role_focus": "",
             "joined": "2024-01-10", "contact": "", "notes": "", "status": "member",
             "vetted_by": [], "retired_on": "", "id": "art"},
            {"name": "Priya Raman", "company": "", "size_band": "", "role_focus": "",
             "joined": "", "contact": "", "notes": "", "status": "candidate",
             "vetted_by": [{"member_id": "art", "date": "2026-08-01"}], "retired_on": "",
             "id": "priya"},
        ],
    },
    "2": {
        "id": "g2", "name": "Monthly", "cadence_months": 1, "next_meeting": "2027-01-14",
        "template": None, "templates": [], "default_template_id": "", "members": [],
        "cadence": {"every_months": 1, "mode": "day", "weekday": 3, "week": 3, "day": 14,
                    "start": "09:00", "minutes": 120, "timezone": "Europe/Berlin"},
    },
}

SLOT = {"segment_key": "welcome", "segment_title": "Welcome", "title": "Welcome",
        "planned": 300, "flexible": False, "speaker_id": None, "round": False}
TEMPLATE = {"id": "t1", "name": "Standard meeting", "target_min_minutes": 120,
            "target_max_minutes": 150,
            "segments": [{"key": "welcome", "title": "Welcome", "kind": "single", "minutes": 5,
                          "flexible": False, "round_who": "present", "phases": [],
                          "hint": ""}]}


def _record(meeting_id: str, status: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": meeting_id, "group_id": "g1", "date": meeting_id[:10], "presenter_id": "art",
            "topic": "Selling the warehouse", "framing": {"question": "Sell or keep?"},
            "present": ["art", "priya"], "template": TEMPLATE, "planned_minutes": 5,
            "slots": [SLOT], "events": events, "status": status, "outcome_log": [
                {"id": "log1", "at": START, "date": "2026-09-17", "text": "Board said yes.",
                 "captured_in": None, "private": False, "by": ""}],
            "rating": {"art": {"score": 8, "comment": "useful"}},
            "driver": {"id": "x", "pid": 1, "host": "h", "since": START, "heartbeat": START}}


def _item(item_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": item_id, "kind": kind, "text": f"{kind} {item_id}", "private": False,
            "at": START, "slot_index": 0, "segment_key": "welcome", "segment_title": "Welcome",
            "speaker_id": None, "giver_id": None, "recipient_id": None, "owner_id": None,
            "due": "", "due_text": "", "status": "open" if kind == "action" else "",
            "history": [], "by": "", **fields}


ENDED = "2026-09-17-aaaaaa"
RUNNING = "2026-11-19-bbbbbb"

MEETING_FILES = {
    # ended by its events, though the record (and the summary) still say "running":
    # a v1 crash between the event write and the status write
    ENDED: {
        "meeting": {"1": _record(ENDED, "running", [{"type": "start", "at": START},
                                                    {"type": "extend", "at": START,
                                                     "seconds": 60},
                                                    {"type": "end", "at": END}])},
        "items": {
            "1": _item("n1", "note"),
            "2": _item("a1", "action", owner_id="art", due="2026-10-01",
                       history=[{"at": START, "field": "owner_id", "old": "priya",
                                 "new": "art"}]),
            "3": _item("r1", "recommendation", giver_id="priya", recipient_id="art",
                       outcome={"status": "adopted", "why": "it worked", "at": END},
                       history=[{"at": END, "field": "outcome", "old": None,
                                 "new": {"status": "adopted", "why": "it worked",
                                         "at": END}}]),
            "4": _item("a2", "action", owner_id="art", status="done",
                       history=[{"at": END, "field": "status", "old": "open",
                                 "new": "done"}]),
        },
    },
    RUNNING: {
        "meeting": {"1": _record(RUNNING, "running", [{"type": "start", "at": START}])},
        "items": {"1": _item("a3", "action", owner_id="priya", due_text="next meeting")},
    },
}

V1_INDEX: dict[str, Any] = {
    "meta": {"1": {"schema": 1, "created": "2024-01-10T00:00:00+00:00"}},
    "groups": V1_GROUPS,
    "meetings": {
        "1": {"id": ENDED, "group_id": "g1", "date": "2026-09-17", "presenter_id": "art",
              "topic": "Selling the warehouse", "present": ["art", "priya"],
              "status": "running", "planned_minutes": 5, "started_at": START,
              "ended_at": None, "counts": {"note": 1, "recommendation": 0, "action": 1,
                                           "decision": 0},
              "open_actions": 1,
              "open_items": [{"id": "a1", "text": "action a1", "owner_id": "art",
                              "due": "2026-10-01", "private": False}]},
        # RUNNING has no summary at all: v1 was killed between its two writes
    },
}


@pytest.fixture
def v1_root(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    (root / "meetings").mkdir(parents=True)
    (root / "index.json").write_text(json.dumps(V1_INDEX), encoding="utf-8")
    for meeting_id, doc in MEETING_FILES.items():
        (root / "meetings" / f"{meeting_id}.json").write_text(json.dumps(doc), encoding="utf-8")
    return root


def test_a_v1_store_is_upgraded_with_a_private_backup(v1_root: Path) -> None:
    index = v1_root / "index.json"
    original = index.read_bytes()
    meeting_files = {p: p.read_bytes() for p in (v1_root / "meetings").iterdir()}
    Store.open(v1_root)
    backup = backup_path(index, 1)
    assert backup == v1_root / "index.json.bak-v1"
    assert backup.read_bytes() == original
    assert mode_of(backup) == 0o600 and mode_of(index) == 0o600
    data = json.loads(index.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION == 2
    assert data["groups"]["1"]["cadence"] is None  # {} meant 'the default': now null
    assert data["groups"]["2"]["cadence"] == V1_GROUPS["2"]["cadence"]  # a real one is kept
    # meeting files need no change: they are read as they are
    assert {p: p.read_bytes() for p in (v1_root / "meetings").iterdir()} == meeting_files
    Store.open(v1_root)  # already current: no second migration, the backup stays the original
    assert backup.read_bytes() == original
    assert json.loads(index.read_text()) == data


def test_a_v1_store_reads_right_after_the_upgrade(v1_root: Path) -> None:
    store = Store.open(v1_root)
    g1, g2 = store.groups()
    assert (g1.id, g1.name, g1.cadence) == ("g1", "Vistage 12", None)
    assert [m.name for m in g1.members] == ["Art Delgado", "Priya Raman"]
    assert g1.member("priya").vetted_by == [  # type: ignore[union-attr]
        Vetting(member_id="art", date="2026-08-01")]
    assert g2.cadence == Cadence(every_months=1, mode="day", day=14, start="09:00",
                                 minutes=120, timezone="Europe/Berlin")

    ended, running = store.meetings("g1")
    assert store.unreadable() == []
    # the status comes from the events, whatever the old record and summary said
    assert (ended.id, ended.status, ended.ended_at) == (ENDED, "ended", END)
    assert not ended.in_progress
    assert ended.counts == {"note": 1, "recommendation": 1, "action": 2, "decision": 0,
                            "plus": 0, "delta": 0}
    assert [o.id for o in ended.open_items] == ["a1"]
    assert (running.id, running.status, running.started_at) == (RUNNING, "running", START)
    assert [o.id for o in running.open_items] == ["a3"]

    record, items = store.meeting_doc(ENDED)  # type: ignore[misc]
    assert record.status == "ended" and record.events[1].seconds == 60
    assert record.template is not None and record.template.segments[0].key == "welcome"
    assert record.slots[0].planned == 300 and record.rating["art"].score == 8
    assert record.outcome_log[0].text == "Board said yes."
    assert record.framing == {"question": "Sell or keep?"}
    by_id = {i.id: i for i in items}
    assert [i.id for i in items] == ["n1", "a1", "r1", "a2"]
    assert by_id["a1"].history == (Change(at=START, field="owner_id", old="priya", new="art"),)
    assert by_id["r1"].outcome == Outcome(status="adopted", why="it worked", at=END)
    assert by_id["r1"].history[0].new == Outcome(status="adopted", why="it worked", at=END)
    assert by_id["a2"].status == "done" and not by_id["a2"].is_open_action

    open_rows = list_actions(store, "g1", status="open", today=date(2026, 11, 27))
    assert [r.id for r in open_rows] == ["a1", "a3"]


def test_a_v1_meeting_is_rewritten_without_its_old_status(v1_root: Path) -> None:
    store = Store.open(v1_root)
    store.add_item(RUNNING, Item(id="n9", text="after the upgrade"))
    raw = json.loads((v1_root / "meetings" / f"{RUNNING}.json").read_text())
    assert "status" not in raw["meeting"]["1"] and "driver" not in raw["meeting"]["1"]
    assert [i["id"] for i in raw["items"].values()] == ["a3", "n9"]
    assert store.meetings("g1")[1].counts["note"] == 1
