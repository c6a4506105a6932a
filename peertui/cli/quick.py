"""Opening the app, shared by plain `peertui` and `peertui --store X`.

Plain `peertui` (no arguments: the path taken every meeting) comes here without loading
click and every subcommand; start-up time is mostly imports (see tests/bench).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _has_terminal() -> bool:
    """A full-screen app with no terminal spins on a closed stdin; say so instead.

    textual-serve runs the app through its web driver on pipes, which is fine.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_app(store_path: Path | None) -> None:
    """Open the store (or say plainly what is wrong, exit code 2) and run the app."""
    if not _has_terminal():
        print("peertui opens a full-screen app and needs a terminal; stdin or stdout is not "
              "one. See `peertui --help` for commands.", file=sys.stderr)
        sys.exit(2)
    from peertui.domain.timesource import SystemTime
    from peertui.store import Store, StoreError, default_store_path
    from peertui.ui.app import create_app

    try:
        store = Store.open(store_path or default_store_path())
    except StoreError as error:
        print(str(error), file=sys.stderr)  # it already starts "peertui cannot use the store"
        sys.exit(2)
    app = create_app(store, SystemTime())
    app.run()
    if app.return_code:  # 2: a store file turned out unusable while running
        sys.exit(app.return_code)
