"""`peertui sync` and `peertui restore`: keep copies of the group's store together via git."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from peertui.cli.messages import shown
from peertui.cli.root import STORE_HELP, StoreFolder, cli, open_store

SYNC_FAILED = 1  # the store is fine; the sync did not complete (the remote, git, the disk)


def _say(step: str) -> None:
    click.echo(f"… {step}", err=True)


@cli.command()
@click.argument("remote", required=False)
@click.option("--store", "local_store", type=StoreFolder(path_type=Path), default=None,
              help=STORE_HELP)
@click.pass_obj
def sync(store_path: Path | None, remote: str | None, local_store: Path | None) -> None:
    """Sync this store with its remote: send this copy's changes, receive the others'.

    The first time, name the REMOTE: a bare git repository (a folder on a USB stick made
    with `git init --bare`, user@host:path over SSH, or a private git host).  After that,
    `peertui sync` alone.  Copies changed apart come together with nothing lost: for each
    field the later change wins, and a deletion counts as a change.
    """
    from peertui.services.sync import Syncer, SyncError

    store = open_store(local_store or store_path)
    try:
        result = Syncer(store, progress=_say).run(remote)
    except SyncError as error:
        click.echo(str(error), err=True)
        sys.exit(SYNC_FAILED)
    click.echo(result.summary())


@cli.command()
@click.argument("remote")
@click.option("--store", "local_store", type=StoreFolder(path_type=Path), required=True,
              help="The new folder to make the store in (new or empty).")
def restore(remote: str, local_store: Path) -> None:
    """Make a full working store in a new folder from REMOTE (after a lost laptop, or for
    a second copy on another machine).  It syncs like any copy from then on."""
    from peertui.cli.unlock import open_unlocked
    from peertui.services.sync import SyncError
    from peertui.services.sync import restore as restore_store

    try:
        result = restore_store(remote, local_store, progress=_say, open_store=open_unlocked)
    except SyncError as error:
        click.echo(str(error), err=True)
        sys.exit(SYNC_FAILED)
    click.echo(result.summary())
    click.echo(f"The store is ready in {shown(local_store)}. Open it with: peertui --store "
               f"{shown(local_store)}  (or set PEERTUI_STORE).")
