"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's Footer lays every key in a row and lets the ones past the edge fall off, so at 70
columns the live screen lost F8 (End) and F9 (Notes).  This one chooses whole keys by the
screen's priority, tries shorter descriptions before dropping any, and shows the palette key
only if room is left; what it keeps stays in the screen's order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_CELLS = 13  # "▏^p palette " and a margin: the palette key docked on the right


@dataclass(frozen=True)
class Key:
    """One key the footer may show."""

    binding: Binding
    enabled: bool
    tooltip: str
    display: str  # the key as the app writes it ("f2", "^r")

    @property
    def id(self) -> str:
        return self.binding.id or self.binding.action


def key_cells(display: str, description: str) -> int:
    """Cells a compact footer key takes: the key, a space, the description, a margin."""
    return cell_len(display) + 1 + cell_len(description) + 1


def choose(keys: Sequence[Key], width: int, priority: Sequence[str],
           short: Mapping[str, str]) -> tuple[list[tuple[Key, str]], bool]:
    """The keys (with the description to show) that fit in *width* cells, and whether the
    palette key fits too.  Keys named in *priority* are kept first, in that order; if they
    do not all fit with their full descriptions, the short ones are used."""
    rank = {key_id: n for n, key_id in enumerate(priority)}
    ordered = sorted(range(len(keys)), key=lambda n: rank.get(keys[n].id, len(rank) + n))
    must = [n for n in ordered if keys[n].id in rank]

    def fill(use_short: bool) -> tuple[list[int], dict[int, str], int]:
        chosen: list[int] = []
        labels: dict[int, str] = {}
        used = 0
        for n in ordered:
            key = keys[n]
            label = short.get(key.id, key.binding.description) if use_short \
                else key.binding.description
            cells = key_cells(key.display, label)
            if used + cells <= width:
                chosen.append(n)
                labels[n] = label
                used += cells
        return chosen, labels, used

    chosen, labels, used = fill(use_short=False)
    if not set(must) <= set(chosen):
        chosen, labels, used = fill(use_short=True)
    shown = [(keys[n], labels[n]) for n in sorted(chosen)]
    return shown, used + PALETTE_CELLS <= width


class FittedFooter(Footer):
    """The screen's keys, as many whole ones as fit, the most important first."""

    def __init__(self, priority: Sequence[str] = (), short: Mapping[str, str] | None = None,
                 *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.priority = tuple(priority)
        self.short = dict(short or {})
        self._chosen: tuple[object, ...] = ()

    def _keys(self) -> list[Key]:
        keys: list[Key] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)  # one key per action, as Footer does
            keys.append(Key(binding, enabled, tooltip, self.app.get_key_display(binding)))
        return keys

    def _fit(self) -> tuple[list[tuple[Key, str]], bool]:
        width = self.size.width or self.app.size.width
        return choose(self._keys(), width, self.priority, self.short)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown, palette = self._fit()
        self._chosen = self._shape(shown, palette)
        for key, label in shown:
            yield FooterKey(key.binding.key, key.display, label, key.binding.action,
                            disabled=not key.enabled, tooltip=key.tooltip
                            ).data_bind(compact=Footer.compact)
        if palette and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                yield FooterKey(binding.key, self.app.get_key_display(binding),
                                binding.description, binding.action,
                                classes="-command-palette", disabled=not enabled,
                                tooltip=binding.tooltip or binding.description)

    @staticmethod
    def _shape(shown: list[tuple[Key, str]], palette: bool) -> tuple[object, ...]:
        return (*((key.id, label, key.enabled) for key, label in shown), palette)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys only when what they show has changed.  Footer rebuilds them at
        every change of focus or of any binding's state, and each rebuild lays the screen
        out: 30 ms at the first letter of every note and again at its Enter (bench bar 7)."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shown, palette = self._fit()
        if self._shape(shown, palette) != self._chosen:
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        """Choose again for the new width; recompose only if the choice changed."""
        if not self._bindings_ready:
            return
        shown, palette = self._fit()
        if self._shape(shown, palette) != self._chosen:
            self.call_after_refresh(self.recompose)
