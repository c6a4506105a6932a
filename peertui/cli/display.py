"""`peertui display`: the big read-only clock for the projector, following the store."""

from __future__ import annotations

from pathlib import Path

import click

from peertui.cli.messages import own_terminal
from peertui.cli.root import STORE_HELP, cli, open_store


@cli.command()
@click.option("--store", "local_store", type=click.Path(path_type=Path), default=None,
              help=STORE_HELP)
@click.pass_obj
def display(store_path: Path | None, local_store: Path | None) -> None:
    """Show the running meeting in big digits, read-only (for a projector). q quits.

    Follows whatever another peertui process does on the same store, within a second;
    private items never show here.
    """
    from peertui.domain.timesource import SystemTime
    from peertui.ui.display_app import create_display
    from peertui.ui.long_lived import allow_freezing

    store = open_store(local_store or store_path)
    allow_freezing()
    with own_terminal():  # a crash report in Rich's colours, not neutralised
        create_display(store, SystemTime()).run()
