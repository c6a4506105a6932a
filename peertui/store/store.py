"""The store API: typed records in, typed records out; one small file per meeting.

The truth is the meeting files (meetings/<id>.json: the meeting record and its items) and
the groups in index.json.  The index's meeting summaries are a cache: each carries the
fingerprint of the file it was made from, and a listing rebuilds any summary whose file has
changed since (a note saved, a kill between two writes, a hand edit), so a list can never
disagree with a meeting, and no crash between two writes leaves a meeting that cannot be
listed, ended or purged.

Every write takes the cross-process lock and reads the file afresh under it, so two
processes never act on a stale copy.  Reads take no lock: files are only ever replaced whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import msgspec

from peertui.domain.models import Group
from peertui.domain.records import (
    ClockEvent,
    Item,
    Lease,
    Meeting,
    MeetingSummary,
    summarize,
)
from peertui.domain.text import neutral

from . import migrate
from .atomic import (
    _TEMP_NAME,
    atomic_write_bytes,
    cleanup_stale_temps,
    read_bytes,
    refuse_symlink,
)
from .codec import checked, decode_meeting, encode_meeting
from .errors import (
    READ_ONLY_ADVICE,
    StoreError,
    from_os_error,
    shape_error,
)
from .index_view import GROUPS, MEETINGS, IndexView, read_index
from .layout import (
    check_meeting_id,
    ensure_dir,
    index_path,
    lease_path,
    lock_path,
    meeting_path,
    meetings_dir,
    store_root,
)
from .leases import read_lease, require_holder, write_lease
from .listing import Listing, repair_summaries
from .locking import StoreLock
from .migrate import prepare_index
from .records import StatKey, open_db, stat_key, upsert_by_id
from .sealing import attach

#: A meeting as read from its file: the record and its items, in the order saved.
MeetingDoc = tuple[Meeting, tuple[Item, ...]]


def _require_writable(*paths: Path) -> None:
    """Refuse a read-only store at open, not at the first note typed into it."""
    for path in paths:
        if not os.access(path, os.W_OK):
            kind = "folder" if path.is_dir() else "file"
            raise StoreError(path, f"the {kind} is read-only", READ_ONLY_ADVICE, kind)


def _schema(view: IndexView) -> int:
    """The index's schema number; anything odd is a shape error, never a guess."""
    version = view.schema
    if view.meta_records != 1:
        raise shape_error(view.path, "it has no single meta record with a schema version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise shape_error(view.path, f"its schema version {version!r} is not a whole number")
    return version


def _open_needs_lock(root: Path, index: Path) -> bool:
    """Whether opening must create, upgrade or tidy anything.  Usually not: then open takes
    no lock, and start-up does not even import filelock (start-up time is mostly imports)."""
    for folder in (root, meetings_dir(root)):
        try:
            if any(_TEMP_NAME.fullmatch(entry.name) for entry in os.scandir(folder)):
                return True
        except OSError:
            return True
    view = read_index(index)
    return view is None or _schema(view) != migrate.SCHEMA_VERSION


class Store:
    """A peertui store folder.  Build it with :meth:`Store.open`, not the constructor."""

    root: Path
    #: Why an encryption or decryption cut short could not be finished at open (the store
    #: works all the same: every file reads); None when there was none, or it finished.
    unfinished: StoreError | None = None

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index = index_path(root)
        self._lock = StoreLock(lock_path(root))
        self._listing = Listing(root)

    @classmethod
    def open(cls, root: Path | str) -> Store:
        """Create or validate the store at *root*, tidy crash leftovers; StoreError if unusable
        (also, before anything is made, for a folder that cannot be meant: see store_root).
        An encrypted store needs its key registered first (sealing.register, as the CLI's
        unlock does), else StoreLocked; an encryption cut short is finished here."""
        path = store_root(root)
        ensure_dir(path)
        ensure_dir(meetings_dir(path))
        store = cls(path)
        refuse_symlink(store._index)
        refuse_symlink(lock_path(path))
        marker = attach(path)  # StoreLocked: encrypted, and this process has not its key
        if not _open_needs_lock(path, store._index):
            _require_writable(path, meetings_dir(path), store._index)
        else:
            with store._locked():
                cleanup_stale_temps(path)
                cleanup_stale_temps(meetings_dir(path))
                prepare_index(store._index)
                _require_writable(path, meetings_dir(path), store._index)
        if marker is not None and marker.state != "sealed":
            from .conversion import finish_interrupted  # a conversion was cut short

            store.unfinished = finish_interrupted(store)
        return store

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    def _locked(self) -> AbstractContextManager[None]:
        """Hold the cross-process write lock; lock failures become StoreError."""
        return self._lock.held()

    def without_waiting(self) -> AbstractContextManager[None]:
        """Writes in this block (this thread only) raise LockBusy at once, having written
        nothing, instead of waiting for another process to let go of the lock.  A screen
        saves this way first, so the common save costs no thread hop, and hands the write to
        a background thread only when the lock is busy, so the screen never freezes."""
        return self._lock.without_waiting()

    def locked(self) -> AbstractContextManager[None]:
        """Hold the write lock across a read-then-write (re-entrant in one thread), so a
        value computed from what was read cannot overwrite a newer one from another process."""
        return self._locked()

    def _view(self) -> IndexView:
        view = read_index(self._index)
        if view is None:
            raise StoreError(self._index, "it is missing (deleted while peertui was running?)",
                             "Restart peertui; it will make a new, empty index.")
        return view

    # -- groups (index.json) ---------------------------------------------------------------

    def groups(self) -> list[Group]:
        """All groups, in the order they were first saved (fresh drafts each call)."""
        return self._view().decode_groups()

    def group(self, group_id: str) -> Group | None:
        """One group by id, or None."""
        return next((g for g in self.groups() if g.id == group_id), None)

    def save_group(self, group: Group) -> None:
        """Insert or replace a group by its id."""
        record = checked(group, Group, f"group {group.name!r}")
        if not group.id:
            raise ValueError("a group needs a non-empty id")
        with self._locked():
            upsert_by_id(open_db(self._index).table(GROUPS), record)

    # -- meetings --------------------------------------------------------------------------

    def meetings(self, group_id: str | None = None) -> list[MeetingSummary]:
        """Summaries of every meeting (of one group) that can be read, by date then id.

        A meeting whose file cannot be read is left out and reported by `unreadable`, so one
        damaged file never hides the rest of the group's history.
        """
        found, rebuilt = self._listing.read(self._view().summaries, self.meeting_doc, group_id)
        if rebuilt:
            repair_summaries(self._index, self._lock, rebuilt)
        return found

    def unreadable(self) -> list[StoreError]:
        """The meeting files the last listing could not read, each error naming its file."""
        return self._listing.unreadable()

    def meeting_doc(self, meeting_id: str) -> MeetingDoc | None:
        """A meeting and its items in one read; None if there is no such meeting."""
        path = meeting_path(self.root, meeting_id)
        raw = read_bytes(path)
        return None if raw is None else decode_meeting(raw, path)

    def meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting record, or None if there is no such meeting."""
        doc = self.meeting_doc(meeting_id)
        return None if doc is None else doc[0]

    def items(self, meeting_id: str) -> tuple[Item, ...]:
        """The meeting's items in the order saved.  KeyError if there is no such meeting."""
        doc = self.meeting_doc(meeting_id)
        if doc is None:
            raise KeyError(meeting_id)
        return doc[1]

    def _write_meeting(self, meeting: Meeting, items: tuple[Item, ...]) -> None:
        atomic_write_bytes(meeting_path(self.root, meeting.id), encode_meeting(meeting, items))

    def _change(self, meeting_id: str,
                change: Callable[[Meeting, tuple[Item, ...]], MeetingDoc]) -> MeetingDoc:
        """Read the meeting afresh under the lock, apply *change*, write it whole."""
        with self._locked():
            doc = self.meeting_doc(meeting_id)
            if doc is None:
                raise KeyError(meeting_id)
            meeting, items = change(*doc)
            if meeting.id != meeting_id:
                raise ValueError(f"cannot change the id of meeting {meeting_id!r}")
            self._write_meeting(meeting, items)
        return meeting, items

    def create_meeting(self, meeting: Meeting) -> None:
        """Write a new meeting file, then its summary.  ValueError if it already exists."""
        meeting_id = check_meeting_id(meeting.id)
        path = meeting_path(self.root, meeting_id)
        with self._locked():
            if os.path.lexists(path):
                raise ValueError(f"meeting {meeting_id!r} already exists")
            self._write_meeting(meeting, ())
            self._put_summary(summarize(meeting, (), source=stat_key(path)))

    def put_meeting(self, meeting: Meeting, items: tuple[Item, ...]) -> None:
        """Write a meeting whole, made or replaced, and its summary: what a sync brings in
        from other copies (services/sync_view.py), merged there already."""
        path = meeting_path(self.root, check_meeting_id(meeting.id))
        with self._locked():
            self._write_meeting(meeting, items)
            self._put_summary(summarize(meeting, items, source=stat_key(path)))

    def change_meeting(self, meeting_id: str, change: Callable[[Meeting], Meeting]) -> Meeting:
        """Replace the meeting record with change(current record); returns it as saved."""
        return self._change(meeting_id, lambda m, items: (change(m), items))[0]

    def append_event(self, meeting_id: str, event: ClockEvent, *,
                     driver: str | None = None) -> Meeting:
        """Add one clock event under the lock, so concurrent appends all survive.  With
        *driver* (the writer's lease id) it is kept only if that id holds the clock lease,
        read under the same lock: else NotDriving and nothing written, so a take-over
        silences the old driver at once.  None (scripts, tests) checks no lease."""
        with self._locked():
            if driver is not None:
                require_holder(lease_path(self.root, meeting_id), driver)
            return self.change_meeting(
                meeting_id, lambda m: msgspec.structs.replace(m, events=(*m.events, event)))

    def add_item(self, meeting_id: str, item: Item) -> None:
        """Add an item in time order; touches only this meeting's file.  ValueError on a
        duplicate id."""
        def add(meeting: Meeting, items: tuple[Item, ...]) -> MeetingDoc:
            if any(i.id == item.id for i in items):
                raise ValueError(f"item {item.id!r} already exists in meeting {meeting_id!r}")
            # in its place in time: an undone delete goes back where it was, not last (an
            # item with no moment goes last)
            moment = neutral(item.at)  # compared as the items read back show it
            place = len(items) if not moment else next(
                (n for n in range(len(items), 0, -1) if "" < items[n - 1].at <= moment), 0)
            return meeting, (*items[:place], item, *items[place:])

        self._change(meeting_id, add)

    def change_item(self, meeting_id: str, item_id: str,
                    change: Callable[[Item], Item]) -> Item:
        """Replace one item with change(current item); KeyError naming both ids if gone."""
        saved: list[Item] = []

        def edit(meeting: Meeting, items: tuple[Item, ...]) -> MeetingDoc:
            for n, item in enumerate(items):
                if item.id == item_id:
                    new = change(item)
                    if new.id != item_id:
                        raise ValueError(f"cannot change the id of item {item_id!r}")
                    saved.append(new)
                    return meeting, (*items[:n], new, *items[n + 1:])
            raise KeyError(f"{meeting_id}/{item_id}")

        self._change(meeting_id, edit)
        return saved[0]

    def remove_item(self, meeting_id: str, item_id: str) -> Item:
        """Delete one item and return it, so the UI can offer undo (add_item it back)."""
        removed: list[Item] = []

        def drop(meeting: Meeting, items: tuple[Item, ...]) -> MeetingDoc:
            removed.extend(i for i in items if i.id == item_id)
            if not removed:
                raise KeyError(f"{meeting_id}/{item_id}")
            return meeting, tuple(i for i in items if i.id != item_id)

        self._change(meeting_id, drop)
        return removed[0]

    # -- the summaries' cache (index.json) -------------------------------------------------

    def _put_summary(self, summary: MeetingSummary) -> None:
        record = checked(summary, MeetingSummary, f"summary of meeting {summary.id}")
        with self._locked():
            upsert_by_id(open_db(self._index).table(MEETINGS), record)

    def refresh_summary(self, meeting_id: str) -> MeetingSummary | None:
        """Bring the index's line for this meeting up to date with its file, so the next
        listing need not read the file.  Only a cache write: lists are right without it."""
        with self._locked():
            path = meeting_path(self.root, meeting_id)
            token = stat_key(path)
            doc = self.meeting_doc(meeting_id)
            if doc is None:
                return None
            summary = summarize(*doc, source=token)
            self._put_summary(summary)
        return summary

    # -- purge -----------------------------------------------------------------------------

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

    def refuse_links(self, meeting_id: str) -> list[Path]:
        """The meeting's files, or StoreError if one is a symbolic link: removing the link
        would leave its target, and what it says, in place."""
        victims = self.meeting_files(meeting_id)
        for victim in victims:
            if victim.is_symlink():
                raise StoreError(
                    victim, f"it is a link to {os.path.realpath(victim)}, so purging it would "
                    "leave that file (and what it says) in place",
                    "Delete or move the target yourself, remove the link, then purge again. "
                    "Nothing was removed.")
        return victims

    def purge_meeting(self, meeting_id: str) -> None:
        """Forget a meeting entirely: its files (see meeting_files) and summary.  Idempotent.

        The meeting file goes first: from then on the meeting no longer exists for any list,
        so a kill part-way leaves only leftovers a second purge removes."""
        from tinydb import where

        with self._locked():
            victims = self.refuse_links(meeting_id)
            for victim in victims:
                try:
                    victim.unlink(missing_ok=True)
                except OSError as exc:
                    raise from_os_error(victim, exc, "write") from exc
            open_db(self._index).table(MEETINGS).remove(where("id") == meeting_id)
        self._listing.forget(meeting_id)

    # -- the clock-driver lease (meetings/<id>.driver, see services/driver.py) --------------

    def read_lease(self, meeting_id: str) -> Lease | None:
        """The meeting's clock lease, or None.  Missing, unreadable or damaged all count as
        no lease (never an error): a bad lease file must not lock the room out of its
        clock, and the next claim simply replaces it."""
        return read_lease(lease_path(self.root, meeting_id))

    def write_lease(self, meeting_id: str, lease: Lease) -> None:
        """Replace the lease file: atomically (temp file, rename) and 0600, but with no fsync.
        The heartbeat writes it every few seconds; a beat lost to a power cut only leaves the
        lease stale, which is how a vanished driver is let go anyway, so durability would
        buy nothing and cost two disk flushes per beat."""
        with self._locked():
            write_lease(lease_path(self.root, meeting_id), lease)

    def renew_lease(self, meeting_id: str, driver: str, heartbeat: str) -> Lease:
        """The holder's heartbeat, checked under the lock like append_event: NotDriving
        (the new holder's lease left as it is) if *driver* no longer holds it."""
        path = lease_path(self.root, meeting_id)
        with self._locked():
            lease = msgspec.structs.replace(require_holder(path, driver), heartbeat=heartbeat)
            write_lease(path, lease)
        return lease

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
        """A cheap fingerprint a UI can poll to notice other processes' saves: the index
        (groups, a meeting made, ended, edited in review or purged) and the files of the
        meetings in progress at the last listing (their notes change no summary); or the
        index and one meeting's file."""
        if meeting_id is None:
            files = (stat_key(meeting_path(self.root, m)) for m in self._listing.in_progress)
            return (stat_key(self._index), *files)
        return (stat_key(self._index), stat_key(meeting_path(self.root, meeting_id)))
