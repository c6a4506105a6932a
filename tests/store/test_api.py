"""Round trips through the public Store API, and its contract for bad input."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import peertui.store
from peertui.store import SCHEMA_VERSION, Store, default_store_path


def test_open_creates_layout_with_schema(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b" / "store"
    s = Store.open(root)
    assert s.root == root
    assert (root / "meetings").is_dir()
    data = json.loads((root / "index.json").read_text())
    (meta,) = data["meta"].values()
    assert meta["schema"] == SCHEMA_VERSION == 1
    assert "created" in meta
    assert s.list_groups() == [] and s.list_meetings() == []


def test_reopen_keeps_data(store: Store) -> None:
    store.add_item("m1", {"id": "n1", "text": "hi"})
    again = Store.open(str(store.root))
    assert again.get_group("g1") == {"id": "g1", "name": "Vistage 12"}
    assert again.list_items("m1") == [{"id": "n1", "text": "hi"}]


def test_groups_upsert_replaces_whole_record_in_place(store: Store) -> None:
    store.put_group({"id": "g2", "name": "Two", "extra": 1})
    store.put_group({"id": "g1", "name": "Renamed"})
    store.put_group({"id": "g2", "name": "Two again"})
    assert store.list_groups() == [
        {"id": "g1", "name": "Renamed"},
        {"id": "g2", "name": "Two again"},
    ]
    assert store.get_group("nope") is None


def test_meeting_summaries_sorted_and_filtered(store: Store) -> None:
    store.put_meeting_summary({"id": "m3", "group_id": "g2", "date": "2024-01-01"})
    store.put_meeting_summary({"id": "m0", "group_id": "g1", "date": "2024-03-01"})
    store.put_meeting_summary({"id": "m2", "group_id": "g1", "date": "2023-12-01"})
    assert [m["id"] for m in store.list_meetings()] == ["m2", "m3", "m0", "m1"]
    assert [m["id"] for m in store.list_meetings("g1")] == ["m2", "m0", "m1"]
    store.put_meeting_summary(
        {"id": "m1", "group_id": "g1", "date": "2024-03-01", "status": "done"}
    )
    assert store.list_meetings("g1")[-1]["status"] == "done"


def test_meeting_record_round_trip(store: Store) -> None:
    assert store.get_meeting("m1") == {"id": "m1", "title": "March", "events": []}
    assert store.get_meeting("m404") is None
    updated = store.update_meeting("m1", {"status": "live", "title": "Mars"})
    assert updated == {"id": "m1", "title": "Mars", "events": [], "status": "live"}
    assert store.get_meeting("m1") == updated
    store.append_event("m1", {"kind": "start", "at": 1})
    rec = store.append_event("m1", {"kind": "pause", "at": 2})
    assert [e["kind"] for e in rec["events"]] == ["start", "pause"]
    assert store.get_meeting("m1") == rec


def test_create_meeting_defaults_and_conflicts(store: Store) -> None:
    store.create_meeting({"id": "m2"}, {"group_id": "g1", "date": "2024-04-01"})
    assert store.get_meeting("m2") == {"id": "m2", "events": []}
    assert store.list_meetings()[-1]["id"] == "m2"
    assert store.list_items("m2") == []
    with pytest.raises(ValueError, match="already exists"):
        store.create_meeting({"id": "m2"}, {})
    with pytest.raises(ValueError, match="does not match"):
        store.create_meeting({"id": "m3"}, {"id": "m4"})


def test_items_keep_insertion_order_through_edits(store: Store) -> None:
    for n in range(5):
        store.add_item("m1", {"id": f"n{n}", "text": str(n)})
    assert store.update_item("m1", "n2", {"text": "two", "pinned": True}) == {
        "id": "n2",
        "text": "two",
        "pinned": True,
    }
    removed = store.remove_item("m1", "n4")
    assert removed == {"id": "n4", "text": "4"}
    store.add_item("m1", {"id": "n5", "text": "5"})
    store.add_item("m1", removed)  # undo
    assert [i["id"] for i in store.list_items("m1")] == ["n0", "n1", "n2", "n3", "n5", "n4"]
    assert store.list_items("m1")[2] == {"id": "n2", "text": "two", "pinned": True}


def test_unicode_round_trips_and_is_stored_unescaped(store: Store) -> None:
    text = "Ça va? 🎉 שלום עליכם \u200f مرحبا 𝔘𝔫𝔦 \x00\x1f\t\n 漢字"
    store.add_item("m1", {"id": "u", "text": text, "🔑": "é"})
    assert store.list_items("m1") == [{"id": "u", "text": text, "🔑": "é"}]
    raw = (store.root / "meetings" / "m1.json").read_text(encoding="utf-8")
    assert "🎉" in raw and "שלום" in raw
    assert "\n" not in raw.strip()  # compact, one line


def test_unknown_ids_raise_key_error(store: Store) -> None:
    with pytest.raises(KeyError):
        store.update_meeting("m404", {"x": 1})
    with pytest.raises(KeyError):
        store.append_event("m404", {})
    with pytest.raises(KeyError):
        store.add_item("m404", {"id": "a"})
    with pytest.raises(KeyError):
        store.list_items("m404")
    with pytest.raises(KeyError):
        store.update_item("m1", "nope", {"x": 1})
    with pytest.raises(KeyError):
        store.remove_item("m1", "nope")
    assert not (store.root / "meetings" / "m404.json").exists()


@pytest.mark.parametrize("bad", ["", "../etc", "a/b", "a.json", "x" * 65, "é", "a b", None, 7])
def test_meeting_ids_must_be_safe_file_names(store: Store, bad: object) -> None:
    with pytest.raises(ValueError):
        store.get_meeting(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.create_meeting({"id": bad}, {})


def test_records_need_string_ids_and_ids_cannot_change(store: Store) -> None:
    with pytest.raises(ValueError):
        store.put_group({"name": "no id"})
    with pytest.raises(TypeError):
        store.put_group(["id"])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.add_item("m1", {"id": 3})
    store.add_item("m1", {"id": "a"})
    with pytest.raises(ValueError, match="already exists"):
        store.add_item("m1", {"id": "a"})
    with pytest.raises(ValueError):
        store.update_item("m1", "a", {"id": "b"})
    with pytest.raises(ValueError):
        store.update_meeting("m1", {"id": "m2"})


def test_purge_removes_file_backups_and_summary(store: Store) -> None:
    meetings = store.root / "meetings"
    (meetings / "m1.json.bak-v0").write_text("{}")
    store.add_item("m1", {"id": "a"})
    store.purge_meeting("m1")
    assert list(meetings.iterdir()) == []
    assert store.get_meeting("m1") is None
    assert store.list_meetings() == []
    store.purge_meeting("m1")  # idempotent


def test_add_item_touches_only_the_meeting_file(store: Store) -> None:
    before = store.change_token()
    store.add_item("m1", {"id": "a"})
    store.update_item("m1", "a", {"t": 1})
    store.append_event("m1", {"k": 1})
    assert store.change_token() == before


def test_other_instance_changes_visible_without_reopening(store: Store) -> None:
    other = Store.open(store.root)
    assert store.list_items("m1") == []
    token_m1 = store.change_token("m1")
    token_index = store.change_token()
    other.add_item("m1", {"id": "x"})
    assert store.list_items("m1") == [{"id": "x"}]
    assert store.change_token("m1") != token_m1
    other.put_group({"id": "g9"})
    assert store.get_group("g9") == {"id": "g9"}
    assert store.change_token() != token_index
    other.update_item("m1", "x", {"v": 2})
    assert store.update_item("m1", "x", {"w": 3}) == {"id": "x", "v": 2, "w": 3}


def test_change_token_shape(store: Store) -> None:
    (index,) = store.change_token()
    assert isinstance(index, tuple) and len(index) == 3
    assert store.change_token("m404")[1] is None


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
