"""The root click group and the store opening every subcommand shares."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from peertui import __version__
from peertui.cli.messages import safe_stderr

if TYPE_CHECKING:
    from peertui.store import Store

STORE_HELP = "Store folder (default: $PEERTUI_STORE, else the user data folder)."


class StoreFolder(click.Path):
    """--store's type: a path, but never an empty one, which click would turn into the
    current folder (Path("") is Path(".")) before open_store could tell them apart."""

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None,
                ctx: click.Context | None) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and not value.strip():
            from peertui.store import StoreError
            from peertui.store.layout import store_root

            try:
                store_root(value)
            except StoreError as error:  # always: the same words as Store.open's refusal
                self.fail(str(error), param, ctx)  # exit code 2, nothing created
        return super().convert(value, param, ctx)


def open_store(path: Path | None) -> Store:
    """Open the store (unlocking it if it is encrypted: cli/unlock.py) or say plainly what
    is wrong with it and exit with code 2."""
    from peertui.cli.unlock import open_unlocked
    from peertui.store import StoreError, default_store_path

    root = path or default_store_path()
    try:
        return open_unlocked(root)
    except StoreError as error:
        click.echo(str(error), err=True)  # it already starts "peertui cannot use the store"
        sys.exit(2)


@contextmanager
def store_errors() -> Iterator[None]:
    """Around a command's store work: a StoreError (a damaged, truncated or unreadable file,
    a folder where a file belongs) prints its message, which names the file, and exits 2,
    never a traceback."""
    from peertui.store import StoreError

    try:
        yield
    except StoreError as error:
        click.echo(str(error), err=True)  # it already starts "peertui cannot use the store"
        sys.exit(2)


class StoreErrorsGroup(click.Group):
    """Every subcommand runs inside store_errors: whatever it reads, a damaged file ends
    it with its message and exit code 2, however deep the read happened.  The whole run,
    click's own usage errors included, writes its messages through safe_stderr: they quote
    arguments and paths, and none of them may drive the terminal."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with safe_stderr():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        with store_errors():
            return super().invoke(ctx)


@click.group(cls=StoreErrorsGroup, invoke_without_command=True)
@click.option("--store", "store_path", type=StoreFolder(path_type=Path), envvar="PEERTUI_STORE",
              help=STORE_HELP)
@click.version_option(__version__, prog_name="peertui")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """Run an executive peer-group meeting: timed agenda, notes, and the group's memory.

    With no command, opens the app.
    """
    ctx.obj = store_path
    if ctx.invoked_subcommand is None:
        from peertui.cli.quick import run_app

        run_app(store_path)
