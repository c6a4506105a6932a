"""The review's domain and services stay free of the UI (and the domain of the database)."""

from __future__ import annotations

import subprocess
import sys


def test_review_services_import_no_ui() -> None:
    code = (
        "import sys\n"
        "import peertui.domain.minutes, peertui.services.search, peertui.services.actions\n"
        "import peertui.services.exports, peertui.services.followthrough\n"
        "import peertui.cli.export, peertui.cli.actions\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_minutes_import_no_tinydb() -> None:
    code = "import sys, peertui.domain.minutes\nprint('tinydb' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
