"""What the command line says to people never drives their terminal.

Messages quote what they were given (a meeting id, a --store path, a member's name) and
click's own usage errors quote arguments too; an argument like $'\\e]0;owned\\a' would
retitle the terminal.  So while the CLI runs, standard error goes through a stream that
neutralises every control character (newlines and tabs kept), whoever writes the message.
Standard output is left exact (an export piped to a file must stay byte for byte what was
asked for, an ics keeps its CRLF): what it prints from the store is made safe where it is
decoded (store/codec.py), and arguments it echoes go through ``shown``.  A full-screen
app gets the real stream back while it runs (own_terminal): its crash report is coloured
by Rich, and what it draws of the store is safe already.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

from peertui.domain.text import neutral, printable


def shown(value: object) -> str:
    """An argument or a path echoed on one line, with no control character left."""
    return printable(str(value))


class SafeStream:
    """A text stream whose every write is neutralised; everything else is the real one's
    (encoding, isatty, fileno...), so click and print treat it as the terminal itself."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(neutral(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def safe_stderr() -> Iterator[None]:
    """Standard error neutralised for the duration (nested uses wrap once)."""
    real = sys.stderr
    if isinstance(real, SafeStream) or real is None:
        yield
        return
    guard = cast(TextIO, SafeStream(real))
    sys.stderr = guard
    try:
        yield
    finally:
        if sys.stderr is guard:
            sys.stderr = real


@contextmanager
def own_terminal() -> Iterator[None]:
    """The real standard error for the duration, for a Textual app that owns the terminal."""
    guard = sys.stderr
    if not isinstance(guard, SafeStream):
        yield
        return
    sys.stderr = guard.stream
    try:
        yield
    finally:
        sys.stderr = cast(TextIO, guard)
