"""One line above a list of meetings or items naming the meeting files that cannot be read.

A damaged meeting file (cut short by a crash, mangled by a sync tool or a hand edit) never
hides the rest of the group's history: the store lists every meeting it can read and
reports the others (Store.unreadable).  The past meetings, search and action items say so
where the user is looking, naming each file, and that it was left as found.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.content import Content
from textual.widgets import Label

from peertui.domain.text import printable
from peertui.store import Store, StoreError


def unreadable_meetings(store: Store, *more: Iterable[StoreError]) -> list[StoreError]:
    """The meeting files the store's last listing could not read, with any *more* (the
    search index's: a file can fail to read after its summary was listed), one per file."""
    found: dict[Path, StoreError] = {}
    for errors in (store.unreadable(), *more):
        for error in errors:
            found.setdefault(error.path, error)
    return sorted(found.values(), key=lambda error: str(error.path))


def _shown(path: Path, root: Path) -> str:
    """meetings/<id>.json: the file as it sits in the store folder."""
    try:
        return printable(str(path.relative_to(root)))
    except ValueError:
        return printable(str(path))


def damaged_text(errors: list[StoreError], root: Path) -> str:
    """'⚠ Left as found, not shown: meetings/x.json cannot be read (it is not valid JSON).'
    The file names come first: on a narrow screen the line is cut at its end."""
    if not errors:
        return ""
    if len(errors) == 1:
        error = errors[0]
        return (f"⚠ Left as found, not shown: {_shown(error.path, root)} cannot be read "
                f"({error.problem}).")
    files = ", ".join(_shown(error.path, root) for error in errors)
    return f"⚠ Left as found, not shown: {len(errors)} meeting files cannot be read: {files}."


class DamagedLine(Label):
    """Hidden while every meeting file reads; else the one line of damaged_text, and each
    file's whole message (what is wrong, what to do) as its tooltip."""


    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.text = ""

    def show_errors(self, errors: list[StoreError], root: Path) -> None:
        self.text = damaged_text(errors, root)
        self.update(Content(self.text))
        self.tooltip = "\n".join(str(error) for error in errors) or None
        self.set_class(bool(self.text), "-shown")
