"""Round trips through the public Store API, and its contract for bad input."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
from msgspec.structs import replace

import peertui.store
from peertui.domain.models import Group, Member
from peertui.domain.records import Item, Meeting, summarize
from peertui.store import SCHEMA_VERSION, Store, default_store_path
from peertui.store import store as store_mod

from .helpers import PLAN, event, meeting, note


def test_open_creates_layout_with_schema(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b" / "store"
    s = Store.open(root)
    assert s.root == root
    assert (root / "meetings").is_dir()
    data = json.loads((root / "index.json").read_text())
    (meta,) = data["meta"].values()
    assert meta["schema"] == SCHEMA_VERSION == 2
    assert "created" in meta
    assert s.groups() == [] and s.meetings() == [] and s.unreadable() == []


def test_reopen_keeps_data(store: Store) -> None:
    store.add_item("m1", note("n1", "hi"))
    again = Store.open(str(store.root))
    assert again.group("g1") == Group(id="g1", name="Vistage 12")
    assert again.items("m1") == (Item(id="n1", text="hi"),)
    assert again.meeting("m1") == Meeting(id="m1", group_id="g1", date="2024-03-01",
                                          topic="March", slots=PLAN)


def test_groups_upsert_replaces_whole_record_in_place(store: Store) -> None:
    store.save_group(Group(id="g2", name="Two", cadence_months=3,
                           members=[Member(id="a", name="Ann")]))
    store.save_group(Group(id="g1", name="Renamed"))
    store.save_group(Group(id="g2", name="Two again"))
    assert store.groups() == [Group(id="g1", name="Renamed"), Group(id="g2", name="Two again")]
    assert store.group("g2").cadence_months == 2  # type: ignore[union-attr]  # replaced whole
    assert store.group("nope") is None


def test_groups_are_fresh_drafts_each_read(store: Store) -> None:
    draft = store.group("g1")
    assert draft is not None
    draft.name = "Edited, not saved"
    draft.members.append(Member(id="x", name="Xavier"))
    assert store.group("g1") == Group(id="g1", name="Vistage 12")
    assert store.groups()[0] is not store.groups()[0]


def test_meeting_summaries_sorted_and_filtered(store: Store) -> None:
    store.create_meeting(meeting("m3", "g2", "2024-01-01"))
    store.create_meeting(meeting("m0", "g1", "2024-03-01"))
    store.create_meeting(meeting("m2", "g1", "2023-12-01"))
    assert [m.id for m in store.meetings()] == ["m2", "m3", "m0", "m1"]
    assert [m.id for m in store.meetings("g1")] == ["m2", "m0", "m1"]
    assert store.meetings("nope") == []
    store.append_event("m1", event("start"))  # no summary refresh: the file says it
    last = store.meetings("g1")[-1]
    assert last.id == "m1" and last.status == "running" and last.in_progress
    assert last.started_at == event("start").at and last.ended_at is None


def test_meeting_record_round_trip(store: Store) -> None:
    assert store.meeting("m1") == meeting("m1", topic="March", slots=PLAN)
    assert store.meeting("m404") is None and store.meeting_doc("m404") is None
    updated = store.change_meeting("m1", lambda m: replace(m, topic="Mars", present=("a",)))
    assert updated == meeting("m1", topic="Mars", present=("a",), slots=PLAN)
    assert store.meeting("m1") == updated
    assert updated.status == "setup"
    store.append_event("m1", event("start", "2024-03-01T16:00:00+00:00"))
    rec = store.append_event("m1", event("pause", "2024-03-01T16:05:00+00:00"))
    assert [e.type for e in rec.events] == ["start", "pause"]
    assert store.meeting("m1") == rec
    assert rec.status == "paused" and rec.started_at == "2024-03-01T16:00:00+00:00"


def test_a_meeting_without_a_plan_never_starts(store: Store) -> None:
    store.create_meeting(meeting("m2"))
    assert store.append_event("m2", event("start")).status == "setup"
    assert store.meeting("m2").started_at is None  # type: ignore[union-attr]


def test_status_is_derived_from_the_events_never_stored(store: Store) -> None:
    for kind, status in [("start", "running"), ("pause", "paused"), ("pause", "paused"),
                         ("resume", "running"), ("end", "ended"), ("start", "ended")]:
        assert store.append_event("m1", event(kind)).status == status
        assert store.meetings()[0].status == status
    raw = json.loads((store.root / "meetings" / "m1.json").read_text())
    assert "status" not in raw["meeting"]["1"]
    assert store.meeting("m1").ended_at == event("end").at  # type: ignore[union-attr]


def test_create_meeting_defaults_and_conflicts(store: Store) -> None:
    store.create_meeting(meeting("m2", date="2024-04-01"))
    made = store.meeting("m2")
    assert made is not None and made.events == () and made.slots == ()
    assert made.status == "setup" and made.template is None
    assert store.meetings()[-1].id == "m2"
    assert store.items("m2") == ()
    with pytest.raises(ValueError, match="already exists"):
        store.create_meeting(meeting("m2", topic="again"))
    assert store.meeting("m2") == made
    with pytest.raises(ValueError, match="malformed"):
        store.create_meeting(meeting("m3", date="April"))
    assert not (store.root / "meetings" / "m3.json").exists()


def test_items_keep_insertion_order_through_edits(store: Store) -> None:
    for n in range(5):
        store.add_item("m1", note(f"n{n}", str(n)))
    edited = store.change_item("m1", "n2", lambda i: replace(i, text="two", private=True))
    assert edited == note("n2", "two", private=True)
    removed = store.remove_item("m1", "n4")
    assert removed == note("n4", "4")
    store.add_item("m1", note("n5", "5"))
    store.add_item("m1", removed)  # undo
    assert [i.id for i in store.items("m1")] == ["n0", "n1", "n2", "n3", "n5", "n4"]
    assert store.items("m1")[2] == note("n2", "two", private=True)


def test_unicode_round_trips_and_is_stored_unescaped(store: Store) -> None:
    text = "Ça va? 🎉 שלום עליכם \u200f مرحبا 𝔘𝔫𝔦 \x00\x1f\t\n 漢字"
    store.add_item("m1", note("u", text, by="é🔑"))
    store.save_group(Group(id="g1", name="Ünïcode 🎉", members=[Member(id="a", name="שלום")]))
    # Control characters are kept in the file but read back as U+FFFD, one for one (safe to
    # draw: tests/reliability/test_escapes.py); newlines and tabs are text.
    shown = text.replace("\x00", "\ufffd").replace("\x1f", "\ufffd")
    assert store.items("m1") == (note("u", shown, by="é🔑"),)
    assert Store.open(store.root).group("g1").members[0].name == "שלום"  # type: ignore[union-attr]
    raw = (store.root / "meetings" / "m1.json").read_text(encoding="utf-8")
    assert "🎉" in raw and "שלום" in raw and "\\u0000\\u001f" in raw
    assert "\n" not in raw.strip()  # compact, one line


def test_unknown_ids_raise_key_error(store: Store) -> None:
    with pytest.raises(KeyError):
        store.change_meeting("m404", lambda m: m)
    with pytest.raises(KeyError):
        store.append_event("m404", event("start"))
    with pytest.raises(KeyError):
        store.add_item("m404", note("a"))
    with pytest.raises(KeyError):
        store.items("m404")
    with pytest.raises(KeyError, match="m1/nope"):
        store.change_item("m1", "nope", lambda i: i)
    with pytest.raises(KeyError, match="m1/nope"):
        store.remove_item("m1", "nope")
    assert store.refresh_summary("m404") is None
    assert not (store.root / "meetings" / "m404.json").exists()


@pytest.mark.parametrize("bad", ["", "../etc", "a/b", "a.json", "x" * 65, "é", "a b", None, 7])
def test_meeting_ids_must_be_safe_file_names(store: Store, bad: object) -> None:
    with pytest.raises(ValueError):
        store.meeting(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.create_meeting(meeting(bad))  # type: ignore[arg-type]
    assert sorted(p.name for p in (store.root / "meetings").iterdir()) == ["m1.json"]


def test_records_that_do_not_validate_are_refused_on_write(store: Store) -> None:
    """A caller's mistake fails at the write, naming the record and field, and writes nothing."""
    meeting_file = store.root / "meetings" / "m1.json"
    index = store.root / "index.json"
    before = meeting_file.read_bytes(), index.read_bytes()
    with pytest.raises(ValueError, match="id"):
        store.save_group(Group(id="", name="no id"))
    with pytest.raises(ValueError, match=r"group .*malformed.*'name'"):
        store.save_group(Group(id="g2", name=""))
    with pytest.raises(ValueError, match=r"item 3 is malformed.*'id'"):
        store.add_item("m1", note(3))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"malformed.*'id'"):
        store.add_item("m1", note(""))
    with pytest.raises(ValueError, match=r"malformed.*'text'"):
        store.add_item("m1", Item(id="t", text=42))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"malformed.*'kind'"):
        store.add_item("m1", note("k", kind="memo"))
    with pytest.raises(ValueError, match=r"malformed.*'due'"):
        store.add_item("m1", note("d", kind="action", due="next week"))
    with pytest.raises(ValueError, match=r"malformed.*'date'"):
        store.change_meeting("m1", lambda m: replace(m, date="1 March"))
    with pytest.raises(ValueError, match=r"malformed.*'events"):
        store.append_event("m1", event("lunch"))
    assert (meeting_file.read_bytes(), index.read_bytes()) == before
    assert store.items("m1") == ()


