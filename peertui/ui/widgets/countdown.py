"""The big countdown: segment, who speaks now and next, and overtime in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, Static

from peertui.domain.clock import ClockState, SlotState, countdown_text, format_clock
from peertui.ui.safe import Part, bold, line
from peertui.ui.widgets.clock_digits import ClockDigits


def digits_text(slot: SlotState) -> str:
    text = countdown_text(slot)
    return text.replace("OVER ", "")


class CountdownPane(Vertical):
    state: reactive[ClockState | None] = reactive(None, layout=False, repaint=False)

    def __init__(self, topic: str = "", framing: dict[str, str] | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.topic = topic
        self._last: dict[str, tuple[object, object]] = {}  # selector -> (shown, its shape)
        self.framing = framing or {}

    def _deep_dive_lines(self, state: ClockState) -> Content:
        """During the deep dive the room sees the challenge as the presenter framed it."""
        left = format_clock(max(0.0, state.segment_remaining("deepdive")))
        parts: list[Part] = [f"Deep dive hour: {left} left"]
        if self.topic:
            parts += ["\n", bold(self.topic)]
        for key, label in (("issue", "Issue"), ("goal", "Goal"), ("ask", "Ask")):
            if self.framing.get(key):
                parts += [f"\n{label}: ", self.framing[key]]
        return line(*parts)

    def compose(self) -> ComposeResult:
        yield Label(id="segment-title")
        yield Label(id="slot-title")
        yield ClockDigits("0:00", id="big-clock")
        yield Label(id="overtime-words")
        yield Static(id="speakers")
        yield Static(id="segment-extra")

    def _set(self, selector: str, key: object, content: Content | str, shape: object = None,
             ) -> None:
        """Update a label only when what it shows changed, and relayout only when its shape
        (*shape*: whatever decides its size) changed: once a second most of this pane stays
        as it was, and relaying out the live screen is most of its idle CPU."""
        last = self._last.get(selector)
        if last is not None and last[0] == key:
            return
        layout = last is None or shape is None or last[1] != shape
        self.query_one(selector, Static).update(content, layout=layout)
        self._last[selector] = (key, shape)

    def watch_state(self, state: ClockState | None) -> None:
        if state is None or state.current is None:
            return
        current = state.current
        slot = current.slot
        self._set("#segment-title", slot.segment_title, line(bold(slot.segment_title)))
        phase = slot.title if slot.title != slot.segment_title else ""
        self._set("#slot-title", phase, line(phase))
        self.query_one("#big-clock", ClockDigits).value = digits_text(current)
        over = current.remaining < 0
        self.set_class(over, "overtime")
        self.set_class(current.warning and not over, "warning")
        self.set_class(state.status == "paused", "paused")
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
        self._set("#overtime-words", words, words, len(words))
        following = state.following
        now_name = slot.title if slot.round else ""
        next_text = following.slot.title if following else "end of meeting"
        if following and following.slot.segment_key != slot.segment_key:
            next_text = f"{following.slot.segment_title}: {following.slot.title}" \
                if following.slot.round else following.slot.segment_title
        speaking: list[Part] = ["Speaking now: ", bold(now_name), " · "] if now_name else []
        self._set("#speakers", (now_name, next_text), line(*speaking, "Next: ", next_text))
        extra: Content | str = ""
        if slot.segment_key == "deepdive":
            extra = self._deep_dive_lines(state)
        plain = extra.plain if isinstance(extra, Content) else extra
        self._set("#segment-extra", plain, extra, (len(plain), plain.count("\n")))
