"""Free-text search over every meeting's items, from an in-memory index.

Each meeting file is read once, lean (store/search_codec: only what matching looks at), and
kept as a MeetingEntry (services/search_index) keyed by its file fingerprint, so later
searches only stat the files they visit and re-read the ones another process changed.
Searches walk meetings newest first and stop at `limit` hits, so a common word answers from
the last few meetings without reading the rest; a file not read yet is first scanned as
bytes for what any hit must contain, and not decoded when it lacks it.

A hit is shown as its whole Item, decoded when shown, and only from bytes the store's own
read has accepted: those its summary was made from (the store checks every summary against
its file's fingerprint), or else the file is read the store's way (decode_meeting) first.
So a file the store refuses shows no hit and is named beside the results, as it always
was.  Nothing of the index is written to disk.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import NamedTuple, cast

from peertui.domain.records import ITEM_KINDS, Item, MeetingSummary
from peertui.services.search_filters import Query, RawFilter, kind_verdict, raw_filter
from peertui.services.search_index import WHOLE_KINDS, MeetingEntry, may_hold_hit, members_of
from peertui.store import Store, StoreError
from peertui.store.codec import decode_meeting
from peertui.store.layout import check_meeting_id, meeting_path, meetings_dir
from peertui.store.records import StatKey, stat_key
from peertui.store.search_codec import SearchItem, decode_lean, items_at, read_file

__all__ = ["SearchHit", "SearchIndex", "index_for", "members_of", "snippet_of"]

#: A meeting file smaller than this (a short meeting, some 40 notes) is read whole at once.
WHOLE_BELOW = 16 * 1024
SNIPPET_BEFORE = 50
SNIPPET_WIDTH = 160


@dataclass(frozen=True)
class SearchHit:
    """One matching item, its place in the group's history, and the text around the match."""

    meeting_id: str
    meeting_date: str
    item: Item
    snippet: str
    spans: tuple[tuple[int, int], ...]  # offsets of the matched words within snippet

    @property
    def item_id(self) -> str:
        return self.item.id

    @property
    def kind(self) -> str:
        return self.item.kind


def read_items(store: Store, meeting_id: str, raw: bytes | None = None
               ) -> tuple[Sequence[SearchItem] | Sequence[Item], bool] | None:
    """A meeting's items as a search first reads them (lean, see store/search_codec), from
    its file or bytes already read from it, and whether they are whole Items; None if there
    is no file; StoreError if the file is damaged."""
    path = meeting_path(store.root, meeting_id)
    data = read_file(path) if raw is None else raw
    if data is None:
        return None
    if len(data) < WHOLE_BELOW:  # read lean, then again for a hit, it would cost more
        return decode_meeting(data, path)[1], True
    return decode_lean(data, path)


def read_whole(store: Store, meeting_id: str, raw: bytes) -> tuple[Item, ...]:
    """The store's own validated read of a meeting file's bytes: its items, in file order."""
    return decode_meeting(raw, meeting_path(store.root, meeting_id))[1]


class Loaded(NamedTuple):
    """A meeting's entry (None: none), with its file's bytes and its items whole when
    they were read just now."""

    entry: MeetingEntry | None
    raw: bytes | None = None
    items: Sequence[Item] | None = None


