"""`peertui members` and `peertui import-members`: the roster from the command line."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import msgspec

from peertui.cli.messages import shown
from peertui.cli.root import cli, open_store

if TYPE_CHECKING:
    from peertui.domain.models import Group
    from peertui.store import Store

FORMATS = ("table", "csv", "json")
COLUMNS = ("name", "company", "size_band", "role_focus", "joined", "contact", "notes", "status")
GROUP_HELP = "Group name (needed when the store holds several groups)."


def _pick_group(store: Store, name: str | None) -> Group:
    """The named group, or the only one; otherwise exit 2 saying which groups there are."""
    from peertui.services.groups import load_groups
    from peertui.services.roster import find_group

    groups = load_groups(store)
    names = ", ".join(f"'{g.name}'" for g in groups) or "none yet"
    if name is not None:
        group = find_group(store, name)
        if group is None:
            click.echo(f"peertui: no group named '{name}'. Groups: {names}.", err=True)
            sys.exit(2)
        return group
    if len(groups) == 1:
        return groups[0]
    if not groups:
        click.echo("peertui: the store has no group yet. Open peertui to create one.", err=True)
    else:
        click.echo(f"peertui: the store holds several groups; add --group NAME. "
                   f"Groups: {names}.", err=True)
    sys.exit(2)


@cli.command()
@click.option("--group", "group_name", help=GROUP_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Include retired members.")
@click.pass_obj
def members(store_path: Path | None, group_name: str | None, fmt: str, show_all: bool) -> None:
    """List a group's members and candidates (the CSV output imports back)."""
    from peertui.domain.roster import counted
    from peertui.services.roster import roster

    store = open_store(store_path)
    group = _pick_group(store, group_name)
    rows = [r for r in roster(store, group).rows
            if show_all or r.member.status != "retired"]
    names = {m.id: m.name for m in group.members}
    if fmt == "json":
        out = []
        for row in rows:
            data = msgspec.to_builtins(row.member)
            data["vetted_by"] = [{**msgspec.to_builtins(v), "name": names.get(v.member_id, "?")}
                                 for v in row.member.vetted_by]
            data["attendance"] = {"held": row.attendance.held,
                                  "attended": row.attendance.attended,
                                  "last_attended": row.attendance.last_attended,
                                  "missed_last_two": row.attendance.missed_last_two}
            data["last_deep_dive"] = row.last_deep_dive
            out.append(data)
        click.echo(json.dumps({"group": group.name, "members": out}, indent=2,
                              ensure_ascii=False))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(getattr(row.member, c)) for c in COLUMNS])
        click.echo(buffer.getvalue(), nl=False)
        return
    table = [("Name", "Status", "Company", "Size band", "Role", "Joined", "Attendance",
              "Last deep dive")]
    for row in rows:
        m = row.member
        table.append((m.name, m.status, m.company, m.size_band, m.role_focus, m.joined,
                      row.attendance.text(), row.last_deep_dive or "never"))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    active = sum(1 for r in rows if r.member.active)
    candidates = sum(1 for r in rows if r.member.status == "candidate")
    click.echo(f"{group.name}: {counted(active, 'member')}, {counted(candidates, 'candidate')}")
    for line in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                   .rstrip())


def _cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: neutralise them."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@cli.command("import-members")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--group", "group_name", help=GROUP_HELP)
@click.pass_obj
def import_members_command(store_path: Path | None, file: Path, group_name: str | None) -> None:
    """Add members from FILE.csv (header row: name, company, size band, role, joined,
    contact, notes, status). Rows already on the roster are skipped, so running it twice
    adds nothing twice. Exit code 1 when some rows were rejected."""
    from peertui.services.import_members import ImportFileError, import_members
    from peertui.store import StoreError

    store = open_store(store_path)
    group = _pick_group(store, group_name)
    try:
        report = import_members(store, group.id, file)
    except ImportFileError as problem:
        click.echo(f"peertui: {problem}", err=True)
        sys.exit(2)
    except (StoreError, OSError) as problem:
        click.echo(f"peertui: nothing imported: {problem}", err=True)
        sys.exit(2)
    lines = report.lines()
    click.echo(f"{group.name}: {lines[0]}")
    for line in lines[1:]:  # they quote the file's cells: shown made safe
        click.echo(f"  {shown(line)}")
    if report.rejected:
        sys.exit(1)
