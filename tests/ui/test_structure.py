"""The ui package's shape: no import cycles, imports inside functions only with a reason, and
each screen's actions declared once (bindings, footer and palette made from one table).

Modules and screens are discovered, so a new one is held to the rules without editing this.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

import peertui.ui
from peertui.ui.commands import palette_entries
from peertui.ui.screen_actions import ScreenAction, bindings, roles

UI = Path(peertui.ui.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for info in pkgutil.walk_packages(peertui.ui.__path__, "peertui.ui."):
        spec = importlib.util.find_spec(info.name)
        assert spec is not None and spec.origin is not None
        found[info.name] = Path(spec.origin)
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _top_level_imports(module: str) -> set[str]:
    """The peertui.ui modules *module* imports as it is imported (not in functions, not
    under TYPE_CHECKING)."""
    tree = ast.parse(MODULES[module].read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in names if name in MODULES and name != module}


def test_the_ui_modules_import_one_another_without_a_cycle() -> None:
    graph = {module: _top_level_imports(module) for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module):], module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    assert len(graph) > 30, "module discovery is broken"
    for module in sorted(graph):
        visit(module, [])


def test_imports_inside_functions_say_why() -> None:
    """The app imports screens when they open (README, Performance); each such import says so
    on its line or the line above, and nothing else is imported late."""
    silent = []
    for module, path in MODULES.items():
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) \
                        and not _explained(lines, inner.lineno - 1):
                    silent.append(f"{module}:{inner.lineno}: {lines[inner.lineno - 1]}")
    assert silent == []


def _explained(lines: list[str], index: int) -> bool:
    """A comment on the import's line, or above its block of imports."""
    if "#" in lines[index]:
        return True
    above = index - 1
    while lines[above].strip().startswith(("from ", "import ")):  # the same block
        if "#" in lines[above]:
            return True
        above -= 1
    return lines[above].strip().startswith("#")


BASES = ("peertui.ui.base", "peertui.ui.overlap_screen")


def _screens() -> list[type[Screen[Any]]]:
    found = []
    for module in MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module \
                    and module not in BASES:  # the base classes: nothing to do
                found.append(cls)
    return found


SCREENS = _screens()


@pytest.mark.parametrize("screen", SCREENS, ids=[s.__name__ for s in SCREENS])
def test_each_screen_declares_its_actions_once(screen: type[Screen[Any]]) -> None:
    table: tuple[ScreenAction, ...] = screen.__dict__.get("ACTIONS", ())
    assert table, f"{screen.__name__} has no ACTIONS table"
    assert not hasattr(screen, "PALETTE"), "the palette comes from ACTIONS"
    assert screen.__dict__["BINDINGS"] == bindings(table), "BINDINGS = bindings(ACTIONS)"
    ids = [entry.id for entry in table]
    assert len(ids) == len(set(ids)), "binding ids are unique on a screen"
    roles(table)  # entries sharing an action agree on who may use it
    for entry in table:
        owner = "App" if entry.namespace == "app" else screen.__name__
        target = importlib.import_module("peertui.ui.app").PeerApp \
            if entry.namespace == "app" else screen
        assert hasattr(target, f"action_{entry.name}"), f"{owner} has no action {entry.name}"
        assert entry.key or entry.in_palette, f"{entry.id}: no key and not in the palette"


def test_there_are_screens_to_check() -> None:
    names = {screen.__name__ for screen in SCREENS}
    assert {"HomeScreen", "LiveScreen", "ReviewScreen", "SearchScreen", "Confirm"} <= names


async def test_the_palette_shows_the_keys_the_bindings_have(store: Any, fake_time: Any) -> None:
    from peertui.services.sample import load_sample
    from peertui.ui.app import create_app
    from tests.conftest import TODAY

    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)):
        entries = {entry.action: entry for entry in palette_entries(app.screen)}
        assert entries["group_screen('roster')"].help == \
            "m: who is in, who presents next, CSV import"
        assert entries["review('search')"].help.startswith("/: ")
        assert entries["app.switch_group"].title == "Switch group"
