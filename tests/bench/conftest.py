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
def _unlock_agent() -> Iterator[None]:
    """The bench's own unlock agent folder (before the tmux server starts, so every pane
    has it), and the agent killed by its pid at the end."""
    import os
    import shutil
    import signal
    import tempfile

    from peertui.store.unlock_agent import DIR_ENV, PID_NAME

    folder = Path(tempfile.mkdtemp(prefix="ptb-"))
    os.environ[DIR_ENV] = str(folder)
    yield
    try:
        os.kill(int((folder / PID_NAME).read_text()), signal.SIGKILL)
    except (OSError, ValueError):
        pass
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def unlock_agent_dir() -> Path:
    """The suite's own per-test agent folder (tests/conftest.py) is not for the bench:
    every bench test uses the session's agent, which holds its encrypted stores' keys."""
    import os

    from peertui.store.unlock_agent import DIR_ENV

    return Path(os.environ[DIR_ENV])


@pytest.fixture(scope="session")
def encrypted_100k(histories: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
                   ) -> Path:
    """The 100k history, encrypted (a copy: the cached histories stay plain and read-only);
    its key is in the unlock agent."""
    from tests.bench.stores import encrypted_copy

    return encrypted_copy(histories["100k"], tmp_path_factory.mktemp("enc") / "store").root


@pytest.fixture(scope="session", autouse=True)
def _tmux_server(_unlock_agent: None) -> Iterator[None]:
    yield
    terminal.kill_server()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not results.SESSION.figures:
        return
    text = results.write_all()
    terminalreporter.write_sep("=", "peertui bench")
    terminalreporter.write_line(text)
    terminalreporter.write_line(f"Written: {results.RESULTS_PATH}")
