"""`peertui purge MEETING`: remove one meeting for good, backups included, after a yes.

What the room said may have to go: a member leaves and asks, or a meeting was a test.  Purge
shows what it will remove (counts, never the private text itself), asks, then deletes the
meeting file, its leftovers, backups and clock lease, its summary in the index, and its
summary inside any pre-migration copy of the index.  Exports saved elsewhere are the user's
files: it says so.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from peertui.cli.root import cli, open_store

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IN_PROGRESS = ("setup", "running")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def resolve(store: Any, ref: str) -> dict[str, Any]:
    """The meeting's summary by id or date; exits 2 naming the candidates otherwise."""
    from peertui.store.layout import check_meeting_id, meeting_path

    ref = ref.strip()
    meetings = store.list_meetings()
    exact = [m for m in meetings if m.get("id") == ref]
    if exact:
        return exact[0]
    if _DATE.fullmatch(ref):
        on_day = [m for m in meetings if m.get("date") == ref]
        if len(on_day) == 1:
            return on_day[0]
        if len(on_day) > 1:
            listed = "\n".join(f"  {m['id']}  {m.get('topic', '')}" for m in on_day)
            _fail(f"peertui purge: {len(on_day)} meetings on {ref}; give one of their ids:\n"
                  f"{listed}")
    try:  # a meeting file whose summary never made it into the index (a crash in between)
        if meeting_path(store.root, check_meeting_id(ref)).exists():
            return {"id": ref, "date": "", "topic": "", "status": "ended"}
    except ValueError:
        pass
    known = ", ".join(f"{m.get('date')} ({m.get('id')})" for m in meetings[-6:]) or "none"
    _fail(f"peertui purge: no meeting '{ref[:40]}' in {store.root}. Give a meeting id or a date "
          f"(YYYY-MM-DD); meetings in this store: {known}.")
    raise AssertionError("unreachable")


def _index_backups(root: Path) -> list[Path]:
    return sorted(root.glob("index.json.bak-*"))


def _mentions(data: object, meeting_id: str) -> bool:
    return isinstance(data, dict) and any(
        isinstance(table, dict) and any(isinstance(d, dict) and d.get("id") == meeting_id
                                        for d in table.values())
        for table in data.values())


def scrub_index_backups(root: Path, meeting_id: str) -> tuple[list[Path], list[Path]]:
    """Drop the meeting's summary from pre-migration index copies: (scrubbed, unreadable)."""
    from peertui.store.atomic import atomic_write_bytes, encode_tables

    scrubbed, unreadable = [], []
    for path in _index_backups(root):
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, ValueError):
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


def _plan(store: Any, summary: dict[str, Any]) -> list[str]:
    """What will go, in words; counts only, so no private text is ever printed."""
    from peertui.store import StoreError
    from peertui.store.layout import meeting_path

    meeting_id = summary["id"]
    path = meeting_path(store.root, meeting_id)
    lines = [f"Meeting {summary.get('date') or '(no date)'}  {summary.get('topic') or ''}".rstrip(),
             f"  id {meeting_id}"]
    try:
        items = store.list_items(meeting_id) if path.exists() else []
        private = sum(1 for i in items if i.get("private"))
        lines.append(f"  {len(items)} items (notes, recommendations, actions, decisions), "
                     f"{private} of them private")
    except (StoreError, KeyError):
        lines.append("  its file cannot be read (damaged?); it is removed all the same")
    lines += [f"  file {p}" for p in store.meeting_files(meeting_id)]
    backups = [p for p in _index_backups(store.root) if _mentions(_read_json(p), meeting_id)]
    lines += [f"  its summary in the backup {p}" for p in backups]
    lines.append("  its summary in the index")
    lines.append("Exports you saved elsewhere are yours to delete; they are not touched.")
    return lines


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
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
    from peertui.store import StoreError

    store = open_store(store_path)
    summary = resolve(store, meeting)
    if summary.get("status") in IN_PROGRESS:
        _fail(f"peertui purge: the meeting of {summary.get('date')} is still in progress. "
              "End it first (F8 in the meeting), then purge it.")
    click.echo("This removes for good:")
    for line in _plan(store, summary):
        click.echo(line)
    if not yes and not click.confirm("Remove it? This cannot be undone", default=False):
        click.echo("Nothing was removed.")
        sys.exit(1)
    try:
        with store.locked():
            store.purge_meeting(summary["id"])
            _, unreadable = scrub_index_backups(store.root, summary["id"])
    except StoreError as error:
        _fail(str(error))
    for path in unreadable:
        click.echo(f"Could not check the backup {path} (not readable JSON); look at it yourself.",
                   err=True)
    click.echo(f"Removed meeting {summary.get('date') or summary['id']}.")
