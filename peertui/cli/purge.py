"""`peertui purge MEETING`: remove one meeting for good, backups included, after a yes.

What the room said may have to go: a member leaves and asks, or a meeting was a test.  Purge
shows what it will remove (counts, never the private text itself), asks, then deletes the
meeting file, its leftovers, backups and clock lease, its summary in the index, and its
summary inside any pre-migration copy of the index.  Exports saved elsewhere are the user's
files: it says so.

A meeting whose file is damaged can be purged too (it cannot be listed, so give its id):
the plan says its items cannot be counted.  Only a meeting in progress by its own file (set
up, running or paused, as its events say) is refused; a stale summary never decides.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from peertui.cli.messages import shown
from peertui.cli.root import cli, open_store, store_errors

if TYPE_CHECKING:
    from peertui.domain.records import Item, Meeting
    from peertui.store import Store, StoreError

    #: What purge learns from the meeting file: the meeting and its items, why the file
    #: cannot be read, or None when it is gone already (only leftovers remain).
    Reading = tuple[Meeting, tuple[Item, ...]] | StoreError | None

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(2)


@dataclass(frozen=True)
class Target:
    """The meeting to purge, as far as the listing knows it (a damaged one: its id only)."""

    id: str
    date: str = ""
    topic: str = ""


def _has_files(store: Store, ref: str) -> bool:
    """Whether *ref* is a meeting id with anything left on disk: its file (damaged, so not
    listed), or only leftovers of a purge cut short."""
    try:
        return bool(store.meeting_files(ref))
    except ValueError:  # not a meeting id at all ("../index")
        return False


def resolve(store: Store, ref: str) -> Target:
    """The meeting by id or date; exits 2 naming the candidates otherwise."""
    ref = ref.strip()
    meetings = store.meetings()
    unreadable = store.unreadable()
    exact = [m for m in meetings if m.id == ref]
    if exact:
        return Target(exact[0].id, exact[0].date, exact[0].topic)
    if _DATE.fullmatch(ref):
        on_day = [m for m in meetings if m.date == ref]
        if len(on_day) == 1:
            return Target(on_day[0].id, on_day[0].date, on_day[0].topic)
        if len(on_day) > 1:
            listed = "\n".join(f"  {m.id}  {m.topic}" for m in on_day)
            _fail(f"peertui purge: {len(on_day)} meetings on {ref}; give one of their ids:\n"
                  f"{listed}")
    if _has_files(store, ref):
        return Target(ref)
    known = ", ".join(f"{m.date} ({m.id})" for m in meetings[-6:]) or "none"
    damaged = "".join(f"\n  {e.path.stem}: {e}" for e in unreadable)
    if damaged:
        damaged = ("\nMeetings whose file cannot be read (so their date is unknown; purge one "
                   f"by its id):{damaged}")
    _fail(f"peertui purge: no meeting '{ref[:40]}' in {store.root}. Give a meeting id or a date "
          f"(YYYY-MM-DD); meetings in this store: {known}.{damaged}")


def read_meeting(store: Store, meeting_id: str) -> Reading:
    """The meeting file as purge needs it, never raising for a damaged file."""
    from peertui.store import StoreError

    try:
        return store.meeting_doc(meeting_id)
    except StoreError as error:
        return error


def in_progress(reading: Reading) -> str | None:
    """The meeting's status if it is still in progress by its own events, else None.  A file
    that cannot be read has no status to go by: it does not stop a purge."""
    if isinstance(reading, tuple) and reading[0].status != "ended":
        return reading[0].status
    return None


def _index_backups(root: Path) -> list[Path]:
    return sorted(root.glob("index.json.bak-*"))


def _mentions(data: object, meeting_id: str) -> bool:
    return isinstance(data, dict) and any(
        isinstance(table, dict) and any(isinstance(d, dict) and d.get("id") == meeting_id
                                        for d in table.values())
        for table in data.values())


def scrub_index_backups(root: Path, meeting_id: str) -> tuple[list[Path], list[Path]]:
    """Drop the meeting's summary from pre-migration index copies: (scrubbed, unreadable).
    Read and written through the store's own path, so a sealed copy stays sealed."""
    from peertui.store.atomic import atomic_write_bytes, encode_tables

    scrubbed: list[Path] = []
    unreadable: list[Path] = []
    for path in _index_backups(root):
        data: Any = _read_json(path)
        if data is None:
            unreadable.append(path)
            continue
        if not _mentions(data, meeting_id):
            continue
        for table in data.values():
            if isinstance(table, dict):
                for key in [k for k, d in table.items()
                            if isinstance(d, dict) and d.get("id") == meeting_id]:
                    del table[key]
        atomic_write_bytes(path, encode_tables(data))
        scrubbed.append(path)
    return scrubbed, unreadable


