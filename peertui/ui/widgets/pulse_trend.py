"""A member's pulse over the meetings: one sparkline per life area, for their member view.

The sparkline is the roster's (services/roster.sparkline) on the fixed 1-to-10 scale, not
Textual's Sparkline, which stretches any two values to the full height: 6 then 5 would look
like a collapse.

Private like the pulse itself: it is shown on this screen, never exported.  Mount it with
the member's id; it reads the group's meetings when mounted (services/pulse.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from peertui.domain.models import DEFAULT_LIFE_AREAS
from peertui.services.pulse import member_trend
from peertui.services.roster import sparkline
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.safe import line

NO_PULSE = "No pulse yet: in the updates round, p: 7 8 6 in the note box rates the areas."


def trend_words(scores: Sequence[int]) -> str:
    """'4 → 6 (3 ratings)': the first and the latest, and how many there are."""
    if len(scores) == 1:
        return f"{scores[0]} (1 rating)"
    return f"{scores[0]} → {scores[-1]} ({len(scores)} ratings)"


class PulseTrend(Vertical, PeerNode):
    """`PulseTrend(member_id)`: the member's self-ratings per area, oldest to latest."""

    def __init__(self, member_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        yield Label(line(("Pulse", "bold"), "  (private: their own ratings, 1 to 10)"),
                    classes="pulse-title")
        yield Vertical(id="pulse-areas", classes="pulse-areas")

    def on_mount(self) -> None:
        group = self.group
        areas = list(group.life_areas) if group else list(DEFAULT_LIFE_AREAS)
        try:
            series = member_trend(self.store, group.id, self.member_id, areas) if group else {}
        except (StoreError, OSError) as problem:
            self.query_one("#pulse-areas").mount(Label(line(f"Cannot read the pulse: "
                                                            f"{problem}")))
            return
        self.show(series)

    def show(self, series: Mapping[str, Sequence[int]]) -> None:
        """One row per area rated: its name, a sparkline, and the words for it."""
        box = self.query_one("#pulse-areas", Vertical)
        box.remove_children()
        if not series:
            box.mount(Label(NO_PULSE, classes="hint"))
            return
        width = max(len(area) for area in series)
        box.mount_all(
            Horizontal(Label(area.ljust(width), classes="pulse-area"),
                       Label(sparkline(scores), classes="pulse-line"),
                       Label(trend_words(scores), classes="pulse-words"),
                       classes="pulse-row")
            for area, scores in series.items())
