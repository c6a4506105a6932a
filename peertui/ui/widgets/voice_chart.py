"""Share of voice as pictures: a meeting's bars per member, a member's trend over meetings.

A bar reads faster than a column of m:ss: who held the floor, who barely spoke.  Each bar
is split by part (update, recommendation, presentation) in the theme's colours, and scaled
to the longest speaker so the bars use the width there is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from peertui.domain.clock import format_clock
from peertui.domain.roster import counted
from peertui.domain.voice import QUIET_MEETINGS, MeetingVoice, MemberVoice
from peertui.services.voice import VoiceLine, group_voices, recent_meetings, voice_lines
from peertui.ui.base import PeerNode
from peertui.ui.safe import Part, bold, line
from peertui.ui.widgets.trend_chart import TrendChart

#: The parts of a bar: attribute, legend word, fill character and style.
PARTS = (("update", "update", "█", "$primary"),
         ("recommendation", "recommendations", "█", "$accent"),
         ("presentation", "presentation", "█", "$warning"))
NAME_WIDTH = 16
MIN_BAR = 10


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(100 * share)}%"


def _bar(member: MemberVoice, longest: float, width: int) -> list[Part]:
    """The member's seconds as a bar of *width* cells at most, one colour per part."""
    parts: list[Part] = []
    used = 0
    for attribute, _word, fill, style in PARTS:
        seconds: float = getattr(member, attribute)
        cells = round(seconds / longest * width) if longest > 0 else 0
        cells = min(cells, width - used)
        if cells:
            parts.append((fill * cells, style))
            used += cells
    parts.append(" " * (width - used))
    return parts


def voice_bars(voice: MeetingVoice, names: Mapping[str, str], width: int = 80) -> Content:
    """Every present member's bar, time, share of the speaking time and what is counted of
    them, fitted to *width* cells."""
    if not voice.members:
        return line(("Nobody was marked present at this meeting.", "dim"))
    if voice.spoken <= 0:
        return line(("The clock never ran a member's timebox: no share of voice to show.",
                     "dim"))
    column = min(NAME_WIDTH, max(cell_len(names.get(m.member_id, "?"))
                                 for m in voice.members))
    tail = 37  # "   12:34  18%  2 recs · 5 items  quiet"
    bar_width = max(MIN_BAR, width - column - tail - 2)
    longest = max(m.seconds for m in voice.members)
    parts: list[Part] = [bold("Share of voice"), ("  from the clock, pauses left out", "dim"),
                         "\n"]
    for _attribute, word, fill, style in PARTS:
        parts += [(fill, style), f" {word}  "]
    for member in voice.members:
        name = names.get(member.member_id, "?")
        shown = name if cell_len(name) <= column else name[:column - 1] + "…"
        recs = counted(member.recommendations_given, "rec")
        quiet = voice.quiet(member.member_id)
        share = _percent(voice.share(member.member_id))
        parts += ["\n", shown, " " * (column - cell_len(shown)), " ",
                  *_bar(member, longest, bar_width),
                  f" {format_clock(member.seconds):>7} {share:>4}",
                  (f"  {recs} · {counted(member.items_attributed, 'item')}", "dim")]
        if quiet:
            parts.append(("  quiet", "$warning"))
    return line(*parts)


class VoiceChart(Static):
    """A meeting's share of voice as bars; show() it a MeetingVoice, it fits its width."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[MeetingVoice, Mapping[str, str]] | None = None

    def show(self, voice: MeetingVoice, names: Mapping[str, str]) -> None:
        self._shown = (voice, names)
        self._paint()

    def _paint(self) -> None:
        if self._shown is not None:
            voice, names = self._shown
            self.update(voice_bars(voice, names, self.size.width or 80))

    def on_resize(self, _event: events.Resize) -> None:
        self._paint()


def trend_text(trend: VoiceLine) -> str:
    """'last 12% of the speaking time', with the quiet mark when it applies."""
    words = f"last {_percent(trend.last)} of the speaking time" if trend.last is not None \
        else "not at the recent meetings"
    return words + (f" · quiet {QUIET_MEETINGS} meetings running" if trend.quiet else "")


#: The top of the member's share-of-voice chart: half of the meeting's speaking time.
VOICE_TOP = 0.5


class MemberVoiceTrend(Vertical, PeerNode):
    """One member's share of voice over the group's recent meetings: a chart and a
    line.  Reads the store itself, so any screen shows it with one line:
    ``yield MemberVoiceTrend(member_id)``."""

    def __init__(self, member_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="member-voice")
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        yield Label("Share of voice, recent meetings", classes="section")
        yield TrendChart(id="member-voice-spark")
        yield Label("", id="member-voice-line")

    def on_mount(self) -> None:
        group = self.group
        if group is None:
            return
        voices = group_voices(recent_meetings(self.store, group.id))
        self.set_trend(voice_lines(voices, [self.member_id])[self.member_id])

    def set_trend(self, trend: VoiceLine) -> None:
        chart = self.query_one("#member-voice-spark", TrendChart)
        values = trend.trend
        # a fixed scale (Sparkline stretched 10% and 12% to empty and full): half the room's
        # time is the top, more than any one member speaks in a good meeting
        chart.show([min(v, VOICE_TOP) if v is not None else None for v in values], 0.0,
                   VOICE_TOP, (_percent(VOICE_TOP), "0%"), rows=2)
        chart.display = sum(1 for v in values if v is not None) > 1
        self.query_one("#member-voice-line", Label).update(Content(trend_text(trend)))


def spark_cell(trend: VoiceLine) -> str:
    """The roster's Voice cell: a one-line spark of the shares, ▁ for an absent meeting,
    scaled to the member's own highest share."""
    bars = "▁▂▃▄▅▆▇█"
    shares: Sequence[float | None] = trend.trend
    high = max((s for s in shares if s is not None), default=0.0)
    if high <= 0:
        return "—"
    return "".join(bars[min(7, round((s or 0.0) / high * 7))] for s in shares)
