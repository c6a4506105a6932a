"""Opening the app, shared by plain `peertui` and `peertui --store X`.

Plain `peertui` (no arguments: the path taken every meeting) comes here without loading
click and every subcommand; start-up time is mostly imports (see tests/bench).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from pathlib import Path

from peertui.cli.messages import own_terminal

#: Seconds after which start-up is surely over (first screen painted and filled).
STARTUP_S = 2.0


def _has_terminal() -> bool:
    """A full-screen app with no terminal spins on a closed stdin; say so instead.

    textual-serve runs the app through its web driver on pipes, which is fine.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def _after_start() -> None:
    """Start-up is over: collections resume.  What it made to keep (modules, classes, the
    first screen's widgets) the app has frozen by now (ui/long_lived.py)."""
    gc.enable()


def run_app(store_path: Path | None) -> None:
    """Open the store (or say plainly what is wrong, exit code 2) and run the app."""
    from peertui.web.spare import is_spare, wait_to_be_taken

    if is_spare():  # `peertui serve`'s warm process: loaded now, its browser comes later
        wait_to_be_taken()
    if not _has_terminal():
        print("peertui opens a full-screen app and needs a terminal; stdin or stdout is not "
              "one. See `peertui --help` for commands.", file=sys.stderr)
        sys.exit(2)
    # Start-up allocates a lot and frees almost nothing, so cyclic collections during it are
    # wasted time (about a tenth of it, see tests/bench); they resume once it is over.
    gc.disable()
    timer = threading.Timer(STARTUP_S, _after_start)
    timer.daemon = True
    timer.start()
    from peertui.cli.unlock import open_unlocked
    from peertui.domain.timesource import SystemTime
    from peertui.store import StoreError, default_store_path
    from peertui.ui.app import create_app
    from peertui.ui.long_lived import allow_freezing

    try:
        store = open_unlocked(store_path or default_store_path())
    except StoreError as error:
        print(str(error), file=sys.stderr)  # it already starts "peertui cannot use the store"
        sys.exit(2)
    app = create_app(store, SystemTime())
    allow_freezing()
    with own_terminal():  # a crash report in Rich's colours, not neutralised
        app.run()
    if app.return_code:  # 2: a store file turned out unusable while running
        sys.exit(app.return_code)
