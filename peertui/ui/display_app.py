"""`peertui display`: the read-only projector view of the running meeting.

A separate, small App that never writes.  It hears of another process's save through the
store watch as it lands (ui/store_watch.py; it polls twice a second only where the store
cannot be watched), and replays the clock from the events just after each second the
countdown turns (the live screen's Ticker), so it never drifts, wakes once a second, and
survives the driver quitting and starting again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from peertui.domain.clock import ClockState, countdown_text, format_clock, format_minutes
from peertui.domain.local_time import hhmm
from peertui.domain.text import printable
from peertui.domain.timesource import TimeSource
from peertui.services.follow import Followed, MeetingFollower
from peertui.store import Store, StoreError
from peertui.store.watch import StoreChange
from peertui.ui.long_lived import FREEZE_AFTER_S, freeze_long_lived
from peertui.ui.overlap_screen import OverlapScreen
from peertui.ui.safe import Part, bold, line
from peertui.ui.screens.live.ticker import Ticker
from peertui.ui.store_watch import START_DELAY_S, StoreWatcher
from peertui.ui.widgets.big_clock import BigClock
from peertui.ui.widgets.countdown import digits_text
from peertui.ui.widgets.feed import KIND_LABEL, item_line
from peertui.ui.widgets.meeting_bar import pace_text
from peertui.ui.widgets.steady import update_steady
from peertui.ui.widgets.worksheet_view import presentation_worksheet

POLL_S = 0.5  # where the store cannot be watched
WAITING = "No meeting running — waiting for the next meeting"
LATEST_COUNT = 3
LATEST_MIN_HEIGHT = 24
ROOM_PADDING = 2  # #room's padding, a cell each side (app.tcss)
#: The display's rows other than the worksheet's in the presentation: title, segment, a
#: clock of three rows, words, speakers, progress, pace, and their margins.
ROWS_BESIDE_WORKSHEET = 13


class RoomProgress(Widget):
    """A bar across the screen: how much of the planned meeting has gone.  It repaints when
    a cell fills, not each second the fraction moves (tests/bench bar 8)."""

    fraction: reactive[float] = reactive(0.0, repaint=False)

    def _filled(self, fraction: float) -> int:
        return round(min(1.0, max(0.0, fraction)) * max(1, self.size.width))

    def watch_fraction(self, old: float, fraction: float) -> None:
        if self._filled(old) != self._filled(fraction):
            self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width)
        filled = self._filled(self.fraction)
        return Text.assemble(("█" * filled, ""), ("░" * (width - filled), "dim"))


def speakers_line(state: ClockState) -> Content:
    """Who speaks now and who is next, as on the facilitator's screen (names and titles as
    typed: never read as markup)."""
    current = state.current
    if current is None:
        return Content("")
    slot = current.slot
    following = state.following
    next_text = following.slot.title if following else "end of meeting"
    if following and following.slot.segment_key != slot.segment_key:
        next_text = (f"{following.slot.segment_title}: {following.slot.title}"
                     if following.slot.round else following.slot.segment_title)
    now: list[Part] = ["Speaking now: ", bold(slot.title), " · "] if slot.round else []
    return line(*now, "Next: ", next_text)


def words_for(state: ClockState) -> str:
    """Overtime and status in words, so the room need not rely on colour."""
    current = state.current
    if current is None:
        return ""
    if state.status == "ended":
        return "Meeting ended"
    if state.status == "setup":
        return "Not started yet"
    if current.remaining < 0:
        return countdown_text(current)
    if state.status == "paused":
        return "PAUSED"
    if current.warning:
        return f"{format_clock(current.remaining + 0.999)} left"
    return "left in this segment"


def pace_line(state: ClockState, width: int, zone: str = "") -> str:
    """The meeting's time and pace, by the minute as on the facilitator's bar: only the big
    clock ticks each second, calmer to read and nearly free to draw (tests/bench bar 8).
    The fullest wording that fits on one line of *width* (the room's padding aside)."""
    if state.started_at is None:
        return f"Planned length {format_clock(state.planned_total)}"
    span = f"{format_minutes(state.meeting_elapsed)} of {format_minutes(state.planned_total)}"
    planned, projected = hhmm(state.planned_end, zone), hhmm(state.projected_end, zone)
    pace = pace_text(state)
    pace_cells = Content.from_markup(pace).cell_length  # markup: measure what shows, once
    before_pace = (f"Meeting {span} · planned end {planned} · projected end {projected} · ",
                   f"Meeting {span} · projected end {projected} · ", f"Meeting {span} · ",
                   f"{span} · ", "")
    fitting = next((words for words in before_pace
                    if cell_len(words) + pace_cells <= width - ROOM_PADDING), "")
    return fitting + pace


def latest_line(followed: Followed, count: int = LATEST_COUNT) -> Content:
    """The last few items captured, public ones only (private ones never reach the room)."""
    rows: list[Part] = []
    for item in followed.public_items[-count:]:
        if item.private:
            continue
        kind = KIND_LABEL.get(item.kind, "note")
        rows += ["\n" if rows else "", (f"{kind:<8}", "dim"),
                 f" {item_line(item, followed.names)[:200]}"]
    return line(*rows)


def waiting_text(state: ClockState | None, zone: str = "") -> str:
    """What the room reads between meetings ("" while one is on): after the end, that it
    ended and the display waits for the next one, which it then follows (MeetingFollower)."""
    if state is None or state.current is None:
        return WAITING
    if state.status == "ended":
        ended = state.ended_at
        at = f" at {hhmm(ended, zone)}" if ended is not None else ""
        return f"Meeting ended{at} — waiting for the next meeting"
    return ""


class DisplayApp(App[None]):
    """Big digits for the projector; q quits. Nothing here changes the store."""

    CSS_PATH = "app.tcss"
    TITLE = "peertui display"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="display-quit"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
    ]

    def __init__(self, store: Store, time: TimeSource) -> None:
        super().__init__()
        self.store = store
        self.time = time
        self.follower = MeetingFollower(store, time)
        self.store_watch = StoreWatcher(self, store.root)
        self.ticker = Ticker(self, self.tick)
        self._shown: tuple[Any, ...] = ()
        self._problem = ""

    def get_default_screen(self) -> OverlapScreen[None]:
        """The screen the projector's widgets are on, painted as the live screen is."""
        return OverlapScreen(id="_default")

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            with Horizontal(id="room-top"):
                yield Static(id="room-title")
                yield Static(id="room-now")
            yield Static(id="room-segment")
            yield BigClock(id="room-clock")
            yield Static(id="room-words")
            yield Static(id="room-speakers")
            yield RoomProgress(id="room-progress")
            yield Static(id="room-pace")
            yield Static(id="room-worksheet")
            yield Static(id="room-latest")
        with Vertical(id="room-waiting"):
            yield Static(WAITING, id="room-waiting-text")
            yield Static(id="room-waiting-hint")

    def on_mount(self) -> None:
        self.query_one("#room-waiting-hint", Static).update(Content(  # the path as given
            f"Following the store at {printable(str(self.store.root))}.  q quits."))
        self.poll_store()
        self.store_watch.subscribe(self, self._store_changed)
        self.store_watch.poll_every(self, POLL_S, self.poll_store)
        self.set_timer(START_DELAY_S, self.store_watch.start)  # after the first paint
        self.set_timer(FREEZE_AFTER_S, freeze_long_lived)

    def on_unmount(self) -> None:
        self.store_watch.stop()

    def _store_changed(self, change: StoreChange) -> None:
        """The index (a meeting begun or ended) or the meeting on show changed: read it."""
        followed = self.follower.followed
        shown = followed.meeting_id if followed is not None else None
        if change.touches_index() if shown is None else change.touches_meeting(shown):
            self.poll_store()

    def on_resize(self) -> None:
        self.tick(force=True)

    def poll_store(self) -> None:
        """Pick up other processes' saves; a store that cannot be read is said, then retried."""
        try:
            changed = self.follower.poll()
            problem = ""
        except (StoreError, OSError, KeyError, ValueError) as error:
            changed, problem = False, f"Cannot read the store, retrying: {error}"
        if changed or problem != self._problem:
            self._problem = problem
            self.tick(force=True)

    def tick(self, force: bool = False) -> None:
        """Replay the clock now; repaint only when what is shown would change."""
        state = self.follower.state()
        self.ticker.keep_time(state)
        followed = self.follower.followed
        now = self.time.now()
        waiting = waiting_text(state, followed.zone if followed else "")
        if waiting or state is None or state.current is None or followed is None:
            key: tuple[Any, ...] = ("waiting", waiting, self._problem)
        else:
            current = state.current
            key = (followed.meeting_id, state.status, state.index, int(current.remaining),
                   int(state.meeting_elapsed), int(now // 60), self._problem)
        if key == self._shown and not force:
            return
        self._shown = key
        self.query_one("#room").display = not waiting
        self.query_one("#room-waiting").display = bool(waiting)
        if waiting:
            self.query_one("#room-waiting-text", Static).update(Content(self._problem or waiting))
            return
        assert state is not None and followed is not None
        self._show(state, followed, now)

    def _show(self, state: ClockState, followed: Followed, now: float) -> None:
        current = state.current
        assert current is not None
        slot = current.slot
        width, height = self.size.width, self.size.height
        title = followed.group_name or "Meeting"
        if width >= 60:
            title += f" · {followed.record.date}"
        if followed.presenter and width >= 90:
            title += f" · deep dive: {followed.presenter}"
        update_steady(self.query_one("#room-title", Static), Content(self._problem or title))
        update_steady(self.query_one("#room-now", Static), hhmm(now, followed.zone))
        phase = f" — {slot.title}" if slot.title != slot.segment_title and not slot.round else ""
        update_steady(self.query_one("#room-segment", Static),
                      line(bold(slot.segment_title + phase)))
        self.query_one(BigClock).text = digits_text(current)
        update_steady(self.query_one("#room-words", Static), words_for(state))
        update_steady(self.query_one("#room-speakers", Static), speakers_line(state))
        progress = self.query_one(RoomProgress)
        total = state.planned_total
        progress.fraction = state.meeting_elapsed / total if total else 0
        update_steady(self.query_one("#room-pace", Static), pace_line(state, width, followed.zone))
        sheet = presentation_worksheet(followed.record, current.index, width - 2,
                                       height - ROWS_BESIDE_WORKSHEET)
        worksheet = self.query_one("#room-worksheet", Static)
        worksheet.display = bool(sheet.plain)
        update_steady(worksheet, sheet)
        latest = self.query_one("#room-latest", Static)
        latest.display = height >= LATEST_MIN_HEIGHT and bool(followed.public_items) \
            and not sheet.plain  # the presentation: the room reads the worksheet
        update_steady(latest, latest_line(followed))
        room = self.query_one("#room")
        over = current.remaining < 0 and state.status in ("running", "paused")
        room.set_class(over, "-over")
        room.set_class(current.warning and not over and state.status == "running", "-warning")
        room.set_class(state.status == "paused", "-paused")
        room.set_class(state.status in ("ended", "setup"), "-idle")
        progress.set_class(state.behind_by > 30, "-behind")


def create_display(store: Store, time: TimeSource) -> DisplayApp:
    return DisplayApp(store, time)
