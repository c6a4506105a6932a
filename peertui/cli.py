"""The `peertui` command. Side effects (opening the store) happen here, never at import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from peertui import __version__

STORE_HELP = "Store folder (default: $PEERTUI_STORE or the user data folder)."


def _open_store(path: Path | None):  # type: ignore[no-untyped-def]
    from peertui.store import Store, StoreError, default_store_path

    root = path or default_store_path()
    try:
        return Store.open(root)
    except StoreError as error:
        click.echo(f"peertui: {error}", err=True)
        sys.exit(2)


@click.group(invoke_without_command=True)
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="PEERTUI_STORE",
              help=STORE_HELP)
@click.version_option(__version__, prog_name="peertui")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """Run an executive peer-group meeting: timed agenda, notes, and the group's memory."""
    ctx.obj = store_path
    if ctx.invoked_subcommand is None:
        from peertui.domain.timesource import SystemTime
        from peertui.ui.app import create_app

        store = _open_store(store_path)
        create_app(store, SystemTime()).run()


@cli.command()
@click.pass_obj
def where(store_path: Path | None) -> None:
    """Print where the store lives."""
    store = _open_store(store_path)
    click.echo(str(store.root))


def main() -> None:
    cli(prog_name="peertui")