def test_ids_are_unique_and_cannot_change(store: Store) -> None:
    store.add_item("m1", note("a"))
    with pytest.raises(ValueError, match="already exists"):
        store.add_item("m1", note("a", "twin"))
    with pytest.raises(ValueError):
        store.change_item("m1", "a", lambda i: replace(i, id="b"))
    with pytest.raises(ValueError):
        store.change_meeting("m1", lambda m: replace(m, id="m2"))
    assert store.items("m1") == (note("a"),)
    assert not (store.root / "meetings" / "m2.json").exists()


def test_purge_removes_file_backups_and_summary(store: Store) -> None:
    meetings = store.root / "meetings"
    (meetings / "m1.json.bak-v0").write_text("{}")
    store.add_item("m1", note("a"))
    store.refresh_summary("m1")
    store.purge_meeting("m1")
    assert list(meetings.iterdir()) == []
    assert store.meeting("m1") is None
    assert store.meetings() == []
    index = json.loads((store.root / "index.json").read_text())
    assert index["meetings"] == {}
    store.purge_meeting("m1")  # idempotent


def test_add_item_touches_only_the_meeting_file(store: Store) -> None:
    index_before = store.change_token()[0]
    store.add_item("m1", note("a"))
    store.change_item("m1", "a", lambda i: replace(i, text="t"))
    store.append_event("m1", event("next"))
    store.remove_item("m1", "a")
    assert store.change_token()[0] == index_before


