"""Driving the app in Pilot tests the way a user would, with a fake clock."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from peertui.ui.app import PeerApp
from peertui.ui.screens.live import LiveScreen


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an input and type the text key by key, as a person would."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def submit_note(pilot: Pilot[None], text: str, kind: str = "note", **fields: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#kind", Select).value = kind
    await pilot.pause()
    for selector, value in fields.items():
        widget = screen.query_one(f"#{selector}")
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = value
    screen.query_one("#note-text", Input).value = text
    screen.query_one("#note-text", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


def live_screen(app: PeerApp) -> LiveScreen:
    screen = app.screen
    assert isinstance(screen, LiveScreen), f"expected the live meeting, got {screen!r}"
    return screen


def member_id(app: PeerApp, name: str) -> str:
    group = app.group()
    assert group is not None
    return next(m.id for m in group.members if m.name.startswith(name))
