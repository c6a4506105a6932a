"""Bench session: cached histories, one tmux server, and the table at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bench import results, terminal
from tests.bench.config import SIZES
from tests.bench.make_history import cached_history


@pytest.fixture(scope="session")
def histories() -> dict[str, Path]:
    """Store folders by size name ('empty', '10k', '100k'); generated once, then reused.

    These are READ-ONLY: a bench that writes copies one first (see `copy_store`).
    """
    return {name: cached_history(notes) for name, notes in SIZES.items()}


@pytest.fixture(scope="session", autouse=True)
def _tmux_server() -> Iterator[None]:
    yield
    terminal.kill_server()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not results.SESSION.figures:
        return
    text = results.write_all()
    terminalreporter.write_sep("=", "peertui bench")
    terminalreporter.write_line(text)
    terminalreporter.write_line(f"Written: {results.RESULTS_PATH}")
