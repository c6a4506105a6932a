"""Shared fixtures: a temporary store per test, a fake clock, UTC, fixed dates."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from peertui.store import Store
from tests.fakes import FakeTime
from tests.reliability.scoring import (  # the reliability suite's score, kept for the whole run
    pytest_configure,
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

__all__ = ["pytest_configure", "pytest_runtest_logreport", "pytest_runtest_makereport",
           "pytest_sessionfinish", "pytest_terminal_summary"]

os.environ["TZ"] = "UTC"
time.tzset()

TODAY = date(2026, 11, 27)
MEETING_START = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_real_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never touch the user's real store, whatever a test forgets to pass."""
    monkeypatch.setenv("PEERTUI_STORE", str(tmp_path / "default-store"))
    yield


@pytest.fixture(autouse=True)
def machine_config(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real settings: this machine's config folder is the test's own,
    with the name question already answered (skipped), so no live screen stops to ask.  A
    test of the question itself removes the file (see tests/ui/test_machine_name.py)."""
    from peertui.services.machine import CONFIG_ENV, save_machine_name

    folder = tmp_path_factory.mktemp("config")  # beside tmp_path: tests that own it whole
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    save_machine_name("")
    return folder


@pytest.fixture(autouse=True)
def unlock_agent_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Never talk to the user's own unlock agent, and never leave one running: each test
    has its own agent folder (short: a socket path has a length limit), and the agent a
    test started is killed by its pid after it.  The passphrase's scrypt is made cheap
    (2^10) for the stores tests encrypt; unlocking reads the factor from the store."""
    import signal
    import tempfile

    from peertui.store import keywrap, unlock_agent

    folder = Path(tempfile.mkdtemp(prefix="pta-"))
    monkeypatch.setenv(unlock_agent.DIR_ENV, str(folder))
    monkeypatch.setattr(keywrap, "WORK_FACTOR", 10)
    yield folder
    try:
        pid = int((folder / unlock_agent.PID_NAME).read_text())
    except (OSError, ValueError):
        pid = 0
    if pid > 0:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "store")


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime(MEETING_START)
