"""User text on screen without markup: a name like '[/]' must never crash a widget.

Textual parses markup in plain strings given to Static, Label and DataTable cells, so
anything a user typed goes through these helpers instead of an f-string.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

Part = str | tuple[str, str]


def plain(text: object) -> Text:
    """A DataTable cell that shows exactly what was typed."""
    return Text(str(text), end="")


def line(*parts: Part | Content) -> Content:
    """Join plain strings and (text, style) pairs; none of them is read as markup."""
    return Content.assemble(*parts)


def bold(text: str) -> tuple[str, str]:
    return (text, "bold")
