"""Property test: the lean search (files read lean, hits decoded one by one, entries of flat
values) finds exactly what a search over the store's own whole read finds, with the same
snippets and marks, on random meetings: control characters, private items, ties in time,
files not in time order, and every filter.  Cold, warm, and with the store's earlier read
not vouching for the bytes (read whole at once)."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from peertui.domain.records import ITEM_KINDS, Item, Meeting, MeetingSummary
from peertui.domain.text import neutral
from peertui.services.search import SearchIndex, members_of, snippet_of
from peertui.services.search_index import WHOLE_KINDS
from peertui.store import Store
from peertui.store.codec import decode_meeting, encode_meeting
from peertui.store.layout import meeting_path

WORDS = ["plan", "Plan", "PLAN", "vendor", "ΣΑΣ", "σας", "İstanbul", "straße", "go-live",
         "\u212aiwi", "kiwi", "ANİ"]  # a Kelvin sign and a dotted I lower to ASCII letters
#: Words, and characters that a terminal would act on: ESC, BEL, a C1 CSI, DEL, NUL, CR.
PIECES = st.sampled_from([*WORDS, " ", "\n", "\t", "\x1b[31m", "\x07", "\x9b", "\x7f", "\x00",
                          "\r", "é", "🔒", "\ud7ff"])
TEXT = st.lists(PIECES, max_size=8).map("".join)
PEOPLE = st.sampled_from([None, "m1", "m2", ""])
#: Few moments, so ties in time (kept in file order) are common; "" sorts last.
AT = st.sampled_from(["", "2026-01-01T10:00:00+00:00", "2026-01-01T11:00:00+00:00",
                      "2026-01-01T12:00:00+00:00"])
ITEM = st.builds(lambda kind, text, private, at, speaker, giver, recipient, owner: Item(
    id="x", kind=kind, text=text, private=private, at=at, speaker_id=speaker, giver_id=giver,
    recipient_id=recipient, owner_id=owner, segment_title="Round", by="Note-taker"),
    st.sampled_from(ITEM_KINDS), TEXT, st.booleans(), AT, PEOPLE, PEOPLE, PEOPLE, PEOPLE)
MEETINGS = st.lists(st.lists(ITEM, max_size=7), min_size=1, max_size=3)
QUERY = st.fixed_dictionaries({
    "query": st.lists(st.sampled_from([*WORDS, "pla", "a", "zeppelin", "ς", "i̇", "\x1b", "ani",
                                       "k"]),
                      max_size=2).map(" ".join),
    "member_id": st.sampled_from([None, "m1", "m2", "", "nobody"]),
    "kind": st.sampled_from([None, *ITEM_KINDS]),
    "include_private": st.booleans(),
    "date_from": st.sampled_from([None, "2026-02-01"]),
    "date_to": st.sampled_from([None, "2026-02-01"]),
    "limit": st.sampled_from([1, 3, 200]),
})
DATES = ["2026-01-01", "2026-02-01", "2026-03-01"]
_counter = itertools.count()


@contextmanager
def history(meetings: list[list[Item]], spaced: bool = False) -> Iterator[Store]:
    """A store holding these meetings, each file written as given (any order of items):
    as the store writes it, or `spaced` as json.dumps lays it out (read, not byte-scanned)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "store")
        for n, items in enumerate(meetings):
            meeting = Meeting(id=f"m{next(_counter)}", group_id="g", date=DATES[n])
            store.create_meeting(meeting)
            numbered = tuple(replace(item, id=f"i{k}") for k, item in enumerate(items))
            data = encode_meeting(meeting, numbered)
            if spaced:
                data = json.dumps(json.loads(data), indent=1).encode()
            meeting_path(store.root, meeting.id).write_bytes(data)
        yield store


def reference(store: Store, query: str, member_id: str | None, kind: str | None,
              include_private: bool, date_from: str | None, date_to: str | None,
              limit: int) -> list[tuple[Any, ...]]:
    """The search as a plain loop over the store's own whole read of every file."""
    words = sorted({w for w in query.lower().split() if w}, key=len, reverse=True)
    found: list[tuple[Any, ...]] = []
    for summary in sorted(store.meetings(), key=lambda m: (m.date, m.id), reverse=True):
        if (date_from and summary.date < date_from) or (date_to and summary.date > date_to):
            continue
        path = meeting_path(store.root, summary.id)
        items = sorted(decode_meeting(path.read_bytes(), path)[1], key=lambda i: i.at,
                       reverse=True)
        for item in items:
            lower = item.text.lower()
            if any(w not in lower for w in words) or (kind is not None and item.kind != kind):
                continue
            if (not include_private and item.private) or (
                    member_id is not None and (not member_id or member_id not in
                                               members_of(item))):
                continue
            found.append((summary.id, summary.date, item, *snippet_of(item.text, lower, words)))
            if len(found) >= limit:
                return found
    return found


def shown(index: SearchIndex, **query: Any) -> list[tuple[Any, ...]]:
    hits = index.search(**query)
    for hit in hits:  # what a hit shows is safe to draw: the store's neutralising holds
        assert neutral(hit.item.text) == hit.item.text
        assert neutral(hit.snippet) == hit.snippet
    return [(h.meeting_id, h.meeting_date, h.item, h.snippet, h.spans) for h in hits]


def unvouched(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if no summary had been made from the files now there: each is read whole."""
    real = index._current_summaries

    def summaries() -> list[MeetingSummary]:
        return [replace(s, source=None) for s in real()]

    monkeypatch.setattr(index, "_current_summaries", summaries)


@settings(max_examples=150, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(meetings=MEETINGS, queries=st.lists(QUERY, min_size=1, max_size=4),
       spaced=st.booleans())
def test_lean_search_finds_what_the_whole_read_finds(
        meetings: list[list[Item]], queries: list[dict[str, Any]], spaced: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with history(meetings, spaced) as store:
        cold, warm, whole = SearchIndex(store), SearchIndex(store), SearchIndex(store)
        warm.warm()
        with monkeypatch.context() as patch:
            unvouched(whole, patch)
            for query in queries:
                expected = reference(store, **query)
                assert shown(cold, **query) == expected  # first searches, then warmer
                assert shown(warm, **query) == expected
                assert shown(whole, **query) == expected
                assert shown(SearchIndex(store), **query) == expected  # each one first


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture])
@given(meetings=MEETINGS, query=QUERY)
def test_items_are_the_store_s_records(meetings: list[list[Item]],
                                       query: dict[str, Any]) -> None:
    """The ledger's and the action lists' read (items of the kinds kept whole) and a read
    of every kind give the store's own records, newest first in each meeting, even after
    a first search left lean entries behind."""
    with history(meetings) as store:
        index = SearchIndex(store)
        index.search(**query)
        expected = []
        for summary in sorted(store.meetings(), key=lambda m: (m.date, m.id), reverse=True):
            path = meeting_path(store.root, summary.id)
            items = sorted(decode_meeting(path.read_bytes(), path)[1], key=lambda i: i.at,
                           reverse=True)
            expected += [(summary.id, item) for item in items]
        assert [(s.id, i) for s, i in index.items()] == \
            [(m, i) for m, i in expected if i.kind in WHOLE_KINDS]
        assert [(s.id, i) for s, i in index.items(kinds=ITEM_KINDS)] == expected
