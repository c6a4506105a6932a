"""The reliability suite's fixture; its scoring hooks live in scoring.py (see there why)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.reliability.figures import FIGURES


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, Any]]:
    """The session's measurements; a test writes what it measured here."""
    yield FIGURES