def test_change_token_sees_notes_in_meetings_in_progress(store: Store) -> None:
    """After a listing, the cheap token covers the files of meetings still in progress, so a
    home screen notices a note saved elsewhere though no summary changed."""
    assert [m.id for m in store.meetings()] == ["m1"]
    before = store.change_token()
    assert len(before) == 2
    Store.open(store.root).add_item("m1", note("a"))
    assert store.change_token() != before
    assert store.meetings()[0].counts["note"] == 1


def test_other_instance_changes_visible_without_reopening(store: Store) -> None:
    other = Store.open(store.root)
    assert store.items("m1") == ()
    token_m1 = store.change_token("m1")
    token_index = store.change_token()
    other.add_item("m1", note("x"))
    assert store.items("m1") == (note("x"),)
    assert store.change_token("m1") != token_m1
    other.save_group(Group(id="g9", name="Nine"))
    assert store.group("g9") == Group(id="g9", name="Nine")
    assert store.change_token() != token_index
    other.change_item("m1", "x", lambda i: replace(i, text="v2"))
    # the change is made on the file as it is now, never on a stale copy
    assert store.change_item("m1", "x", lambda i: replace(i, private=True)) == note(
        "x", "v2", private=True)


def test_change_token_shape(store: Store) -> None:
    (index,) = store.change_token()
    assert isinstance(index, tuple) and len(index) == 4
    assert store.change_token("m404")[1] is None


