"""Cleaning what people type or paste, so no input can garble a screen or a file."""

from __future__ import annotations

import re
import unicodedata

MAX_ITEM_CHARS = 20_000
MAX_NAME_CHARS = 80
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.")


def clean_text(text: str) -> str:
    """Drop terminal escape sequences and control characters; keep newlines and tabs."""
    text = _ESCAPES.sub("", text)
    return "".join(
        ch for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


def clean_item_text(text: str) -> str:
    """An item's text, or ValueError with a message to show beside the input."""
    cleaned = clean_text(text)
    if not cleaned:
        raise ValueError("Type something first.")
    if len(cleaned) > MAX_ITEM_CHARS:
        raise ValueError(
            f"That is {len(cleaned):,} characters; an item holds at most {MAX_ITEM_CHARS:,}. "
            "Split it into several items."
        )
    return cleaned


def clean_name(text: str, what: str = "name") -> str:
    cleaned = " ".join(clean_text(text).split())
    if not cleaned:
        raise ValueError(f"The {what} cannot be empty.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise ValueError(f"Keep the {what} under {MAX_NAME_CHARS} characters.")
    return cleaned