def _plan(store: Store, target: Target, reading: Reading) -> list[str]:
    """What will go, in words; counts only, so no private text is ever printed."""
    meeting_id = target.id
    day, topic = target.date, target.topic
    if isinstance(reading, tuple):
        day, topic = reading[0].date, reading[0].topic
    lines = [f"Meeting {day or '(no date)'}  {topic}".rstrip(), f"  id {meeting_id}"]
    if isinstance(reading, tuple):
        items = reading[1]
        private = sum(1 for i in items if i.private)
        lines.append(f"  {len(items)} items (notes, recommendations, actions, decisions), "
                     f"{private} of them private")
    elif reading is not None:
        lines.append(f"  its file cannot be read ({reading.problem}), so its items cannot be "
                     "counted; it is removed all the same")
    else:
        lines.append("  its meeting file is gone already; what is left of it:")
    for path in store.meeting_files(meeting_id):
        kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
        lines.append(f"  {kind} {path}")
    backups = [p for p in _index_backups(store.root) if _mentions(_read_json(p), meeting_id)]
    lines += [f"  its summary in the backup {p}" for p in backups]
    lines.append("  its summary in the index")
    lines.append("Exports you saved elsewhere are yours to delete; they are not touched.")
    return lines


def _clear_folder(store: Store, meeting_id: str) -> None:
    """A folder where the meeting file belongs: removed if empty (purge_meeting unlinks
    files only); one with files in it is left alone, as nothing peertui wrote, and refused."""
    from peertui.store.errors import from_os_error
    from peertui.store.layout import meeting_path

    path = meeting_path(store.root, meeting_id)
    if not path.is_dir() or path.is_symlink():
        return
    try:
        os.rmdir(path)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            _fail(f"peertui purge: {path} is a folder with files in it, where the meeting's "
                  "file belongs; peertui deletes no folder of yours. Move it aside, then "
                  "purge again. Nothing was removed.")
        raise from_os_error(path, exc, "write") from exc


def _read_json(path: Path) -> object:
    """A backup's JSON (unsealed if the store is encrypted), or None if it cannot be read."""
    from peertui.store import StoreError
    from peertui.store.atomic import read_bytes

    try:
        raw = read_bytes(path)
        return None if raw is None else json.loads(raw.decode("utf-8"))
    except (StoreError, ValueError):
        return None


@cli.command()
@click.argument("meeting")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def purge(store_path: Path | None, meeting: str, yes: bool) -> None:
    """Remove MEETING (an id, or a date YYYY-MM-DD) and everything in it, for good.

    Its notes, recommendations, actions and decisions, its file, backups and summary all go.
    Asks first unless --yes is given.
    """
    store = open_store(store_path)
    with store_errors():
        target = resolve(store, meeting)
        reading = read_meeting(store, target.id)
        _refuse_if_in_progress(target, reading)
        store.refuse_links(target.id)
        click.echo("This removes for good:")
        for line in _plan(store, target, reading):
            click.echo(shown(line))  # paths inside the --store folder, as given
        if not yes and not click.confirm("Remove it? This cannot be undone", default=False):
            click.echo("Nothing was removed.")
            sys.exit(1)
        with store.locked():
            # Read again under the lock: it may have been started since the question.
            _refuse_if_in_progress(target, read_meeting(store, target.id))
            _clear_folder(store, target.id)
            store.purge_meeting(target.id)
            _, unreadable = scrub_index_backups(store.root, target.id)
    for path in unreadable:
        click.echo(f"Could not check the backup {path} (not readable JSON); look at it yourself.",
                   err=True)
    click.echo(f"Removed meeting {shown(target.date or target.id)}.")


_STATUS_WORDS = {"setup": "set up, not started", "running": "running", "paused": "paused"}


def _refuse_if_in_progress(target: Target, reading: Reading) -> None:
    status = in_progress(reading)
    if status is not None:
        day = reading[0].date if isinstance(reading, tuple) else target.date
        _fail(f"peertui purge: the meeting of {day} is still in progress "
              f"({_STATUS_WORDS.get(status, status)}). "
              "End it first (F8 in the meeting), then purge it.")
