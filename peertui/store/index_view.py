"""The index as typed records, parsed once per version of the file.

Every screen reads the index several times (home: six at start-up), so its parse is kept,
keyed by the file's fingerprint (stat_key: every atomic replace changes the inode).  Groups
are mutable drafts (see domain/models.py), so each read decodes fresh ones from the kept,
still-undecoded group records; meeting summaries are frozen, so they are decoded once.
A summary that does not decode is only a cache miss: the store rebuilds it from its file.
The kept records are slices of the file as codec.decode made it safe to draw (a control
character in a group or member name is U+FFFD already), so each later decode is plain.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from peertui.domain.models import Group
from peertui.domain.records import MeetingSummary

from .atomic import read_bytes
from .codec import decode, locate
from .errors import shape_error
from .records import StatKey, stat_key

GROUPS = "groups"
MEETINGS = "meetings"


class _Meta(msgspec.Struct):
    schema: Any = None


class _RawIndex(msgspec.Struct):
    meta: dict[str, _Meta] = {}
    groups: dict[str, msgspec.Raw] = {}
    meetings: dict[str, msgspec.Raw] = {}


@dataclass(frozen=True)
class IndexView:
    """One version of index.json: its schema number, raw groups and decoded summaries."""

    path: Path
    schema: object
    meta_records: int
    groups: tuple[msgspec.Raw, ...]
    summaries: dict[str, MeetingSummary]

    def decode_groups(self) -> list[Group]:
        """Fresh Group drafts, in the order they were first saved."""
        found = []
        for raw in self.groups:
            try:
                found.append(msgspec.json.decode(raw, type=Group))
            except msgspec.ValidationError as error:
                tables: dict[str, tuple[str, type[Any]]] = {GROUPS: ("group", Group)}
                raise locate(_wrap(raw), self.path, tables, error) from None
        return found


def _wrap(raw: msgspec.Raw) -> bytes:
    """One group record as a one-table file, for locate to name it."""
    return b'{"groups":{"1":' + bytes(raw) + b"}}"


def _summaries(raws: dict[str, msgspec.Raw]) -> dict[str, MeetingSummary]:
    found = {}
    for raw in raws.values():
        try:
            summary = msgspec.json.decode(raw, type=MeetingSummary)
        except msgspec.ValidationError:
            continue  # a cache entry of the wrong shape: the meeting file will be read instead
        found[summary.id] = summary
    return found


_KEPT: dict[Path, tuple[StatKey, IndexView]] = {}
_KEPT_LOCK = threading.Lock()


def read_index(path: Path) -> IndexView | None:
    """The index (None if it does not exist), parsed once per version of the file."""
    key = stat_key(path)
    with _KEPT_LOCK:
        kept = _KEPT.get(path)
    if key is not None and kept is not None and kept[0] == key:
        return kept[1]
    raw = read_bytes(path)
    if raw is None:
        return None
    tables: dict[str, tuple[str, type[Any]]] = {GROUPS: ("group", Group)}
    parsed = decode(raw, _RawIndex, path, tables)
    if not parsed.meta:
        raise shape_error(path, "it has no meta record with a schema version")
    view = IndexView(path, next(iter(parsed.meta.values())).schema, len(parsed.meta),
                     tuple(parsed.groups.values()), _summaries(parsed.meetings))
    if key is not None and stat_key(path) == key:
        with _KEPT_LOCK:
            _KEPT[path] = (key, view)
    return view
