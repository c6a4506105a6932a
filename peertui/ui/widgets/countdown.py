"""The big countdown: segment, who speaks now and next, and overtime in words."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, Static

from peertui.domain.clock import (
    ClockState,
    SlotState,
    countdown_text,
    format_clock,
    format_minutes,
)
from peertui.domain.worksheet import answered
from peertui.ui.safe import Part, bold, line
from peertui.ui.widgets.scaling_digits import ScalingDigits
from peertui.ui.widgets.steady import update_steady

_NEVER = object()  # no key shown yet


def digits_text(slot: SlotState) -> str:
    text = countdown_text(slot)
    return text.replace("OVER ", "")


#: Rows the live screen needs besides the clock at its fullest (the follow-ups): bars, the
#: lines of this pane, the follow-ups panel, the feed's first rows, the note box.  A bigger
#: clock only takes rows beyond these, so at 120x36 it stays three rows high.
ROWS_BESIDE_CLOCK = 33
#: How many worksheet answers fit under the clock on a narrow screen (the rest are on the
#: wide screen's now panel and the projector).
FIRST_QUESTIONS = 3


class CountdownPane(Vertical):
    # always_update: a new state each second; comparing it deeply costs more than the watcher,
    # which repaints only what changed anyway
    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, topic: str = "", framing: dict[str, str] | None = None, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.topic = topic
        self._last: dict[str, object] = {}  # selector -> the key of what it shows
        self.framing = framing or {}
        self._look: tuple[bool, bool, bool] | None = None  # overtime, warning, paused
        self._digits = ScalingDigits("0:00", reserve=ROWS_BESIDE_CLOCK, id="big-clock")

    @staticmethod
    def _deep_dive_left(state: ClockState) -> str:
        left_s = state.segment_remaining("deepdive")
        # Rounded up, as a countdown reads: the last minute shows "1 min", then "time is up".
        left = f"{format_minutes(left_s + 59.999)} left" if left_s > 0 else "time is up"
        return f"Deep dive hour: {left}"

    def _framing_lines(self) -> Content:
        """During the deep dive the room sees the challenge as the presenter framed it (here
        on a narrow screen; a wide one has the whole framing in the now panel instead)."""
        parts: list[Part] = []
        if self.topic:
            parts += [bold(self.topic)]
        for question, text in answered(self.framing)[:FIRST_QUESTIONS]:
            parts += ["\n" if parts else "", f"{question.label}: ", " ".join(text.split())]
        return line(*parts)

    def compose(self) -> ComposeResult:
        yield Label(id="segment-title")
        yield Label(id="slot-title")
        yield self._digits
        yield Label(id="overtime-words")
        yield Static(id="speakers")
        yield Static(id="segment-extra")
        yield Static(id="framing-lines")

    def _set(self, selector: str, key: object, build: Callable[[], Content | str]) -> None:
        """Update a label only when *key* (what it shows) changed, building its content only
        then, and laying the screen out only if its height must change (update_steady):
        once a second most of this pane stays as it was, and a layout of the live screen
        is costly."""
        if self._last.get(selector, _NEVER) == key:
            return
        update_steady(self.query_one(selector, Static), build())
        self._last[selector] = key

    def watch_state(self, state: ClockState | None) -> None:
        if state is None or state.current is None:
            return
        current = state.current
        slot = current.slot
        self._set("#segment-title", slot.segment_title, lambda: line(bold(slot.segment_title)))
        phase = slot.title if slot.title != slot.segment_title else ""
        self._set("#slot-title", phase, lambda: line(phase))
        self._digits.value = digits_text(current)
        over = current.remaining < 0
        look = (over, current.warning and not over, state.status == "paused")
        if look != self._look:  # set only on change: each set_class validates its names
            self._look = look
            for name, on in zip(("overtime", "warning", "paused"), look, strict=True):
                self.set_class(on, name)
        words = ""
        if over:
            words = countdown_text(current)
        elif state.status == "paused":
            words = "PAUSED"
        elif state.status == "setup":
            words = "Ready: press F2 to start"
        elif state.status == "ended":
            words = "Meeting ended"
        elif current.warning:
            words = f"{format_clock(current.remaining + 0.999)} left"
        self._set("#overtime-words", words, lambda: words)
        following = state.following
        now_name = slot.title if slot.round else ""
        next_text = following.slot.title if following else "end of meeting"
        if following and following.slot.segment_key != slot.segment_key:
            next_text = f"{following.slot.segment_title}: {following.slot.title}" \
                if following.slot.round else following.slot.segment_title
        speaking: list[Part] = ["Speaking now: ", bold(now_name), " · "] if now_name else []
        self._set("#speakers", (now_name, next_text),
                  lambda: line(*speaking, "Next: ", next_text))
        in_deep_dive = slot.segment_key == "deepdive"
        hour_left = self._deep_dive_left(state) if in_deep_dive else ""
        self._set("#segment-extra", hour_left, lambda: hour_left)
        self._set("#framing-lines", in_deep_dive,
                  lambda: self._framing_lines() if in_deep_dive else "")
        if in_deep_dive != self.has_class("deep-dive"):  # the stylesheet shows the lines
            self.set_class(in_deep_dive, "deep-dive")
