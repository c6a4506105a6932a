"""`peertui actions`: open action items across meetings, for people who live in the shell."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from peertui.cli.root import cli, open_store


def find_owner(names: dict[str, str], wanted: str) -> str:
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


@cli.command("actions")
@click.option("--owner", help="Only this member's items (full or first name).")
@click.option("--overdue", is_flag=True, help="Only items past their due date.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True)
@click.option("--include-private", is_flag=True, help="Also list items marked private.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@click.pass_obj
def actions(store_path: Path | None, owner: str | None, overdue: bool, fmt: str,
            include_private: bool, today: object) -> None:
    """Open action items across all meetings, overdue first."""
    from peertui.services.actions import list_actions
    from peertui.services.exports import export_actions
    from peertui.services.groups import load_groups

    store = open_store(store_path)
    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    names = {m.id: m.name for g in load_groups(store) for m in g.members}
    owner_id = find_owner(names, owner) if owner else None
    rows = list_actions(store, status="open", owner_id=owner_id, today=day,
                        overdue_only=overdue)
    text, _left = export_actions(rows, fmt, names, day, include_private)
    click.echo(text, nl=False)
    if fmt != "table" or _left:
        from peertui.services.exports import cli_hint

        click.echo(cli_hint(_left), err=True)
