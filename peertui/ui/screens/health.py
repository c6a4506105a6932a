"""The group's health over its last meetings: rating, say/do and share of experience.

Three trends side by side, as small charts, and the figures under them by meeting: a chair
sees at a glance whether the meetings are worth the members' evening.  Opened from home (h)
or the palette.  The say/do figures come from the commitment ledger, passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Label, Static

from peertui.services.health import HealthPoint, health_points, say_do_at, set_advice_nudge
from peertui.services.voice import RECENT, recent_meetings
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.safe import bold, line
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.trend_chart import TrendChart


@dataclass(frozen=True)
class Trend:
    """One of the three charts: its id, title, how a value reads, its figure and scale."""

    key: str
    title: str
    show: Callable[[float], str]
    value: Callable[[HealthPoint], float | None]
    low: float = 0.0
    high: float = 1.0
    ends: tuple[str, str] = ("100%", "0%")  # how the top and foot of the scale read


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


TRENDS = (
    Trend("rating", "Meeting rating", lambda v: f"{v:.1f}/10", lambda p: p.rating, 1, 10,
          ("10", "1")),
    Trend("say-do", "Say/do (commitments done)", _percent, lambda p: p.say_do),
    Trend("experience", "Share of experience", _percent, lambda p: p.experience),
)


def trend_words(trend: Trend, points: Sequence[HealthPoint]) -> str:
    """'Meeting rating: 8.2/10 last, from 7.1/10 (4 meetings)', or why there is none."""
    values = [v for p in points if (v := trend.value(p)) is not None]
    if not values:
        return f"{trend.title}: none yet"
    count = f"{len(values)} meeting" + ("" if len(values) == 1 else "s")
    if len(values) == 1:
        return f"{trend.title}: {trend.show(values[0])} ({count})"
    return (f"{trend.title}: {trend.show(values[-1])} last, from {trend.show(values[0])} "
            f"({count})")


class HealthScreen(PeerScreen[None]):
    """The group's health; n turns the advice nudge at capture on or off."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("health-nudge", "n", "toggle_nudge", "Advice nudge",
                     palette_title="Turn the 'you should' nudge at capture on or off",
                     help="a gentle line under the note box; it never blocks saving"),
        ScreenAction("health-back", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.points: list[HealthPoint] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="health"):
            yield Static(id="health-title")
            for trend in TRENDS:
                with Vertical(classes="health-trend"):
                    yield Label("", id=f"health-{trend.key}-words")
                    yield TrendChart(id=f"health-{trend.key}")
            yield DataTable(id="health-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="health-nudge", classes="hint")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Date", "Rating", "Say/do", "Experience")
        self.refresh_view()
        self.query_one(DataTable).focus(scroll_visible=False)  # the charts stay in view on top

    def refresh_view(self) -> None:
        group = self.require_group()
        self.sub_title = f"{group.name} · health"
        docs = recent_meetings(self.store, group.id, RECENT)
        self.points = points = health_points(docs, say_do_at(self.store, group.id, docs))
        held = f"the last {len(points)} meetings" if len(points) > 1 else \
            "the last meeting" if points else "no ended meeting yet"
        self.query_one("#health-title", Static).update(
            line(bold("The group's health"), f" over {held}"))
        for trend in TRENDS:
            values = [trend.value(p) for p in points]
            chart = self.query_one(f"#health-{trend.key}", TrendChart)
            chart.show(values, trend.low, trend.high, trend.ends)
            chart.display = any(v is not None for v in values)
            self.query_one(f"#health-{trend.key}-words", Label).update(
                Content(trend_words(trend, points)))
        table = self.query_one(DataTable)
        table.clear()
        for point in reversed(points):  # newest first, as the review lists meetings
            table.add_row(point.date, *(
                trend.show(value) if (value := trend.value(point)) is not None else "—"
                for trend in TRENDS), key=point.meeting_id)
        state = "on" if group.advice_nudge else "off"
        self.query_one("#health-nudge", Label).update(Content(
            f"Advice nudge at capture is {state}: n turns it "
            f"{'off' if group.advice_nudge else 'on'}."))

    def action_toggle_nudge(self) -> None:
        group = self.require_group()
        wanted = not group.advice_nudge
        try:
            set_advice_nudge(self.store, group.id, wanted)
        except (ValueError, StoreError, OSError) as problem:
            self.notify(f"Not saved: {problem}", severity="error", markup=False)
            return
        self.peer.reload_group()
        self.refresh_view()
        self.notify("The advice nudge is on: a recommendation starting 'you should' gets a "
                    "gentle line under the note box." if wanted else
                    "The advice nudge is off.")
