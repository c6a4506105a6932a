"""Keeps the garbage collector off the objects an app holds for as long as it runs.

A screen's widgets, styles and the meeting it shows live until the screen goes; the
collector's full passes walk all of them, with the event loop stopped, now and then in the
middle of a key or of a note arriving from another screen (a full pass over a live screen
took 100-150 ms: the worst figures of bench bar 7).  Freezing what exists once a screen is
up leaves the collector only what came after; gc.freeze is constant time.

Frozen objects in reference cycles are never freed, so only what lives long is frozen: the
app's first screen, the live screen (once a meeting), the projector; never a dialog.  And
only a process that runs one app until it quits freezes (the command line allows it): a test
process runs hundreds of apps.
"""

from __future__ import annotations

import gc

#: After a screen is shown: its start-up work (the first look at the store, the watch) done.
FREEZE_AFTER_S = 1.0

_allowed = False


def allow_freezing() -> None:
    """Called by the command line before it runs the one app of its process."""
    global _allowed
    _allowed = True


def freeze_long_lived() -> None:
    """Move every object alive now out of the collector's sight for good."""
    if _allowed:
        gc.freeze()
