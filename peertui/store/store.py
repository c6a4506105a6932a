"""The store API the app uses: groups and meeting summaries in the index, one file per meeting.

Every write takes the cross-process lock and opens a fresh TinyDB for that one operation, so
two peertui processes never hand out clashing doc ids or act on a stale cache.  Records are
found by their own string "id", never by TinyDB's doc_id.  Reads take no lock: files are only
ever replaced whole, so a reader sees a complete old or new version and always the latest one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB, where
from tinydb.table import Document

from . import migrate
from .atomic import _TEMP_NAME, AtomicJSONStorage, atomic_write_bytes, cleanup_stale_temps
from .errors import LOCK_ADVICE, READ_ONLY_ADVICE, StoreError, from_os_error, shape_error
from .layout import (
    FILE_MODE,
    check_meeting_id,
    ensure_dir,
    index_path,
    lease_path,
    lock_path,
    meeting_path,
    meetings_dir,
)
from .migrate import prepare_index, schema_of
from .records import (
    StatKey,
    checked_record,
    file_existed,
    index_tables,
    no_id_change,
    open_db,
    plain,
    stat_key,
    upsert_by_id,
)

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT_S = 15.0
GROUPS = "groups"
MEETINGS = "meetings"
MEETING = "meeting"
ITEMS = "items"

def _require_writable(*paths: Path) -> None:
    """Refuse a read-only store at open, not at the first note typed into it."""
    for path in paths:
        if not os.access(path, os.W_OK):
            kind = "folder" if path.is_dir() else "file"
            raise StoreError(path, f"the {kind} is read-only", READ_ONLY_ADVICE, kind)


def _open_needs_lock(root: Path, index: Path) -> bool:
    """Whether opening must create, upgrade or tidy anything.  Usually not: then open takes
    no lock, and start-up does not even import filelock (start-up time is mostly imports)."""
    for folder in (root, meetings_dir(root)):
        try:
            if any(_TEMP_NAME.fullmatch(entry.name) for entry in os.scandir(folder)):
                return True
        except OSError:
            return True
    data = index_tables(index, (migrate.META_TABLE,))
    return data is None or schema_of(data, index) != migrate.SCHEMA_VERSION


class Store:
    """A peertui store folder.  Build it with :meth:`Store.open`, not the constructor."""

    root: Path

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index = index_path(root)
        self._file_lock: FileLock | None = None

    @property
    def _lock(self) -> FileLock:
        """The cross-process lock, made at the first write (see _open_needs_lock)."""
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(lock_path(self.root), timeout=LOCK_TIMEOUT_S,
                                       mode=FILE_MODE)
        return self._file_lock

    @classmethod
    def open(cls, root: Path | str) -> Store:
        """Create or validate the store at *root*, tidy crash leftovers; raise StoreError if unusable."""
        path = Path(os.path.abspath(Path(root).expanduser()))
        ensure_dir(path)
        ensure_dir(meetings_dir(path))
        store = cls(path)
        if not _open_needs_lock(path, store._index):
            _require_writable(path, meetings_dir(path), store._index)
            return store
        with store._locked():
            cleanup_stale_temps(path)
            cleanup_stale_temps(meetings_dir(path))
            prepare_index(store._index)
            _require_writable(path, meetings_dir(path), store._index)
        return store

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the cross-process write lock; lock failures become StoreError."""
        from filelock import Timeout

        where_ = lock_path(self.root)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(
                where_, f"another process held the lock for over {LOCK_TIMEOUT_S:g} s", LOCK_ADVICE
            ) from None
        except OSError as exc:
            raise from_os_error(where_, exc, "lock") from exc
        try:
            yield
        finally:
            self._lock.release()

    def locked(self) -> AbstractContextManager[None]:
        """Hold the write lock across a read-then-write (re-entrant in one thread), so a
        value computed from what was read cannot overwrite a newer one from another process."""
        return self._locked()

    # -- groups (index.json) ---------------------------------------------------------------

    def _index_docs(self, table: str) -> list[dict[str, Any]]:
        """One index table's records in stored order, as dicts of the caller's own, read
        straight from the kept parse (see index_tables) without TinyDB copying each twice."""
        return list(((index_tables(self._index, (table,)) or {}).get(table) or {}).values())

    def list_groups(self) -> list[dict[str, Any]]:
        """All groups, in the order they were first saved."""
        return self._index_docs(GROUPS)

    def get_group(self, group_id: str) -> dict[str, Any] | None:
        """One group by id, or None."""
        return next((g for g in self._index_docs(GROUPS) if g.get("id") == group_id), None)

    def put_group(self, group: dict[str, Any]) -> None:
        """Insert or replace a group by its "id"."""
        record = checked_record(group, "group")
        with self._locked():
            upsert_by_id(open_db(self._index).table(GROUPS), record)

    # -- meeting summaries (index.json) ----------------------------------------------------

    def list_meetings(self, group_id: str | None = None) -> list[dict[str, Any]]:
        """Meeting summaries (optionally of one group), sorted by date then id."""
        docs = self._index_docs(MEETINGS)
        found = [d for d in docs if group_id is None or d.get("group_id") == group_id]
        return sorted(found, key=lambda d: (str(d.get("date") or ""), str(d.get("id"))))

    def put_meeting_summary(self, summary: dict[str, Any]) -> None:
        """Insert or replace a meeting summary by its "id"."""
        record = checked_record(summary, "meeting summary")
        check_meeting_id(record["id"])
        with self._locked():
            upsert_by_id(open_db(self._index).table(MEETINGS), record)

    # -- meeting files ---------------------------------------------------------------------

    def create_meeting(self, record: dict[str, Any], summary: dict[str, Any]) -> None:
        """Write a new meeting file, then its summary (an orphan file is harmless; a dangling
        summary is not).  ValueError if the meeting already exists."""
        meeting = checked_record(record, "meeting record")
        meeting_id = check_meeting_id(meeting["id"])
        meeting.setdefault("events", [])
        row = dict(summary)
        if row.setdefault("id", meeting_id) != meeting_id:
            raise ValueError(f"summary id {row['id']!r} does not match meeting {meeting_id!r}")
        path = meeting_path(self.root, meeting_id)
        with self._locked():
            if os.path.lexists(path):
                raise ValueError(f"meeting {meeting_id!r} already exists")
            AtomicJSONStorage(path).write({MEETING: {"1": meeting}, ITEMS: {}})
            upsert_by_id(open_db(self._index).table(MEETINGS), row)

    def _meeting_db(self, meeting_id: str) -> TinyDB:
        return open_db(meeting_path(self.root, meeting_id))

    def _record(self, db: TinyDB, meeting_id: str) -> Document | None:
        """The meeting's single record; None if the file is missing, StoreError if malformed."""
        docs = db.table(MEETING).all()
        if not file_existed(db):
            return None
        if len(docs) != 1:
            path = meeting_path(self.root, meeting_id)
            raise shape_error(path, f"expected one meeting record, found {len(docs)}")
        return docs[0]

    def _require(self, db: TinyDB, meeting_id: str) -> Document:
        """As _record, but an unknown meeting is a KeyError (a caller bug, not a disk problem)."""
        record = self._record(db, meeting_id)
        if record is None:
            raise KeyError(meeting_id)
        return record

    def get_meeting(self, meeting_id: str) -> dict[str, Any] | None:
        """The meeting record, or None if there is no such meeting."""
        record = self._record(self._meeting_db(meeting_id), meeting_id)
        return None if record is None else plain(record)

    def update_meeting(self, meeting_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Shallow-merge *fields* into the record; returns the record as saved."""
        no_id_change(fields, meeting_id, "meeting")
        with self._locked():
            db = self._meeting_db(meeting_id)
            record = self._require(db, meeting_id)
            db.table(MEETING).update(dict(fields), doc_ids=[record.doc_id])
        return {**record, **fields}

    def append_event(self, meeting_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Append to record["events"] under the lock, so concurrent appends all survive."""
        with self._locked():
            db = self._meeting_db(meeting_id)
            record = self._require(db, meeting_id)
            events = [*(record.get("events") or []), dict(event)]
            db.table(MEETING).update({"events": events}, doc_ids=[record.doc_id])
        return {**record, "events": events}

    def add_item(self, meeting_id: str, item: dict[str, Any]) -> None:
        """Append a note/item; touches only this meeting's file.  ValueError on a duplicate id."""
        record = checked_record(item, "item")
        with self._locked():
            db = self._meeting_db(meeting_id)
            self._require(db, meeting_id)
            items = db.table(ITEMS)
            if items.contains(where("id") == record["id"]):
                raise ValueError(f"item {record['id']!r} already exists in meeting {meeting_id!r}")
            items.insert(record)

    def _item(self, db: TinyDB, meeting_id: str, item_id: str) -> Document:
        """The item doc by id, or KeyError naming both ids."""
        doc = db.table(ITEMS).get(where("id") == item_id)
        if doc is None:
            raise KeyError(f"{meeting_id}/{item_id}")
        return doc

    def update_item(self, meeting_id: str, item_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Shallow-merge *fields* into one item; returns the item as saved."""
        no_id_change(fields, item_id, "item")
        with self._locked():
            db = self._meeting_db(meeting_id)
            self._require(db, meeting_id)
            doc = self._item(db, meeting_id, item_id)
            db.table(ITEMS).update(dict(fields), doc_ids=[doc.doc_id])
        return {**doc, **fields}

    def remove_item(self, meeting_id: str, item_id: str) -> dict[str, Any]:
        """Delete one item and return it, so the UI can offer undo (add_item it back)."""
        with self._locked():
            db = self._meeting_db(meeting_id)
            self._require(db, meeting_id)
            doc = self._item(db, meeting_id, item_id)
            db.table(ITEMS).remove(doc_ids=[doc.doc_id])
        return plain(doc)

    def list_items(self, meeting_id: str) -> list[dict[str, Any]]:
        """The meeting's items in insertion order.  KeyError if there is no such meeting."""
        db = self._meeting_db(meeting_id)
        self._require(db, meeting_id)
        docs = db.table(ITEMS).all()
        return [plain(d) for d in sorted(docs, key=lambda d: d.doc_id)]

    def meeting_files(self, meeting_id: str) -> list[Path]:
        """Every file of one meeting that exists: its file, backups, crash leftovers and clock
        lease.  One list, so what `peertui purge` shows is exactly what purge_meeting removes."""
        path = meeting_path(self.root, meeting_id)
        lease = lease_path(self.root, meeting_id)
        folder = path.parent
        found = [path] if os.path.lexists(path) else []
        found += sorted(folder.glob(f"{path.name}.bak-*"))
        found += sorted(folder.glob(f".{path.name}.tmp-*"))
        found += [lease] if os.path.lexists(lease) else []
        found += sorted(folder.glob(f".{lease.name}.tmp-*"))
        return found

    def purge_meeting(self, meeting_id: str) -> None:
        """Forget a meeting entirely: its files (see meeting_files) and summary.  Idempotent."""
        with self._locked():
            for victim in self.meeting_files(meeting_id):
                try:
                    victim.unlink(missing_ok=True)
                except OSError as exc:
                    raise from_os_error(victim, exc, "write") from exc
            open_db(self._index).table(MEETINGS).remove(where("id") == meeting_id)

    # -- the clock-driver lease (meetings/<id>.driver, see services/driver.py) --------------

    def read_lease(self, meeting_id: str) -> dict[str, Any] | None:
        """The meeting's clock lease as stored, or None.  Missing, unreadable or damaged all
        count as no lease (never an error): a bad lease file must not lock the room out of
        its clock, and the next claim simply replaces it."""
        try:
            with open(lease_path(self.root, meeting_id), "rb") as handle:
                lease = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return None
        return lease if isinstance(lease, dict) else None

    def write_lease(self, meeting_id: str, lease: dict[str, Any]) -> None:
        """Replace the lease file: atomically (temp file, rename) and 0600, but with no fsync.
        The heartbeat writes it every few seconds; a beat lost to a power cut only leaves the
        lease stale, which is how a vanished driver is let go anyway, so durability would
        buy nothing and cost two disk flushes per beat."""
        data = json.dumps(lease, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        with self._locked():
            atomic_write_bytes(lease_path(self.root, meeting_id), data, durable=False)

    def clear_lease(self, meeting_id: str) -> None:
        """Remove the lease file: nobody drives.  No fsync for the same reason as write_lease
        (a release undone by a power cut leaves a lease that goes stale)."""
        path = lease_path(self.root, meeting_id)
        with self._locked():
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise from_os_error(path, exc, "write") from exc

    def lease_token(self, meeting_id: str) -> StatKey:
        """A one-stat fingerprint of the lease file, apart from change_token on purpose: a
        note-taker can notice a new driver or a release at once, while the heartbeat stays
        invisible to every screen polling the meeting itself."""
        return stat_key(lease_path(self.root, meeting_id))

    def change_token(self, meeting_id: str | None = None) -> tuple[StatKey, ...]:
        """A cheap fingerprint (two stats) a UI can poll to notice other processes' saves."""
        if meeting_id is None:
            return (stat_key(self._index),)
        return (stat_key(self._index), stat_key(meeting_path(self.root, meeting_id)))
