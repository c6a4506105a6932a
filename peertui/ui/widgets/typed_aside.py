"""A letter typed at a table is words, not a command.

The live screen's tables (the feed, the follow-ups items) sit beside the note box; a
note-taker who starts a sentence while one of them has the focus means the note box.  The
tables use no printable key themselves (their keys are ctrl+ keys and Enter, issue 13), and
pass each printable key up in TypedAside; a screen with a text box (the live screen) moves
the focus there and types it.  Elsewhere nobody listens and the key does nothing.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widget import Widget


class TypedAside(Message):
    """A printable key typed while a table had the focus: `character` is what was typed."""

    def __init__(self, character: str) -> None:
        super().__init__()
        self.character = character


def pass_typing_up(widget: Widget, event: events.Key) -> None:
    """Call from a table's on_key: a printable key becomes a TypedAside, nothing else.
    A key the screen or the app binds ("?" for the keys list, a review screen's letters)
    is left to that binding: they are checked after the focused widget has seen the key."""
    if not (event.is_printable and event.character):
        return
    bound = widget.screen.active_bindings.get(event.key)
    if bound is None or not bound.enabled:
        event.stop()
        event.prevent_default()
        widget.post_message(TypedAside(event.character))
