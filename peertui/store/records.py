"""Record helpers under the store: TinyDB tables of plain dicts found by their own "id", and
a parse cache for the index keyed by the file's fingerprint.  Kept apart from store.py,
which is the API; nothing here takes the lock (the Store does, around writes)."""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB, where
from tinydb.table import Table

from .atomic import AtomicJSONStorage

StatKey = tuple[int, int, int] | None


def open_db(path: Path) -> TinyDB:
    """A fresh TinyDB (fresh caches, fresh id counter) over a strict, atomic storage."""
    return TinyDB(path, storage=AtomicJSONStorage)


#: index path -> (fingerprint, each table of the parsed index as marshal bytes)
_KEPT: dict[Path, tuple[StatKey, dict[str, bytes]]] = {}
_KEPT_LOCK = threading.Lock()


def index_tables(index: Path, names: tuple[str, ...]) -> dict[str, dict[str, Any]] | None:
    """Tables of index.json (None if it does not exist), as objects of the caller's own.

    Every screen reads the index several times (home: six at start-up), so its parse is
    kept, one table at a time, as marshal bytes keyed by the file's fingerprint (stat_key,
    the one change_token uses: every atomic replace changes the inode).  An unchanged index
    is then never parsed again, and a caller after the groups does not pay for 600 meeting
    summaries.  Reads only: writes go through a fresh AtomicJSONStorage under the lock.
    """
    key = stat_key(index)
    with _KEPT_LOCK:
        kept = _KEPT.get(index)
    if key is not None and kept is not None and kept[0] == key:
        return {name: marshal.loads(kept[1][name]) for name in names if name in kept[1]}
    tables = AtomicJSONStorage(index).read()
    if tables is None:
        return None
    if key is not None and stat_key(index) == key:
        with _KEPT_LOCK:
            _KEPT[index] = (key, {name: marshal.dumps(docs) for name, docs in tables.items()})
    return {name: tables[name] for name in names if name in tables}


def file_existed(db: TinyDB) -> bool:
    """Whether the file behind *db* existed when it was first read."""
    return cast(AtomicJSONStorage, db.storage).found


def plain(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Hand callers ordinary dicts, not TinyDB Documents carrying doc_ids."""
    return dict(doc)


def checked_record(thing: object, what: str) -> dict[str, Any]:
    """Records must be dicts with a non-empty string "id": that is how they are found again."""
    if not isinstance(thing, Mapping):
        raise TypeError(f"{what} must be a dict, not {type(thing).__name__}")
    ident = thing.get("id")
    if not isinstance(ident, str) or not ident:
        raise ValueError(f"{what} needs a non-empty string 'id', got {ident!r}")
    return dict(thing)


def replace_with(new: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that replaces the whole doc (upsert means 'this is the record now')."""

    def transform(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


def upsert_by_id(table: Table, record: dict[str, Any]) -> None:
    """Replace the doc with this "id" in place (keeping its position), or append it."""
    existing = table.get(where("id") == record["id"])
    if existing is None:
        table.insert(record)
    else:
        table.update(replace_with(record), doc_ids=[existing.doc_id])


def no_id_change(fields: Mapping[str, Any], ident: str, what: str) -> None:
    """An update must not silently re-key a record."""
    if "id" in fields and fields["id"] != ident:
        raise ValueError(f"cannot change the id of {what} {ident!r}")


def stat_key(path: Path) -> StatKey:
    """Cheap change fingerprint; the inode changes on every atomic replace."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)
