"""`peertui actions`: open action items across meetings, for people who live in the shell."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from peertui.cli.root import cli, open_store, store_errors

if TYPE_CHECKING:
    from peertui.store import Store, StoreError


def find_owner(names: Mapping[str, str], wanted: str) -> str:
    """A member id from a full name, first name or unique prefix; exit 2 naming the options."""
    key = " ".join(wanted.lower().split())
    exact = [i for i, n in names.items() if n.lower() == key]
    if len(exact) == 1:
        return exact[0]
    close = [i for i, n in names.items()
             if n.lower().startswith(key) or any(p.startswith(key) for p in n.lower().split())]
    if len(close) == 1:
        return close[0]
    if close:
        listed = ", ".join(sorted(names[i] for i in close))
        click.echo(f"peertui: '{wanted}' could be {listed}; give more of the name.", err=True)
    else:
        listed = ", ".join(sorted(set(names.values()))) or "no members yet"
        click.echo(f"peertui: no member called '{wanted}'. Members: {listed}.", err=True)
    sys.exit(2)


def unreadable_meetings(store: Store) -> list[StoreError]:
    """The meetings the listing just made could not read: those the store's listing left out,
    and those whose summary was current but whose file then failed to read (a chmod changes
    no fingerprint), which the search index the listing goes through kept aside."""
    from peertui.services.search import index_for

    found = {error.path: error for error in store.unreadable()}
    for error in index_for(store).unreadable.values():
        found.setdefault(error.path, error)
    return sorted(found.values(), key=lambda error: str(error.path))


@cli.command("actions")
@click.option("--owner", help="Only this member's items (full or first name).")
@click.option("--overdue", is_flag=True, help="Only items past their due date.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True)
@click.option("--include-private", is_flag=True, help="Also list items marked private.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@click.pass_obj
def actions(store_path: Path | None, owner: str | None, overdue: bool, fmt: str,
            include_private: bool, today: datetime | None) -> None:
    """Open action items across all meetings, overdue first."""
    from peertui.services.actions import list_actions
    from peertui.services.exports import cli_hint, export_actions

    store = open_store(store_path)
    day = today.date() if today is not None else date.today()
    with store_errors():
        names = {m.id: m.name for g in store.groups() for m in g.members}
        owner_id = find_owner(names, owner) if owner else None
        rows = list_actions(store, status="open", owner_id=owner_id, today=day,
                            overdue_only=overdue)
        unreadable = unreadable_meetings(store)
    text, left = export_actions(rows, fmt, names, day, include_private)
    click.echo(text, nl=False)  # data only: every message below goes to stderr
    if fmt == "table" and len(rows) == left:
        click.echo("No open action items match.", err=True)
    if fmt != "table" or left:
        click.echo(cli_hint(left), err=True)
    if unreadable:
        # What could be read is listed above; each meeting that could not is named here, one
        # line each (the message names its file), and exit code 2 says the list is incomplete.
        for error in unreadable:
            click.echo(str(error), err=True)
        sys.exit(2)
