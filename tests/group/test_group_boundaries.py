"""The group's domain and services stay free of textual (and the domain of tinydb)."""

from __future__ import annotations

import subprocess
import sys


def test_group_modules_import_no_ui_and_domain_no_store() -> None:
    code = (
        "import sys\n"
        "import peertui.domain.roster, peertui.domain.cadence, peertui.domain.templates\n"
        "assert 'tinydb' not in sys.modules, 'domain imported tinydb'\n"
        "import peertui.services.roster, peertui.services.schedule\n"
        "import peertui.services.templates, peertui.services.import_members\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
