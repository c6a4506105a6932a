"""The in-memory search index: matching, filters, snippets, and reloading only what changed."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

import peertui.services.search as search_module
from peertui.domain.records import Item
from peertui.services.search import SearchIndex, index_for, snippet_of
from peertui.store import Store


def _other_meeting(store: Store, meeting_id: str) -> None:
    """A second meeting of the group, a copy of the sample's plan with no items."""
    record = store.meeting(meeting_id)
    assert record is not None
    store.create_meeting(replace(record, id="2026-07-01-other", date="2026-07-01"))


def texts(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.item.text for h in hits]


def test_words_in_any_order_any_case(store: Store, meeting_id: str) -> None:
    index = SearchIndex(store)
    assert texts(index.search("CONTINGENCY")) == [
        "Budget 20% contingency for data migration; ours ran three months long."]
    assert texts(index.search("migration budget")) == texts(index.search("budget migration"))
    assert index.search("migration zebra") == []
    assert len(index.search("")) == 16  # every item, newest first
    ats = [h.item.at for h in index.search("")]
    assert ats == sorted(ats, reverse=True)


def test_filters(store: Store, meeting_id: str, sample: dict[str, str]) -> None:
    index = SearchIndex(store)
    to_art = index.search("", member_id=sample["Art"], kind="recommendation")
    assert len(to_art) == 8  # every recommendation was given to Art
    by_grace = index.search("", member_id=sample["Grace"])
    assert texts(by_grace) == ["Budget 20% contingency for data migration; ours ran three "
                               "months long."]
    assert len(index.search("", kind="action")) == 3
    assert len(index.search("", kind="action", include_private=False)) == 2
    assert index.search("", date_from="2026-09-19") == []
    assert len(index.search("", date_to="2026-09-18", meeting_id=meeting_id)) == 16
    assert index.search("", meeting_id="nope") == []
    assert len(index.search("", limit=4)) == 4


def test_snippet_marks_every_match() -> None:
    text = "A long preamble " * 10 + "then the Integrator and the integrator's fee."
    snippet, spans = snippet_of(text, text.lower(), ["integrator"])
    assert snippet.startswith("…")
    assert [snippet[a:b].lower() for a, b in spans] == ["integrator", "integrator"]
    short, spans = snippet_of("Tie payment to go-live.", "tie payment to go-live.", ["go", "tie"])
    assert short == "Tie payment to go-live."
    assert [short[a:b] for a, b in spans] == ["Tie", "go"]


def test_reloads_only_the_changed_meeting(store: Store, meeting_id: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _other_meeting(store, meeting_id)
    index = SearchIndex(store)
    assert index.search("helicopter") == []
    reads: list[str] = []
    real_read = search_module.read_items
    monkeypatch.setattr(search_module, "read_items",
                        lambda st, mid, raw=None: reads.append(mid) or real_read(st, mid, raw))
    index.search("anything")
    assert reads == []  # nothing changed: nothing re-read
    item = next(i for i in store.items(meeting_id) if i.kind == "note")
    store.change_item(meeting_id, item.id,
                      lambda i: replace(i, text="We hired a helicopter pilot."))
    assert texts(index.search("helicopter")) == ["We hired a helicopter pilot."]
    assert reads == [meeting_id]
    store.purge_meeting(meeting_id)
    assert index.search("helicopter") == []


def test_one_index_per_store(store: Store) -> None:
    assert index_for(store) is index_for(store)


def test_a_cold_search_parses_only_files_holding_the_words(store: Store, meeting_id: str,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    _other_meeting(store, meeting_id)
    store.add_item("2026-07-01-other", Item(id="x1", kind="note", text="Café ZEBRA crossing",
                                            at="2026-07-01T10:00:00+00:00"))
    parsed: list[str] = []
    real_read = search_module.read_items
    monkeypatch.setattr(search_module, "read_items",
                        lambda st, mid, raw=None: parsed.append(mid) or real_read(st, mid, raw))
    assert texts(SearchIndex(store).search("zebra")) == ["Café ZEBRA crossing"]
    assert parsed == ["2026-07-01-other"]  # the other file was only scanned, never parsed
    parsed.clear()
    assert texts(SearchIndex(store).search("CAFÉ")) == ["Café ZEBRA crossing"]  # not ASCII:
    assert sorted(parsed) == sorted([meeting_id, "2026-07-01-other"])  # no byte shortcut


def test_cold_and_warm_searches_agree(store: Store, meeting_id: str,
                                      sample: dict[str, str]) -> None:
    queries = [("", {"member_id": sample["Grace"]}), ("", {"kind": "decision"}),
               ("integrator", {"kind": "recommendation"}), ("the", {"member_id": sample["Art"]}),
               ("zeppelin", {}), ("", {"kind": "action", "member_id": sample["Priya"]})]
    warm = SearchIndex(store)
    warm.warm()
    for text, filters in queries:
        cold = SearchIndex(store).search(text, **filters)
        assert [h.item_id for h in cold] == [h.item_id for h in warm.search(text, **filters)]


def test_a_damaged_meeting_is_named_beside_the_results(store: Store, meeting_id: str) -> None:
    _other_meeting(store, meeting_id)
    store.add_item("2026-07-01-other", Item(id="x1", text="Zebra crossing"))
    index = SearchIndex(store)
    assert texts(index.search("zebra")) == ["Zebra crossing"]
    path = store.root / "meetings" / "2026-07-01-other.json"
    path.write_bytes(path.read_bytes().replace(b'"text":"Zebra crossing"', b'"text":7'))
    assert index.search("zebra") == []
    assert len(index.search("")) == 16  # the sample's meeting still answers
    assert set(index.unreadable) == {"2026-07-01-other"}
    error = index.unreadable["2026-07-01-other"]
    assert error.path == path and "'text'" in str(error)
