"""The `peertui` command. Each subcommand lives in its own module and registers on `cli`."""

from __future__ import annotations

from peertui.cli.root import cli

# Subcommands register themselves on import; one line each.
from peertui.cli import where as _where  # noqa: F401,E402
from peertui.cli import members as _members  # noqa: F401,E402
from peertui.cli import export as _export  # noqa: F401,E402
from peertui.cli import actions as _actions  # noqa: F401,E402
from peertui.cli import display as _display  # noqa: F401,E402
from peertui.cli import serve as _serve  # noqa: F401,E402
from peertui.cli import purge as _purge  # noqa: F401,E402


def main() -> None:
    cli(prog_name="peertui")


__all__ = ["cli", "main"]
