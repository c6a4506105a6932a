"""`peertui topics`: the topic bank (parking lot) from the shell; stdout is data only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from peertui.cli.members import FORMATS, GROUP_HELP, _cell, _pick_group
from peertui.cli.messages import shown
from peertui.cli.root import cli, open_store

if TYPE_CHECKING:
    from peertui.services.topics import BankRow

COLUMNS = ("member", "urgency", "issue", "added", "waiting_weeks", "status", "taken_on",
           "meeting_id")


def _record(row: BankRow) -> dict[str, str | int | None]:
    """One topic as the csv and json outputs give it (the same fields, the same names)."""
    topic = row.topic
    return {"member": row.member_name, "urgency": topic.urgency, "issue": topic.issue,
            "added": topic.added, "waiting_weeks": row.weeks,
            "status": "taken" if topic.taken_in else "waiting", "taken_on": row.taken_on,
            "meeting_id": topic.taken_in}


def render(rows: list[BankRow], fmt: str, group_name: str) -> str:
    """The bank in one of FORMATS, ready for stdout."""
    if fmt == "json":
        return json.dumps({"group": group_name, "topics": [_record(r) for r in rows]},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            record = _record(row)
            writer.writerow([_cell("" if record[c] is None else str(record[c]))
                             for c in COLUMNS])
        return buffer.getvalue()
    if not rows:
        return ""  # the table's "nothing yet" goes to stderr
    table = [("Member", "Urgency", "Issue", "Waiting")]
    for row in rows:
        if row.topic.taken_in:
            wait = f"taken {row.taken_on}" if row.taken_on else "taken"
        else:
            wait = "?" if row.weeks is None else f"{row.weeks} wk"
        table.append((shown(row.member_name), row.topic.urgency, shown(row.topic.issue), wait))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
                   .rstrip() + "\n" for r in table)


@cli.command("topics")
@click.option("--group", "group_name", help=GROUP_HELP)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--waiting", "only_waiting", is_flag=True,
              help="Only topics still waiting for a deep dive.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@click.pass_obj
def topics(store_path: Path | None, group_name: str | None, fmt: str, only_waiting: bool,
           today: datetime | None) -> None:
    """The topic bank: what waits for a deep dive (most urgent, then longest waiting,
    first) and what a deep dive took."""
    from peertui.services.topics import bank_rows

    store = open_store(store_path)
    group = _pick_group(store, group_name)
    day = today.date() if today is not None else date.today()
    rows = bank_rows(group, store.meetings(group.id), day)
    if only_waiting:
        rows = [r for r in rows if not r.topic.taken_in]
    click.echo(render(rows, fmt, group.name), nl=False)
    if not rows and fmt == "table":
        click.echo(f"{group.name}: no topics in the bank yet. Add one from home (b) or "
                   "type 't: Name: the issue, A' in a meeting.", err=True)
