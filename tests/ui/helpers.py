"""Driving the app in Pilot tests the way a user would, with a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from peertui.ui.app import PeerApp
from peertui.ui.screens.live.screen import LiveScreen
from peertui.ui.screens.live.ticker import minutes_shown, seconds_shown

WAIT_S = 10.0  # the live screen ticks each second; this leaves room for a busy machine


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
        if isinstance(widget, (Select, Input)):
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
    group = app.group
    assert group is not None
    return next(m.id for m in group.members if m.name.startswith(name))


async def wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = WAIT_S,
                     what: str = "") -> None:
    """Let the app run, its own timers firing, until *check* holds."""
    deadline = monotonic() + timeout
    while not check():
        if monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {timeout} s{': ' + what if what else ''}")
        await pilot.pause(0.05)


async def clock_shown(pilot: Pilot[Any]) -> LiveScreen:
    """After the fake clock moved: wait for the live screen's own ticker (one beat a second)
    to show the clock as it stands now, in the countdown and in the minute panes."""
    screen = live_screen(pilot.app)  # type: ignore[arg-type]

    def caught_up() -> bool:
        now = screen.live.state()
        return (screen.state is not None and screen.minute_state is not None
                and seconds_shown(screen.state) == seconds_shown(now)
                and minutes_shown(screen.minute_state) == minutes_shown(now))

    await wait_until(pilot, caught_up, what="the live screen showing the clock as it is now")
    await pilot.pause()
    return screen


def notifications(app: PeerApp) -> list[str]:
    """Every message the app shows from now on, as it tells the user."""
    said: list[str] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        said.append(str(message))
        show(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return said
