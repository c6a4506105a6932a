"""The line above the live meeting: meeting clock, planned end, projected end, pace."""

from __future__ import annotations

from datetime import datetime

from textual.reactive import reactive
from textual.widgets import Static

from peertui.domain.clock import ClockState, format_clock


def local_hhmm(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%H:%M") if ts is not None else "--:--"


def pace_text(state: ClockState) -> str:
    behind = state.behind_by
    if state.started_at is None:
        return ""
    if abs(behind) < 30:
        return "[$success]on time[/]"
    if behind > 0:
        return f"[$error]behind by {format_clock(behind)}[/]"
    return f"[$success]ahead by {format_clock(-behind)}[/]"


class MeetingBar(Static):
    state: reactive[ClockState | None] = reactive(None, layout=False, repaint=False)

    def render_state(self, state: ClockState) -> str:
        if state.status == "setup":
            planned = format_clock(state.planned_total)
            return f"Not started · planned length {planned} · press [b]F2[/b] to start the clock"
        status = {"running": "", "paused": " · [b $warning]PAUSED[/]",
                  "ended": " · [b]ENDED[/]"}[state.status]
        return (f"Meeting [b]{format_clock(state.meeting_elapsed)}[/b]"
                f" · planned end [b]{local_hhmm(state.planned_end)}[/b]"
                f" · projected end [b]{local_hhmm(state.projected_end)}[/b]"
                f" · {pace_text(state)}{status}")

    _shown = ""

    def watch_state(self, state: ClockState | None) -> None:
        if state is None:
            return
        text = self.render_state(state)
        if text == self._shown:
            return
        # Once a second only digits change: same length, same size, so skip the relayout
        # of the whole screen (that is most of the live screen's idle CPU).
        self.update(text, layout=len(text) != len(self._shown))
        self._shown = text
