"""The lean read of a meeting file for search: only the fields matching looks at.

Search reads every meeting file of the history.  Decoding each item whole (twenty fields,
and the meeting record with its plan) costs about 2.5 times decoding the eight that
matching needs, and keeping 100,000 whole items was most of the app's memory.  So search
reads a file lean (SearchItem) and decodes an item whole only when it shows it
(`items_at`), or keeps it whole when the ledger and the action lists need it.

Both reads go through the codec's `drawable`: the same bytes with every string made safe to
draw (a control character becomes U+FFFD), so a lean text is the very text the whole
record holds.  SearchItem's fields have Item's types, and a file the lean read refuses is
read the store's way (`decode_meeting`) for its error, worded as every read words it.
Nothing here is written anywhere: no search data ever reaches the disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from peertui.domain.records import Item, ItemKind, MeetingId

from .codec import decode_meeting, drawable
from .errors import from_os_error
from .sealing import unseal_read

T = TypeVar("T")


class SearchItem(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What search needs of an item: its text, its kind, whether it is private, its moment
    (the order of the results) and the people it names.  Types as in Item."""

    text: str
    kind: ItemKind = "note"
    private: bool = False
    at: str = ""
    speaker_id: str | None = None
    giver_id: str | None = None
    recipient_id: str | None = None
    owner_id: str | None = None


class _MeetingName(msgspec.Struct):
    id: MeetingId


class _LeanFile(msgspec.Struct):
    meeting: dict[str, _MeetingName]
    items: dict[str, SearchItem] = {}


class _ItemBytes(msgspec.Struct):
    items: dict[str, msgspec.Raw] = {}


_LEAN = msgspec.json.Decoder(_LeanFile)
_ITEM_BYTES = msgspec.json.Decoder(_ItemBytes)
_ITEM = msgspec.json.Decoder(Item)


def in_file_order(records: dict[str, T]) -> list[T]:
    """A table's records in the order they were saved (TinyDB numbers them 1, 2, ...), as
    decode_meeting orders them; ValueError for a record number that is not a number."""
    docs = list(records)
    if docs == list(map(str, range(1, len(docs) + 1))):  # as the store writes them
        return list(records.values())
    return [records[doc] for doc in sorted(docs, key=int)]


def decode_lean(raw: bytes, path: Path) -> tuple[Sequence[SearchItem] | Sequence[Item], bool]:
    """A meeting file's items in file order, lean, and False; or, when the lean read
    refuses the file, the store's own read of it: its whole items and True, or its
    StoreError."""
    try:
        found = _LEAN.decode(drawable(raw))
        meetings = list(found.meeting.values())
        if len(meetings) == 1 and meetings[0].id == path.stem:
            return tuple(in_file_order(found.items)), False
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        pass
    return decode_meeting(raw, path)[1], True


def items_at(raw: bytes, places: Iterable[int]) -> dict[int, Item] | None:
    """The whole records of the items at these places (counted in file order) of a file
    the store's read has accepted as it is; None if these bytes do not read so (the file
    changed, or holds what only the store's slow path reads): read it whole instead."""
    try:
        found = in_file_order(_ITEM_BYTES.decode(drawable(raw)).items)
        return {n: _ITEM.decode(found[n]) for n in places}
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, IndexError):
        return None


_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*"'  # one JSON string, escapes and all
_NAMED = rb"(null|" + _STRING + rb")"
#: An item's fields from its kind to its owner, as msgspec writes an Item (in field order).
_ITEM_HEAD = (rb'","text":(' + _STRING + rb'),"private":(true|false),"at":' + _STRING +
              rb',"slot_index":-?[0-9]+,"segment_key":' + _STRING + rb',"segment_title":' +
              _STRING + rb',"speaker_id":' + _NAMED + rb',"giver_id":' + _NAMED +
              rb',"recipient_id":' + _NAMED + rb',"owner_id":' + _NAMED)
_HEADS = {kind: re.compile(b'"kind":"' + kind.encode() + _ITEM_HEAD)
          for kind in ("note", "recommendation", "action", "decision", "plus", "delta")}


class KindRecord(msgspec.Struct, frozen=True, gc=False):
    """One item of a kind as its file's bytes hold it: its text still as JSON (quoted,
    escaped), whether it is private, and the people it names as JSON (null or a string)."""

    text: bytes
    private: bool
    names: tuple[bytes, bytes, bytes, bytes]


def kind_records(raw: bytes, kind: str) -> list[KindRecord] | None:
    """Every item of this kind in a file, read from its bytes without decoding the file;
    None when that cannot be told so (an item not laid out as msgspec writes it).

    A kind field is written `"kind":"x"` (msgspec) or `"kind": "x"` (json.dumps): the
    byte scan of raw_filter assumes it too.  Each of those must start an item head as
    msgspec writes it, or the answer is None and the caller decodes the file.
    """
    pattern = _HEADS.get(kind) if kind != "note" else None  # a note may have no kind field
    if pattern is None or f'"kind": "{kind}"'.encode() in raw:
        return None
    found: list[KindRecord] = []
    start, find, match = f'"kind":"{kind}"'.encode(), raw.find, pattern.match
    pos = find(start)
    while pos >= 0:  # found at memchr speed, then matched there only
        head = match(raw, pos)
        if head is None:
            return None
        found.append(KindRecord(head[1], head[2] == b"true", (head[3], head[4], head[5],
                                                                head[6])))
        pos = find(start, head.end())
    return found


def read_file(path: str | Path, size: int = 0) -> bytes | None:
    """A file's bytes, or None when it does not exist: one open and one read of the size
    its stat said (the buffered open of atomic.read_bytes costs twice as much, 600 times
    over for a first search); unsealed when the store is encrypted, as read_bytes does."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(path, exc, "read") from exc
    try:
        chunks = [os.read(fd, size or 1 << 16)]
        # one byte more says whether that was the end (the file may have grown since)
        while chunks[-1] and (chunk := os.read(fd, 1 if len(chunks) == 1 else 1 << 16)):
            chunks.append(chunk)
    except OSError as exc:
        raise from_os_error(path, exc, "read") from exc
    finally:
        os.close(fd)
    return unseal_read(path, chunks[0] if len(chunks) == 1 else b"".join(chunks))
