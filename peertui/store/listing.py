"""Which meetings exist, and their summaries: the meeting files are the truth, the index's
lines a cache checked against each file's fingerprint.

A summary is used only if it was made from the very file now on disk (its ``source``);
otherwise it is rebuilt from the file and kept for as long as the file stays the same.
Summaries rebuilt for ended meetings are written back to the index in one write, so the
next start reads none of those files.  Nothing here is seen above the store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peertui.domain.records import MEETING_ID_PATTERN, Item, Meeting, MeetingSummary, summarize

from .atomic import AtomicJSONStorage
from .codec import checked
from .errors import StoreError, from_os_error
from .index_view import MEETINGS
from .layout import meetings_dir
from .records import StatKey, stat_key

if TYPE_CHECKING:
    from .locking import StoreLock

MEETING_FILE_SUFFIX = ".json"
#: A meeting's file: its id (see layout.check_meeting_id) and the suffix.
_MEETING_FILE = re.compile(MEETING_ID_PATTERN + re.escape(MEETING_FILE_SUFFIX))

ReadDoc = Callable[[str], tuple[Meeting, tuple[Item, ...]] | None]


def meeting_tokens(root: Path) -> dict[str, StatKey]:
    """Every meeting file there is, with its fingerprint: the meetings that exist."""
    found: dict[str, StatKey] = {}
    try:
        entries = list(os.scandir(meetings_dir(root)))
    except OSError as exc:
        raise from_os_error(meetings_dir(root), exc, "read") from exc
    is_meeting_file = _MEETING_FILE.fullmatch
    for entry in entries:
        name = entry.name
        if is_meeting_file(name) is None:  # leases, backups, temp files, strays
            continue
        try:
            st = entry.stat()
        except OSError:
            continue
        found[name[: -len(MEETING_FILE_SUFFIX)]] = (st.st_mtime_ns, st.st_size, st.st_ino,
                                                    st.st_mode)
    return found


def folder_token(root: Path) -> StatKey:
    """One stat of the meetings folder: every atomic replace in it (a meeting file, a lease)
    moves its mtime, so a watcher need list the files only after this changed."""
    return stat_key(meetings_dir(root))


def behind(root: Path, summaries: list[MeetingSummary]) -> bool:
    """Whether any of these summaries was made from a file other than the one now there
    (an item added, edited or deleted after the end, by any process)."""
    tokens = meeting_tokens(root)
    return any(tokens.get(summary.id) != summary.source for summary in summaries)


class Listing:
    """One process's view of the meetings: what it rebuilt, what it could not read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # meeting id -> (file token, its summary): summaries rebuilt from files, kept
        self._derived: dict[str, tuple[StatKey, MeetingSummary]] = {}
        self._unreadable: dict[str, StoreError] = {}
        self.in_progress: tuple[str, ...] = ()  # as of the last listing: see change_token

    def _summary(self, meeting_id: str, token: StatKey, cached: MeetingSummary | None,
                 read_doc: ReadDoc) -> tuple[MeetingSummary, bool]:
        """The index's summary if made from this very file, else one rebuilt from it; True
        with it when it was rebuilt, so the index can be told."""
        if cached is not None and cached.source == token:
            return cached, False
        kept = self._derived.get(meeting_id)
        if kept is not None and kept[0] == token:
            return kept[1], True
        doc = read_doc(meeting_id)
        if doc is None:
            raise FileNotFoundError(meeting_id)
        summary = summarize(*doc, source=token)
        self._derived[meeting_id] = (token, summary)
        return summary, True

    def read(self, cache: dict[str, MeetingSummary], read_doc: ReadDoc,
             group_id: str | None) -> tuple[list[MeetingSummary], list[MeetingSummary]]:
        """(the summaries of one group's meetings, or all, by date then id; the summaries of
        ended meetings rebuilt because the index's disagreed with the file)."""
        found: list[MeetingSummary] = []
        unreadable: dict[str, StoreError] = {}
        rebuilt: list[MeetingSummary] = []
        in_progress: list[str] = []
        for meeting_id, token in meeting_tokens(self.root).items():
            try:
                summary, fresh = self._summary(meeting_id, token, cache.get(meeting_id),
                                               read_doc)
            except StoreError as error:
                unreadable[meeting_id] = error
                continue
            except FileNotFoundError:
                continue  # removed since the folder was listed
            if summary.in_progress:
                in_progress.append(summary.id)
            elif fresh:
                rebuilt.append(summary)
            if group_id is None or summary.group_id == group_id:
                found.append(summary)
        self._unreadable = unreadable
        self.in_progress = tuple(in_progress)
        return sorted(found, key=lambda s: (s.date, s.id)), rebuilt

    def unreadable(self) -> list[StoreError]:
        """The meeting files the last listing could not read, each error naming its file."""
        return list(self._unreadable.values())

    def forget(self, meeting_id: str) -> None:
        self._derived.pop(meeting_id, None)


def repair_summaries(index: Path, lock: StoreLock, rebuilt: list[MeetingSummary]) -> None:
    """Write rebuilt summaries back into the index in one write (after a copy or restore
    every file is new to the index once).  Meetings in progress are never among them: they
    change at every note, and their files are read anyway.  Only a cache: when another
    process holds the lock, or the disk refuses, it waits for the next listing."""
    try:
        with lock.without_waiting(), lock.held():
            storage = AtomicJSONStorage(index)
            tables = storage.read()
            if tables is None:
                return
            table = tables.setdefault(MEETINGS, {})
            doc_ids = {doc.get("id"): doc_id for doc_id, doc in table.items()}
            next_id = max((int(d) for d in table), default=0) + 1
            for summary in rebuilt:
                doc_id = doc_ids.get(summary.id)
                if doc_id is None:
                    doc_id, next_id = str(next_id), next_id + 1
                table[doc_id] = checked(summary, MeetingSummary, f"summary of {summary.id}")
            storage.write(tables)
    except (StoreError, ValueError):  # LockBusy is a StoreError: the next listing tries
        return
