"""`peertui where`: where the store lives, for backups and for pointing elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from peertui.cli.messages import shown
from peertui.cli.root import cli, open_store


@cli.command()
@click.pass_obj
def where(store_path: Path | None) -> None:
    """Print the store folder in use."""
    store = open_store(store_path)
    click.echo(shown(store.root))
