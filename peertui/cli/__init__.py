"""The `peertui` command. Each subcommand lives in its own module and registers on `cli`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click


def _load() -> click.Group:
    """The click group with every subcommand registered (loaded on first use: see main).

    Subcommands register themselves on import; one line each.
    """
    from peertui.cli import actions as _actions  # noqa: F401
    from peertui.cli import display as _display  # noqa: F401
    from peertui.cli import encryption as _encryption  # noqa: F401
    from peertui.cli import export as _export  # noqa: F401
    from peertui.cli import ledger as _ledger  # noqa: F401
    from peertui.cli import members as _members  # noqa: F401
    from peertui.cli import purge as _purge  # noqa: F401
    from peertui.cli import serve as _serve  # noqa: F401
    from peertui.cli import sync as _sync  # noqa: F401
    from peertui.cli import topics as _topics  # noqa: F401
    from peertui.cli import where as _where  # noqa: F401
    from peertui.cli.root import cli

    return cli


def __getattr__(name: str) -> Any:
    if name == "cli":  # `from peertui.cli import cli` keeps working, loaded lazily
        return _load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    if len(sys.argv) <= 1:  # plain `peertui`: straight to the app, no click, no subcommands
        from peertui.cli.messages import safe_stderr
        from peertui.cli.quick import run_app

        with safe_stderr():
            run_app(None)
        return
    _load()(prog_name="peertui")


__all__ = ["cli", "main"]
