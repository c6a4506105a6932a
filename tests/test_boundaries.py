"""domain/, store/ and services/ never depend on textual, and domain/ not on tinydb either.

Modules are discovered, so a new module is held to the rule without editing this test.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import peertui.domain
import peertui.services
import peertui.store

UI_PACKAGES = ("textual", "rich")


def _modules(package: object) -> list[str]:
    return sorted(f"{package.__name__}.{m.name}"  # type: ignore[attr-defined]
                  for m in pkgutil.iter_modules(package.__path__))  # type: ignore[attr-defined]


def _imported_after(modules: list[str]) -> set[str]:
    """Top-level packages present after importing `modules` in a fresh interpreter."""
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(','.join(sorted({n.split('.')[0] for n in sys.modules})))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return set(result.stdout.strip().split(","))


@pytest.mark.parametrize("package", [peertui.domain, peertui.store, peertui.services],
                         ids=["domain", "store", "services"])
def test_core_packages_import_no_ui(package: object) -> None:
    modules = _modules(package)
    assert modules, "no modules found: the discovery itself is broken"
    assert not _imported_after(modules) & set(UI_PACKAGES)


def test_domain_imports_no_database() -> None:
    assert "tinydb" not in _imported_after(_modules(peertui.domain))


def test_shell_commands_for_data_import_no_ui() -> None:
    """export, actions, members and purge run in scripts: no terminal app behind them."""
    commands = ["peertui.cli.export", "peertui.cli.actions", "peertui.cli.members",
                "peertui.cli.purge"]
    assert not _imported_after(commands) & set(UI_PACKAGES)
