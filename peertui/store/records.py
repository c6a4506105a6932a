"""TinyDB helpers under the store: index tables of plain JSON records found by their own
"id", and the file fingerprint every cache here is keyed on.  Nothing here takes the lock
(the Store does, around writes) and nothing here is seen above the store."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where
from tinydb.table import Table

from .atomic import AtomicJSONStorage
from .raw_files import StatKey, stat_key

__all__ = ["StatKey", "open_db", "replace_with", "stat_key", "upsert_by_id"]


def open_db(path: Path) -> TinyDB:
    """A fresh TinyDB (fresh caches, fresh id counter) over a strict, atomic storage."""
    return TinyDB(path, storage=AtomicJSONStorage)


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
    elif isinstance(existing, list):  # TinyDB's get(doc_ids=...) form; never used here
        raise TypeError("upsert_by_id expects one record")
    else:
        table.update(replace_with(record), doc_ids=[existing.doc_id])


