"""`peertui export MEETING`: minutes (md), actions (csv), the meeting (json), next meeting (ics)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from peertui.cli.root import cli, open_store, store_errors

FORMAT_HELP = "md: the minutes; csv: the action items; json: the whole meeting; " \
              "ics: an event for the group's next meeting."


@cli.command("export")
@click.argument("meeting")
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "csv", "json", "ics"]),
              default="md", show_default=True, help=FORMAT_HELP)
@click.option("--include-private", is_flag=True, help="Also export items marked private.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_obj
def export(store_path: Path | None, meeting: str, fmt: str, include_private: bool,
           output: Path | None) -> None:
    """Export one meeting. MEETING is its id or its date (2026-09-17).

    Private items are left out unless --include-private is given.  Standard output
    carries only the export (pure CSV, JSON, iCalendar or Markdown); every message, such
    as how many private items were left out, goes to standard error.
    """
    from peertui.services.exports import (
        ExportError,
        cli_hint,
        export_meeting,
        resolve_meeting,
        write_export,
        write_failure,
    )

    store = open_store(store_path)
    try:
        with store_errors():  # a damaged meeting file: its message, exit 2
            summary = resolve_meeting(store, meeting)
            result = export_meeting(store, summary.id, fmt, include_private=include_private)
    except ExportError as problem:
        click.echo(f"peertui: {problem}", err=True)
        sys.exit(2)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        try:
            write_export(output, result.text)
        except OSError as error:  # nothing half-written: write_export is all-or-nothing
            click.echo("peertui: " + write_failure(output, error, "cannot write"), err=True)
            sys.exit(1)
        click.echo(f"Wrote {fmt} of the meeting of {summary.date} to {output.absolute()}.",
                   err=True)
    click.echo(cli_hint(result.left_out), err=True)
