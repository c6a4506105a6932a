"""One meeting as the search index holds it: a few flat values, not one record per item.

100,000 items as whole records were most of the app's memory, and a search only needs, per
item, its lowercased text, its kind, whether it is private and who it names.  So a meeting
keeps its texts lowercased into one string (`blob`: "is this word anywhere in this
meeting?" is one C-speed substring test), and kinds, private marks and positions as
arrays of numbers.  Items are counted newest first (`place`); `order` maps a place back to
the item's place in the file, where its whole record is decoded when a search shows it.
An entry is made only from the store's own read of the file (decode_meeting), so a damaged
file is never searched; of its records, only the kinds the ledger and the action lists read
(all but notes, about one item in seven) are kept whole (`whole`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, compress, islice
from operator import attrgetter, lt
from typing import cast

from peertui.domain.records import ITEM_KINDS, Item, MeetingSummary
from peertui.store.records import StatKey
from peertui.store.search_codec import SearchItem

SEPARATOR = "\x00"  # never in a text as read (the codec neutralises it): no match spans two
KIND_CODE: dict[str, int] = {kind: code for code, kind in enumerate(ITEM_KINDS)}
#: The kinds kept whole in memory: what the ledger and the action lists read.
WHOLE_KINDS = frozenset(ITEM_KINDS) - {"note"}


_AT = attrgetter("at")
_TEXT = attrgetter("text")
_KIND = attrgetter("kind")
_PRIVATE = attrgetter("private")
_MEMBER_FIELDS = tuple(map(attrgetter, ("speaker_id", "giver_id", "recipient_id", "owner_id")))


_EMPTY_FOR_NONE: dict[str | None, str] = {None: ""}
#: kind -> None for the kinds not kept whole: dict.get(kind, item) keeps the others
_KEPT: dict[str, None] = dict.fromkeys(set(ITEM_KINDS) - WHOLE_KINDS)


def _names_of(ranked: Sequence[Item | SearchItem]) -> str:
    """The ids each item names, four per item (none as ""), each between separators."""
    columns = [map(field, ranked) for field in _MEMBER_FIELDS]
    names = list(chain.from_iterable(zip(*columns, strict=True)))
    return SEPARATOR + SEPARATOR.join(map(_EMPTY_FOR_NONE.get, names, names)) + SEPARATOR


def _people_of(names: str) -> dict[str, array[int]]:
    """Member id -> places (ascending) of the items naming them, from `_names_of`."""
    fields = names[1:-1].split(SEPARATOR)
    people: dict[str, array[int]] = {}
    for field in compress(range(len(fields)), fields):  # most items name nobody
        places = people.setdefault(fields[field], array("I"))
        place = field // len(_MEMBER_FIELDS)
        if not places or places[-1] != place:
            places.append(place)
    return people


def members_of(item: Item | SearchItem) -> tuple[str | None, ...]:
    """Everyone an item names: the speaker, a recommendation's giver and recipient, an
    action's owner."""
    return (item.speaker_id, item.giver_id, item.recipient_id, item.owner_id)


