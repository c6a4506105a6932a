"""Command palette entries: the current screen's action table (screen_actions.py), then
the app's own (what works from every screen: review, search, export, the keys list).

Each entry shows its palette title, its help and the key its binding has, in the app's own
key display (as the footer shows it).  An action the screen would refuse right now is left
out: its check_action decides, so a note-taker's palette has no timer actions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from peertui.ui.screen_actions import ScreenAction
from peertui.web.sessions import SESSION_ENV


@dataclass(frozen=True)
class PaletteEntry:
    title: str
    action: str | Callable[[], object]  # a screen's action string, or what to call
    help: str


def key_hint(app: App[Any], entry: ScreenAction) -> str:
    """The entry's keys as the footer shows them ("f2", "^z", "d/del"); "" for none."""
    binding = entry.binding()
    if binding is None:
        return ""
    return "/".join(app.get_key_display(one) for one in Binding.make_bindings([binding]))


def allowed(screen: Screen[Any], entry: ScreenAction) -> bool:
    """Whether the screen (or the app, for "app." actions) would run the action now."""
    target = screen.app if entry.namespace == "app" else screen
    return target.check_action(entry.name, entry.parameters) is True


def palette_entries(screen: Screen[Any]) -> list[PaletteEntry]:
    """What the palette offers on *screen*, in the order of its table."""
    return _entries(screen, getattr(screen, "ACTIONS", ()))


def app_entries(screen: Screen[Any]) -> list[PaletteEntry]:
    """What the app offers from every screen (review, search, export, keys), less what
    the screen itself already offers under the same name."""
    own = {entry.title for entry in palette_entries(screen)}
    return [entry for entry in _entries(screen, getattr(screen.app, "ACTIONS", ()))
            if entry.title not in own]


def machine_entries(screen: Screen[Any]) -> list[PaletteEntry]:
    """"Change my name on this machine", from every screen of a terminal (a browser is named
    by its session instead: peertui serve asks)."""
    if os.environ.get(SESSION_ENV):
        return []
    # here, not at the top: the dialog's modules import the app, which imports this one
    from peertui.ui.screens.who_is_here import CHANGE_TITLE, change_my_name

    return [PaletteEntry(CHANGE_TITLE, partial(change_my_name, screen.app),
                         "Who the other screens say drives the clock from here")]


def _entries(screen: Screen[Any], table: Sequence[ScreenAction]) -> list[PaletteEntry]:
    entries = []
    for entry in table:
        if not entry.in_palette or not allowed(screen, entry):
            continue
        hint = key_hint(screen.app, entry)
        help_text = f"{hint}: {entry.help}" if hint and entry.help else hint or entry.help
        entries.append(PaletteEntry(entry.palette_name, entry.action, help_text))
    return entries


class MeetingCommands(Provider):
    """Offers the actions the current screen declares, so every main action is searchable."""

    def _all(self) -> list[PaletteEntry]:
        return (palette_entries(self.screen) + app_entries(self.screen)
                + machine_entries(self.screen))

    def _run(self, entry: PaletteEntry) -> Callable[[], object]:
        action = entry.action
        return partial(self.screen.run_action, action) if isinstance(action, str) else action

    async def discover(self) -> Hits:
        for entry in self._all():
            yield DiscoveryHit(entry.title, self._run(entry), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._all():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.title), self._run(entry),
                          help=entry.help)