def snippet_of(text: str, lower: str, words: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of the text around the first matched word, with every match marked."""
    flat = " ".join(text.split()) if "\n" in text or "\t" in text else text
    flat_lower = lower if flat is text and len(lower) == len(text) else flat.lower()
    first = min((flat_lower.find(w) for w in words if w in flat_lower), default=0)
    start = max(0, first - SNIPPET_BEFORE)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(flat), start + SNIPPET_WIDTH)
    prefix = "…" if start else ""
    suffix = "…" if end < len(flat) else ""
    window_lower = flat_lower[start:end]
    spans: list[tuple[int, int]] = []
    for word in words:
        pos = window_lower.find(word)
        while pos >= 0 and word:
            spans.append((pos + len(prefix), pos + len(prefix) + len(word)))
            pos = window_lower.find(word, pos + len(word))
    return prefix + flat[start:end] + suffix, tuple(sorted(spans))


class SearchIndex:
    """All meetings' items for search, in memory; safe to use from worker threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._meetings: dict[str, MeetingEntry] = {}
        self._folder = str(meetings_dir(store.root))
        self._paths: dict[str, str] = {}
        #: files the store's read refused, by fingerprint: not read again until they change
        self._refused: dict[str, tuple[StatKey, StoreError]] = {}
        self._index_token: tuple[StatKey, ...] | None = None
        self._summaries: list[MeetingSummary] = []
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        #: meeting id -> why its file cannot be read (shown beside the results, never hidden)
        self.unreadable: dict[str, StoreError] = {}

    def _current_summaries(self) -> list[MeetingSummary]:
        """Meeting summaries newest first, re-read only when the index file changed."""
        with self._lock:
            token = self.store.change_token()
            if token != self._index_token:
                found = self.store.meetings()
                self._summaries = sorted(found, key=lambda m: (m.date, m.id), reverse=True)
                self._index_token = token
                self.unreadable = {e.path.stem: e for e in self.store.unreadable()}
                known = {m.id for m in found}
                self._meetings = {k: v for k, v in self._meetings.items() if k in known}
                self._paths = {k: v for k, v in self._paths.items() if k in known}
            return self._summaries

    def _path(self, meeting_id: str) -> str:
        """The meeting's file, as a plain string: os.stat and os.open take it as it is."""
        path = self._paths.get(meeting_id)
        if path is None:
            path = self._paths[meeting_id] = os.path.join(
                self._folder, f"{check_meeting_id(meeting_id)}.json")
        return path

    def _entry(self, summary: MeetingSummary, must_hold: RawFilter | None = None,
               query: Query | None = None) -> Loaded:
        """The meeting's entry, from memory unless its file changed since it was read.

        With `must_hold`, a file not in memory is first scanned as bytes and not decoded
        when it lacks what a hit needs; with `query`, it is then read lean and kept only if
        its items may hold a hit: a first search for a rare word or a sparse filter reads
        many files but decodes few, and none of them whole.  Without a query, a file is
        read whole, the store's way (the warm-up, the ledger).
        """
        mid = summary.id
        path = self._path(mid)
        token = stat_key(path)
        known = self._meetings.get(mid)
        if known is not None and known.token == token:
            known.summary = summary
            return Loaded(known)
        refused = self._refused.get(mid)
        if token is None or (refused is not None and refused[0] == token):
            if refused is not None and token is not None:
                self.unreadable[mid] = refused[1]
            return Loaded(None)
        raw = read_file(path, token[1])
        if raw is None or (must_hold and not must_hold.passes(raw)):
            return Loaded(None)
        with self._load_lock:  # a warm-up and a search never decode the same file twice
            known = self._meetings.get(mid)
            if known is not None and known.token == token:
                return Loaded(known, raw)
            try:
                found = self._decode(summary, token, raw, query)
            except StoreError as error:
                self._refuse(mid, token, error)
                return Loaded(None)
            if found is None:
                return Loaded(None)
            entry = self._meetings[mid] = MeetingEntry(token, summary, *found)
            return Loaded(entry, raw, cast(Sequence[Item], found[0]) if found[1] else None)

    def _decode(self, summary: MeetingSummary, token: StatKey, raw: bytes, query: Query | None
                ) -> tuple[Sequence[SearchItem] | Sequence[Item], bool] | None:
        """The file's items, and whether they are whole: whole without a query; with one,
        None if a lean read shows no item can match, else lean if the store has read these
        very bytes whole before (its summary was made from them), or else read whole now,
        so that no hit ever comes from a file the store refuses."""
        if query is None:
            return read_whole(self.store, summary.id, raw), True
        if kind_verdict(raw, query) is False:
            return None
        found = read_items(self.store, summary.id, raw)
        if found is None or not may_hold_hit(found[0], *query):
            return None
        if found[1] or summary.source == token:
            return found
        return read_whole(self.store, summary.id, raw), True

    def _refuse(self, meeting_id: str, token: StatKey, error: StoreError) -> None:
        self.unreadable[meeting_id] = error
        self._refused[meeting_id] = (token, error)
        self._meetings.pop(meeting_id, None)

    def _same_bytes(self, meeting_id: str, entry: MeetingEntry) -> bytes | None:
        """The bytes the entry was read from, read again; None if the file changed since
        (the entry is then dropped, to be read afresh)."""
        path, token = self._path(meeting_id), entry.token
        raw = read_file(path, token[1]) if token is not None else None
        if raw is None or stat_key(path) != token:
            if self._meetings.get(meeting_id) is entry:
                del self._meetings[meeting_id]
            return None
        return raw

    def _make_whole(self, meeting_id: str, loaded: Loaded) -> tuple[Item, ...] | None:
        """The store's own read of a lean entry's file, its records kept in the entry; None
        if the file changed since the entry was read, or the store refuses it."""
        entry = loaded.entry
        assert entry is not None
        raw = loaded.raw if loaded.raw is not None else self._same_bytes(meeting_id, entry)
        if raw is None:
            return None
        try:
            items = read_whole(self.store, meeting_id, raw)
        except StoreError as error:
            self._refuse(meeting_id, entry.token, error)
            return None
        entry.keep_whole(items)
        return items

    def _records(self, meeting_id: str, loaded: Loaded, places: list[int]
                 ) -> dict[int, Item] | None:
        """The whole Items at these places of the entry: from the items just read whole,
        from those kept whole, or decoded from the file's bytes; None if the file changed
        since the entry was made, or reads only the store's slow way (the entry is
        dropped: read it again)."""
        entry = loaded.entry
        assert entry is not None
        if loaded.items is not None:
            return {p: loaded.items[entry.order[p]] for p in places}
        kept = entry.whole
        found = {p: item for p in places if kept is not None and (item := kept[p]) is not None}
        wanted = [p for p in places if p not in found]
        if not wanted:
            return found
        raw = loaded.raw if loaded.raw is not None else self._same_bytes(meeting_id, entry)
        decoded = items_at(raw, [entry.order[p] for p in wanted]) if raw is not None else None
        if decoded is None:
            if self._meetings.get(meeting_id) is entry:
                del self._meetings[meeting_id]
            return None
        found.update((p, decoded[entry.order[p]]) for p in wanted)
        return found

    def warm(self, pause: float = 0.0) -> None:
        """Read every meeting now, the store's way (from a worker thread), so later searches
        never wait and every damaged file is named.

        `pause` sleeps between files, handing the interpreter back to the UI thread.
        """
        for summary in self._current_summaries():
            loaded = self._entry(summary)
            if loaded.entry is not None and loaded.entry.whole is None:
                self._make_whole(summary.id, loaded)
            if pause:
                time.sleep(pause)

    def meetings(self) -> list[MeetingSummary]:
        """Summaries of every meeting, newest first."""
        return list(self._current_summaries())

    def items(self, group_id: str | None = None,
              wanted: Callable[[MeetingSummary], bool] | None = None,
              kinds: Collection[str] = WHOLE_KINDS,
              ) -> Iterator[tuple[MeetingSummary, Item]]:
        """(meeting summary, item) for every item of these kinds of the meetings `wanted`
        keeps, newest first within a meeting.  The kinds the index keeps whole (all but
        notes: what the ledger and the action lists read) come from memory; notes, when
        asked for, are decoded from the files each time."""
        from_memory = set(kinds) <= WHOLE_KINDS
        for summary in self._current_summaries():
            if group_id is not None and summary.group_id != group_id:
                continue
            if wanted is not None and not wanted(summary):
                continue
            for _attempt in range(2):  # a file changed under the read is read once more
                loaded = self._entry(summary)
                entry = loaded.entry
                if entry is None:
                    break
                if entry.whole is None and self._make_whole(summary.id, loaded) is None:
                    continue
                if from_memory and entry.whole is not None:
                    found = [i for i in entry.whole if i is not None and i.kind in kinds]
                else:
                    places = [p for p in range(len(entry)) if ITEM_KINDS[entry.kinds[p]] in kinds]
                    records = self._records(summary.id, loaded, places)
                    if records is None:
                        continue
                    found = [records[p] for p in places]
                for item in found:
                    yield entry.summary, item
                break

    def search(self, query: str, member_id: str | None = None, kind: str | None = None,
               date_from: date | str | None = None, date_to: date | str | None = None,
               meeting_id: str | None = None, include_private: bool = True,
               limit: int = 200, group_id: str | None = None) -> list[SearchHit]:
        """Items containing every word of the query (any order, any case), newest first."""
        words = sorted({w for w in query.lower().split() if w}, key=len, reverse=True)
        must_hold = raw_filter(words, member_id, kind)
        wanted: Query = (words, member_id, kind, include_private)
        low = str(date_from) if date_from else ""
        high = str(date_to) if date_to else "9999-12-31"
        hits: list[SearchHit] = []
        for summary in self._current_summaries():
            day = summary.date
            if day > high:
                continue
            if day < low:
                break  # newest first: every later one is older still
            if meeting_id is not None and summary.id != meeting_id:
                continue
            if group_id is not None and summary.group_id != group_id:
                continue
            for _attempt in range(2):  # a file changed under the search is read once more
                loaded = self._entry(summary, must_hold, wanted)
                entry = loaded.entry
                if entry is None or any(w not in entry.blob for w in words):
                    break
                if member_id is not None and not entry.names_member(member_id):
                    break
                places = list(islice(entry.matches(words, member_id, kind, include_private),
                                     limit - len(hits)))
                records = self._records(summary.id, loaded, places) if places else {}
                if records is None:
                    continue
                for place in places:
                    item = records[place]
                    snippet, spans = snippet_of(item.text, entry.text_of(place), words)
                    hits.append(SearchHit(summary.id, day, item, snippet, spans))
                break
            if len(hits) >= limit:
                return hits
        return hits


_INDEXES: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(store: Store) -> SearchIndex:
    """The one index per open store, so every screen shares the warm cache."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None:
            index = _INDEXES[store] = SearchIndex(store)
        return index
