"""domain/ and store/ must never depend on textual: they run in scripts, tests and CLIs."""

from __future__ import annotations

import subprocess
import sys


def test_domain_store_services_import_no_textual() -> None:
    code = (
        "import sys\n"
        "import peertui.domain.clock, peertui.domain.agenda, peertui.domain.dates\n"
        "import peertui.domain.rotation, peertui.domain.models, peertui.domain.text\n"
        "import peertui.store, peertui.services.live, peertui.services.sample\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_domain_imports_no_tinydb() -> None:
    code = (
        "import sys\n"
        "import peertui.domain.clock, peertui.domain.agenda, peertui.domain.dates\n"
        "import peertui.domain.rotation, peertui.domain.models, peertui.domain.text\n"
        "print('tinydb' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
