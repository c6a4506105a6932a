"""Free-text search over every meeting's items, from an in-memory index.

Each meeting file is read once and kept, keyed by its file fingerprint, so later searches
only stat the files they visit and re-read the ones another process changed.  A meeting's
texts are lowercased once into one string, so "is this word anywhere in this meeting?" is a
single C-speed substring test.  Searches walk meetings newest first and stop at `limit`
hits, so a common word answers from the last few meetings without loading the rest.
"""

from __future__ import annotations

import threading
import time
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from peertui.domain.records import Item, MeetingSummary
from peertui.store import Store, StoreError
from peertui.store.atomic import read_bytes
from peertui.store.codec import decode_meeting
from peertui.store.layout import meeting_path
from peertui.store.records import StatKey

SNIPPET_BEFORE = 50
SNIPPET_WIDTH = 160
SEPARATOR = "\x00"  # never in cleaned text, so no match spans two items


def members_of(item: Item) -> tuple[str | None, ...]:
    """Everyone an item names: the speaker, a recommendation's giver and recipient, an
    action's owner."""
    return (item.speaker_id, item.giver_id, item.recipient_id, item.owner_id)


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


def _at(item: Item) -> str:
    return item.at


class _Meeting:
    """One meeting's items, newest first, with their lowercased texts joined in `blob`."""

    __slots__ = ("_members", "blob", "items", "starts", "summary", "token")

    def __init__(self, token: StatKey, summary: MeetingSummary,
                 items: tuple[Item, ...]) -> None:
        self.token = token
        self.summary = summary
        self.items = sorted(items, key=_at, reverse=True)
        texts = [i.text.replace(SEPARATOR, " ").lower() for i in self.items]
        self.blob = SEPARATOR.join(texts)
        starts, offset = [], 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        self.starts = starts
        self._members: set[str] | None = None

    def members(self) -> set[str]:
        """Everyone named on any item, to skip a meeting for a member filter at once."""
        if self._members is None:
            self._members = {m for i in self.items for m in members_of(i) if m}
        return self._members

    def text_of(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.blob)
        return self.blob[self.starts[index]:end]

    def candidates(self, words: list[str]) -> Iterator[int]:
        """Indexes (newest first) of items containing the first word; all items if no words."""
        if not words:
            yield from range(len(self.items))
            return
        word, blob, starts = words[0], self.blob, self.starts
        pos = blob.find(word)
        while pos >= 0:
            index = bisect_right(starts, pos) - 1
            yield index
            nxt = starts[index + 1] if index + 1 < len(starts) else len(blob)
            pos = blob.find(word, nxt)


def read_items(store: Store, meeting_id: str, raw: bytes | None = None
               ) -> tuple[Item, ...] | None:
    """A meeting's items from its file (or bytes already read from it): the store's own
    validated read.  StoreError if the file is damaged."""
    path = meeting_path(store.root, meeting_id)
    data = read_bytes(path) if raw is None else raw
    return None if data is None else decode_meeting(data, path)[1]


Needle = tuple[bytes, ...]  # any one of these must be in the file's lowercased bytes


def _plain_ascii(text: str) -> bool:
    return text.isascii() and '"' not in text and "\\" not in text


def raw_filter(words: list[str], member_id: str | None = None,
               kind: str | None = None) -> list[Needle]:
    """What an unread meeting file must contain for any item of it to match.

    Only plain ASCII qualifies: the file is UTF-8 JSON written without escaping non-ASCII
    text, so an ASCII word absent from its ASCII-lowercased bytes is in no item.  A member
    filter needs the member's id somewhere in the file, a kind filter its "kind" field.
    """
    needles: list[Needle] = []
    if words and all(_plain_ascii(w) for w in words):
        needles += [(w.encode("ascii"),) for w in words]
    if member_id and _plain_ascii(member_id):
        needles.append((member_id.lower().encode("ascii"),))
    if kind and _plain_ascii(kind):
        value = kind.lower()
        needles.append((f'"kind":"{value}"'.encode("ascii"),
                        f'"kind": "{value}"'.encode("ascii")))
    return needles


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
    """All items of all meetings in memory; safe to use from worker threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._meetings: dict[str, _Meeting] = {}
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
            return self._summaries

    def _meeting(self, summary: MeetingSummary,
                 must_hold: list[Needle] | None = None) -> _Meeting | None:
        """The meeting's items, from memory unless its file changed since they were read.

        With `must_hold`, a file not in memory is first scanned as bytes, and not parsed
        (None) when a needle is missing: a cold search for a rare word reads, not decodes.
        """
        mid = summary.id
        token = self.store.change_token(mid)[-1]
        known = self._meetings.get(mid)
        if known is not None and known.token == token:
            known.summary = summary
            return known
        if token is None:
            return None
        raw = None
        if must_hold:
            raw = read_bytes(meeting_path(self.store.root, mid))
            lowered = raw.lower() if raw is not None else b""
            if any(all(alt not in lowered for alt in needle) for needle in must_hold):
                return None
        with self._load_lock:  # a warm-up and a search never parse the same file twice
            known = self._meetings.get(mid)
            if known is not None and known.token == token:
                return known
            try:
                items = read_items(self.store, mid, raw)
            except StoreError as error:
                self.unreadable[mid] = error
                return None
            if items is None:
                return None
            loaded = _Meeting(token, summary, items)
            self._meetings[mid] = loaded
            return loaded

    def warm(self, pause: float = 0.0) -> None:
        """Read every meeting now (from a worker thread), so later searches never wait.

        `pause` sleeps between files, handing the interpreter back to the UI thread.
        """
        for summary in self._current_summaries():
            self._meeting(summary)
            if pause:
                time.sleep(pause)

    def meetings(self) -> list[MeetingSummary]:
        """Summaries of every meeting, newest first."""
        return list(self._current_summaries())

    def items(self, group_id: str | None = None,
              wanted: Callable[[MeetingSummary], bool] | None = None
              ) -> Iterator[tuple[MeetingSummary, Item]]:
        """(meeting summary, item) for every item of the meetings `wanted` keeps."""
        for summary in self._current_summaries():
            if group_id is not None and summary.group_id != group_id:
                continue
            if wanted is not None and not wanted(summary):
                continue
            meeting = self._meeting(summary)
            if meeting is not None:
                for item in meeting.items:
                    yield meeting.summary, item

    def search(self, query: str, member_id: str | None = None, kind: str | None = None,
               date_from: date | str | None = None, date_to: date | str | None = None,
               meeting_id: str | None = None, include_private: bool = True,
               limit: int = 200, group_id: str | None = None) -> list[SearchHit]:
        """Items containing every word of the query (any order, any case), newest first."""
        words = sorted({w for w in query.lower().split() if w}, key=len, reverse=True)
        must_hold = raw_filter(words, member_id, kind)
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
            meeting = self._meeting(summary, must_hold)
            if meeting is None or any(w not in meeting.blob for w in words):
                continue
            if member_id is not None and member_id not in meeting.members():
                continue
            seen = -1
            for index in meeting.candidates(words):
                if index == seen:
                    continue
                seen = index
                item = meeting.items[index]
                if kind is not None and item.kind != kind:
                    continue
                if not include_private and item.private:
                    continue
                if member_id is not None and member_id not in members_of(item):
                    continue
                lower = meeting.text_of(index)
                if any(w not in lower for w in words[1:]):
                    continue
                snippet, spans = snippet_of(item.text, lower, words)
                hits.append(SearchHit(summary.id, day, item, snippet, spans))
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
