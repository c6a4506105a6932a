"""Stand-in for the app process `peertui serve` starts per browser: it says it started (a
marker file holding the session it was given), speaks just enough of textual-serve's
protocol, and quits when told to or when its input closes.  Started as serve's spare it first
waits, as the app does, to be taken by a browser (peertui/web/spare.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from peertui.web.spare import is_spare, wait_to_be_taken

if is_spare():
    wait_to_be_taken()
Path(sys.argv[1]).write_text(os.environ.get("PEERTUI_WEB_SESSION", ""))
sys.stdout.write("__GANGLION__\n")
sys.stdout.flush()
while True:
    data = sys.stdin.buffer.read1(4096)
    if not data or b"quit" in data:
        break
