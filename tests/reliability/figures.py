"""The suite's measurements, in one module every test and the conftest import by one name."""

from __future__ import annotations

from typing import Any

FIGURES: dict[str, Any] = {}


def add(key: str, amount: int = 1) -> None:
    """Count something the suite tried (examples, sizes, inputs)."""
    FIGURES[key] = int(FIGURES.get(key, 0)) + amount