class MeetingEntry:
    """One meeting's items for search, newest first (see the module's docstring)."""

    __slots__ = ("_people", "blob", "kinds", "names", "order", "private", "starts", "summary",
                 "token", "whole")

    def __init__(self, token: StatKey, summary: MeetingSummary,
                 items: Sequence[Item] | Sequence[SearchItem], whole: bool) -> None:
        """`items` in file order; `whole` when they are Items from the store's own read,
        else lean.  Built with C-level maps only: a first search may build hundreds."""
        self.token = token
        self.summary = summary
        ats = list(map(_AT, items))
        if all(map(lt, ats, islice(ats, 1, None))):  # saved in time order, as the store does
            self.order = array("I", range(len(items) - 1, -1, -1))
        else:
            self.order = array("I", sorted(range(len(items)), key=ats.__getitem__,
                                           reverse=True))
        ranked: list[Item | SearchItem] = list(map(items.__getitem__, self.order))
        texts = list(map(_TEXT, ranked))
        joined = SEPARATOR.join(texts)  # a text as read holds no control character
        # One lower() for the lot: the separator is neither cased nor case-ignorable, so
        # even a Greek final sigma lowers as it would alone.
        self.blob = joined.lower()
        lengths = map(len, texts if len(self.blob) == len(joined) else self.blob.split(SEPARATOR))
        self.starts = array("I", accumulate(map((1).__add__, lengths), initial=0))
        self.starts.pop()
        self.kinds = bytes(map(KIND_CODE.__getitem__, map(_KIND, ranked)))
        self.private = bytes(map(_PRIVATE, ranked))
        self.names = _names_of(ranked)
        self._people: dict[str, array[int]] | None = None
        #: the items of WHOLE_KINDS whole, None for a note (decoded when shown); None
        #: until the store's own read of the file is kept (`keep_whole`)
        self.whole: tuple[Item | None, ...] | None = None
        if whole:
            self.keep_whole(cast(Sequence[Item], items))

    def keep_whole(self, items: Sequence[Item]) -> None:
        """Keep the items of WHOLE_KINDS whole, from the store's read of the same bytes."""
        ranked = list(map(items.__getitem__, self.order))
        self.whole = tuple(map(_KEPT.get, map(_KIND, ranked), ranked))

    def names_member(self, member_id: str) -> bool:
        """Whether any item names this member (a quick test before `matches`)."""
        return bool(member_id) and SEPARATOR not in member_id and \
            f"{SEPARATOR}{member_id}{SEPARATOR}" in self.names

    def member_places(self, member_id: str) -> Sequence[int]:
        """Places (newest first) of the items naming this member; the map of them is
        worked out from `names` at the first search by member, then kept (a few numbers
        per member)."""
        if not self.names_member(member_id):
            return ()
        if self._people is None:
            self._people = _people_of(self.names)
        return self._people.get(member_id, ())

    def __len__(self) -> int:
        return len(self.order)

    def text_of(self, place: int) -> str:
        starts = self.starts
        end = starts[place + 1] - 1 if place + 1 < len(starts) else len(self.blob)
        return self.blob[starts[place]:end]

    def candidates(self, words: list[str]) -> Iterator[int]:
        """Places (newest first) of items containing the first word; all if no words."""
        if not words:
            yield from range(len(self.order))
            return
        word, blob, starts = words[0], self.blob, self.starts
        pos = blob.find(word)
        while pos >= 0:
            place = bisect_right(starts, pos) - 1
            yield place
            nxt = starts[place + 1] if place + 1 < len(starts) else len(blob)
            pos = blob.find(word, nxt)

    def matches(self, words: list[str], member_id: str | None, kind: str | None,
                include_private: bool) -> Iterator[int]:
        """Places, newest first, of the items holding every word that pass the filters."""
        by_member = member_id is not None
        places = self.member_places(member_id) if member_id is not None else \
            self.candidates(words)
        code = KIND_CODE.get(kind, -1) if kind is not None else None
        rest = words if by_member else words[1:]  # candidates hold the first word
        kinds, private = self.kinds, self.private
        for place in places:
            if code is not None and kinds[place] != code:
                continue
            if not include_private and private[place]:
                continue
            if rest:
                lower = self.text_of(place)
                if any(w not in lower for w in rest):
                    continue
            yield place


def may_hold_hit(items: Sequence[Item] | Sequence[SearchItem], words: list[str],
                 member_id: str | None, kind: str | None, include_private: bool) -> bool:
    """Whether any of these items passes the query: what a file read lean for a first
    search must hold to be read whole and kept.  Never False where MeetingEntry.matches
    would find an item (the same tests, on the same texts); a False True only costs time."""
    if words:
        blob = SEPARATOR.join(map(_TEXT, items)).lower()
        if any(w not in blob for w in words):
            return False
    for item in items:
        if kind is not None and item.kind != kind:
            continue
        if not include_private and item.private:
            continue
        if member_id is not None and member_id not in members_of(item):
            continue
        if words:
            lower = item.text.lower()
            if any(w not in lower for w in words):
                continue
        return True
    return False
