"""Cleaning text, so nothing typed, pasted or stored can garble a screen or a file.

What people type is cleaned before it is kept (clean_text: escape sequences dropped).  What
is read back from a file (hand-edited, imported, written by an older version) is
neutralised instead: each control character becomes U+FFFD one for one (neutral), so the
text keeps its length and shows where something was.
"""

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


REPLACEMENT = "\ufffd"
#: C0 controls, DEL and C1 controls (U+0080-U+009F: U+009B alone starts a CSI on some
#: terminals): nothing a terminal should be sent as text.
CONTROL_CODES = (*range(32), 127, *range(128, 160))
_NEUTRAL = dict.fromkeys(CONTROL_CODES, REPLACEMENT)
_NEUTRAL.update({ord("\t"): "\t", ord("\n"): "\n", ord("\r"): " "})
_ONE_LINE = {**_NEUTRAL, ord("\t"): " ", ord("\n"): " "}


def neutral(text: str) -> str:
    """Stored text made safe to draw, keeping its lines: every control character but a
    newline or a tab becomes U+FFFD (a carriage return a space), one for one."""
    return text.translate(_NEUTRAL)


def printable(text: str) -> str:
    """The text on one line: like neutral, and newlines and tabs become spaces too.  One for
    one, so marked offsets (the matched words of a search) stay where they were."""
    return text.translate(_ONE_LINE)


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: wide characters (CJK, most emoji such as the
    private mark) take two, combining marks none; for tables aligned without a UI library."""
    return sum(0 if unicodedata.combining(ch)
               else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
               for ch in text)
