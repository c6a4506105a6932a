"""`peertui ledger`: every member's commitments and their say/do, for the shell."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from peertui.cli.root import cli, open_store, store_errors


@cli.command("ledger")
@click.option("--member", help="Only this member's commitments (full or first name).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True)
@click.option("--include-private", is_flag=True, help="Also list commitments marked private.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@click.pass_obj
def ledger(store_path: Path | None, member: str | None, fmt: str, include_private: bool,
           today: datetime | None) -> None:
    """Commitments across meetings, and say/do: kept by their due date out of those due.

    With several groups in the store, the table lists each; csv and json the first (or the
    member's).  Standard output carries only the ledger; how many private commitments were left out
    goes to standard error.
    """
    from peertui.cli.actions import find_owner, unreadable_meetings
    from peertui.services.exports import cli_hint
    from peertui.services.ledger import read_ledger
    from peertui.services.ledger_export import export_ledger

    store = open_store(store_path)
    day = today.date() if today is not None else date.today()
    with store_errors():
        groups = store.groups()
        names = {m.id: m.name for g in groups for m in g.members}
        member_id = find_owner(names, member) if member else None
        chosen = [g for g in groups if member_id is None or member_id in g.names]
        if fmt != "table" and len(chosen) > 1:  # one document: the first group's
            click.echo(f"peertui: this store holds {len(chosen)} groups; listing "
                       f"{chosen[0].name} only (a --member of another picks theirs).", err=True)
            chosen = chosen[:1]
        for group in chosen:
            text, left = export_ledger(read_ledger(store, group.id), fmt, group.names, day,
                                       member_id=member_id, include_private=include_private)
            click.echo(text, nl=False)  # data only: every message goes to stderr
            if left or fmt != "table":
                click.echo(cli_hint(left), err=True)
        unreadable = unreadable_meetings(store)
    if not groups:
        click.echo("No group yet: nothing has been committed to.", err=True)
    if unreadable:  # the figures above leave these meetings out: say which, and exit 2
        for error in unreadable:
            click.echo(str(error), err=True)
        sys.exit(2)
