"""Changing a widget's words without laying the whole screen out again.

Textual's Static.update lays the screen out after every change, in case the widget's size
moved.  On the live screen that is most of what a clock key costs (a few tens of ms each
time, tests/bench bar 7: driver key to every screen), though a new speaker's name seldom
changes any widget's size.  Here the words are repainted in place, and the screen laid out
only when the widget's width follows its words or its height must change.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Select, Static
from textual.widgets._select import SelectCurrent


def same_words(shown: VisualType, new: VisualType) -> bool:
    """Whether *new* would show exactly what is shown (words and their styles)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.plain == new.plain and shown.spans == new.spans  # == is words only
    return isinstance(shown, str) and isinstance(new, str) and shown == new


def update_steady(widget: Static, content: VisualType) -> None:
    """Static.update, laying out only when the widget's size must follow the new words, and
    not even repainting when they are the words already shown (the projector sets every
    line at each second, though most change once a minute or once a speaker)."""
    if widget.is_mounted and same_words(widget.content, content):
        return
    size = widget.content_size
    Static.update(widget, content, layout=False)  # the class's own: see steady_select
    if not widget.display or not widget.is_mounted:
        return  # laid out when it shows
    styles = widget.styles
    if styles.width is None or styles.width.is_auto:
        widget.refresh(layout=True)  # its width follows the words
        return
    if not size.width:
        return  # not on screen (a hidden row of a form): laid out when it shows
    if styles.height is not None and not styles.height.is_auto:
        return  # a fixed height: the words wrap or cut inside it
    needed = widget.get_content_height(size, widget.app.size, size.width)
    if needed != size.height:
        widget.refresh(layout=True)


def steady_select(select: Select[Any]) -> None:
    """A Select of fixed width whose value changes only repaint its label (the note form's
    owner follows the speaker at every F4)."""
    label = select.query_one(SelectCurrent).query_one("#label", Static)
    setattr(label, "update", partial(_update_label, label))  # noqa: B010 - one instance


def _update_label(label: Static, content: VisualType = "", *, layout: bool = True) -> None:
    update_steady(label, content)