# -- the summaries in the index are a cache, never the truth ---------------------------------


def _index(store: Store) -> Any:
    return json.loads((store.root / "index.json").read_text())


def test_a_stale_summary_is_rebuilt_from_its_file(store: Store) -> None:
    store.refresh_summary("m1")
    cached = next(iter(_index(store)["meetings"].values()))
    assert cached["counts"]["action"] == 0 and cached["source"] is not None
    store.add_item("m1", note("a1", "call the bank", kind="action", owner_id="x",
                              status="open"))
    (listed,) = Store.open(store.root).meetings()
    assert listed.counts["action"] == 1 and listed.open_actions == 1
    assert [o.text for o in listed.open_items] == ["call the bank"]
    assert next(iter(_index(store)["meetings"].values())) == cached  # a read writes nothing


def test_a_summary_made_from_this_very_file_is_used_without_reading_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_item("m1", note("n"))
    fresh = store.refresh_summary("m1")
    assert fresh is not None and fresh.counts["note"] == 1

    def no_read(raw: bytes, path: Path) -> None:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(store_mod, "decode_meeting", no_read)
    assert Store.open(store.root).meetings() == [fresh]


def test_a_meeting_without_a_summary_is_still_listed(store: Store) -> None:
    """A kill between writing the meeting file and its summary leaves no hidden meeting."""
    path = store.root / "meetings" / "m2.json"
    m2 = meeting("m2", date="2024-05-01")
    path.write_bytes(msgspec.json.encode(
        {"meeting": {"1": m2}, "items": {"1": note("n", "kept")}}))
    assert [m.id for m in store.meetings()] == ["m1", "m2"]
    assert store.meetings()[1] == summarize(m2, (note("n", "kept"),),
                                             source=store.meetings()[1].source)


def test_summaries_of_the_wrong_shape_or_lying_are_cache_misses(store: Store) -> None:
    store.refresh_summary("m1")
    data = _index(store)
    (doc_id,) = data["meetings"]
    data["meetings"][doc_id]["status"] = "ended"  # made from another version of the file
    data["meetings"][doc_id]["source"] = [1, 2, 3]
    data["meetings"]["9"] = {"id": "m1", "counts": "garbage"}
    data["meetings"]["10"] = {"id": "ghost", "group_id": "g1", "date": "2024-01-01"}
    (store.root / "index.json").write_text(json.dumps(data))
    listed = Store.open(store.root).meetings()
    assert [(m.id, m.status) for m in listed] == [("m1", "setup")]  # no ghost without a file


def test_default_store_path_env_and_no_side_effects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERTUI_STORE", str(tmp_path / "x"))
    assert default_store_path() == tmp_path / "x"
    assert not (tmp_path / "x").exists()
    monkeypatch.delenv("PEERTUI_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = default_store_path()
    assert path.name == "store" and path.parent.name == "peertui"
    assert not (tmp_path / "xdg").exists()


def test_store_package_never_imports_textual() -> None:
    package = Path(peertui.store.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "textual" for n in names), source
    code = "import sys, peertui.store; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
