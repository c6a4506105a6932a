"""The reliability suite keeps score: what it tried, and that nothing was lost.

These hooks are imported by tests/conftest.py, not kept in tests/reliability/conftest.py: an
xdist controller loads only the conftests of the paths it was given, so a sub-folder's hooks
never saw the reports and the summary line was missing from `make test`.

Tests add their measurements to one session-wide dict (``figures.py``, or the ``figures``
fixture); at the end of the run they go to ``reliability-results.json`` at the repo root and
into a one-line summary, which is where the README's Reliability figures come from.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.figures import FIGURES

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "reliability-results.json"

_OUTCOMES: dict[str, str] = {}
_SECONDS = [0.0]  # setup + call + teardown of this suite's tests only


def _ours(nodeid: str) -> bool:
    return nodeid.replace("\\", "/").startswith("tests/reliability/")


_SENT: dict[str, Any] = {}  # in an xdist worker: the figures already passed on


def _worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


_IN_WORKER = [False]


def pytest_configure(config: pytest.Config) -> None:
    _IN_WORKER[0] = _worker(config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under xdist each worker has its own FIGURES: what a test added rides on its teardown
    report to the controller, which sums them (pytest_runtest_logreport)."""
    outcome = yield
    if call.when != "teardown" or not _worker(item.config) or not _ours(item.nodeid):
        return
    report = outcome.get_result()
    delta = {key: (value - _SENT.get(key, 0)
                   if isinstance(value, int) and isinstance(_SENT.get(key, 0), int) else value)
             for key, value in FIGURES.items() if _SENT.get(key) != value}
    _SENT.clear()
    _SENT.update(FIGURES)
    if delta:
        report.user_properties.append(("reliability_figures", delta))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _ours(report.nodeid):
        return
    for name, delta in report.user_properties:
        if name == "reliability_figures" and isinstance(delta, dict) and not _IN_WORKER[0]:
            for key, value in delta.items():
                old = FIGURES.get(key, 0)
                FIGURES[key] = old + value if isinstance(value, int) and \
                    isinstance(old, int) else value
    _SECONDS[0] += report.duration
    if report.when == "call" or report.outcome != "passed":
        previous = _OUTCOMES.get(report.nodeid)
        if previous != "failed":
            _OUTCOMES[report.nodeid] = report.outcome


def _summary_line() -> str:
    f = FIGURES
    parts = []
    if "kills" in f:
        parts.append(f"{f['kills']} SIGKILLs survived, {f.get('notes_confirmed', 0)} notes "
                     f"shown as saved, {f.get('notes_lost', 0)} lost")
    if "stress_processes" in f:
        parts.append(f"{f['stress_processes']} processes x {f['stress_writes_each']} writes: "
                     f"{f.get('stress_found', 0)}/{f.get('stress_expected', 0)} found")
    if "hypothesis_examples" in f:
        parts.append(f"{f['hypothesis_examples']} generated inputs")
    if "pilot_inputs_tried" in f:
        parts.append(f"{f['pilot_inputs_tried']} typed/pasted inputs in forms")
    if "sizes_tried" in f:
        parts.append(f"{f['sizes_tried']} terminal sizes")
    if "unusable_stores" in f:
        parts.append(f"{f['unusable_stores']} unusable stores refused")
    failed = sum(1 for o in _OUTCOMES.values() if o == "failed")
    verdict = "nothing lost" if not failed and not f.get("notes_lost") else f"{failed} FAILED"
    ran = len(_OUTCOMES)
    return f"reliability ({ran} tests): " + "; ".join(parts or ["no figures"]) + f" — {verdict}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _worker(session.config):
        return  # the controller writes the whole run's results
    if not _OUTCOMES:
        return  # the suite did not run (e.g. -k elsewhere): keep the last results
    data = {
        **FIGURES,
        "tests_passed": sum(1 for o in _OUTCOMES.values() if o == "passed"),
        "tests_failed": sum(1 for o in _OUTCOMES.values() if o == "failed"),
        "tests_skipped": sum(1 for o in _OUTCOMES.values() if o == "skipped"),
        "seconds": round(_SECONDS[0], 1),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _OUTCOMES:
        terminalreporter.write_line(_summary_line())
