"""The live meeting: clock, agenda rail, note capture and feed on one screen.

This module is the screen and its clock; what the note-taker does to items (save, edit,
delete, undo) is in items.py, which the screen builds on.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from textwrap import shorten
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Input, Label

from peertui.domain.clock import ClockState, EventType, bells_between
from peertui.domain.local_time import group_zone
from peertui.domain.models import Group
from peertui.domain.records import Item, Meeting
from peertui.services.live import LiveMeeting
from peertui.store import StoreError
from peertui.store.leases import NotDriving
from peertui.store.watch import StoreChange
from peertui.ui.long_lived import FREEZE_AFTER_S, freeze_long_lived
from peertui.ui.saves import BUSY_SAVING, Saves
from peertui.ui.screen_actions import Role, ScreenAction, bindings, roles
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.live.items import ITEM_ACTIONS, ItemsOnScreen
from peertui.ui.screens.live.now import NowFeed
from peertui.ui.screens.live.rating import open_rating
from peertui.ui.screens.live.role import ClockRole
from peertui.ui.screens.live.speaking_order import SpeakingOrder
from peertui.ui.screens.live.ticker import Ticker, minutes_shown, seconds_shown
from peertui.ui.widgets.agenda_rail import AgendaRail
from peertui.ui.widgets.countdown import CountdownPane
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.followups import FollowupsPanel
from peertui.ui.widgets.meeting_bar import MeetingBar
from peertui.ui.widgets.note_form import NoteForm
from peertui.ui.widgets.now_panel import NowPanel

__all__ = ["BUSY_SAVING", "LiveScreen"]

A = ScreenAction
#: Everything the live screen does.  role="driver": writes clock events, so only the screen
#: holding the clock's lease has it (role.py); a note-taker has take_over on F2 instead.
ACTIONS: tuple[ScreenAction, ...] = (
    A("toggle", "f2", "toggle_clock", "Start/Pause", palette_title="Start or pause the clock",
      role="driver"),
    A("take-over", "f2", "take_over", "Take over", palette_title="Take over the clock",
      help="drive the timer from this screen", role="note-taker"),
    A("back", "f3", "back", "Back", palette_title="Back to the previous segment or speaker",
      role="driver"),
    A("next", "f4", "next", "Next", palette_title="Next segment or speaker", role="driver"),
    A("extend-1", "f5", "extend(60)", "+1m", palette_title="Extend by 1 minute",
      role="driver"),
    A("extend-5", "f6", "extend(300)", "+5m", palette_title="Extend by 5 minutes",
      role="driver"),
    A("rebalance", "f7", "rebalance", "Rebalance",
      palette_title="Rebalance the remaining agenda",
      help="Shrink flexible segments so the meeting ends on time", role="driver"),
    A("end", "f8", "end_meeting", "End", palette_title="End the meeting", role="driver"),
    A("focus-notes", "f9", "focus_notes", "Notes", in_palette=False),
    *ITEM_ACTIONS,
    A("leave", "escape", "leave", "Home", in_palette=False),
    A("speaking-order", "ctrl+o", "speaking_order", "Speaking order",
      palette_title="Change the speaking order", help="reorder who is still to speak",
      role="driver", show=False),
    A("shuffle-round", "", "shuffle_round", "Shuffle",
      palette_title="Shuffle the speakers still to come", help="Within the current round",
      role="driver"),
    A("rate-meeting", "ctrl+r", "rate_meeting", "Rate",
      palette_title="Rate the meeting (wrap-up)", help="1-10 from each present member"),
    A("browser-sessions", "ctrl+b", "browser_sessions", "Browsers",
      palette_title="Browsers joined (peertui serve)", help="list them, revoke one",
      role="driver", show=False),
)
ROLES: dict[str, Role] = roles(ACTIONS)
#: The footer's keys by importance (action ids above): a narrow terminal keeps these first,
#: with the short descriptions if need be, so End and Notes never fall off the edge.
FOOTER_PRIORITY = ("toggle", "take-over", "next", "end", "focus-notes", "back", "rebalance",
                   "extend-1", "extend-5", "leave", "rate-meeting")
FOOTER_SHORT = {"rebalance": "Rebal", "rate-meeting": "Rate"}


class LiveScreen(ItemsOnScreen):
    """F-keys drive the clock so they never steal what the note-taker types."""

    MIN_SIZE = (64, 20)
    NARROW_BELOW = 100  # columns: under this the agenda rail folds away
    SHORT_BELOW = 30  # rows: under this the deep-dive framing lines fold away

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    # repaint=False: the panes bound to it repaint what changed; repainting the whole screen
    # every second was most of the live screen's idle CPU (tests/bench, idle CPU).
    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)
    # The same state, passed on only when something shown in minutes changes (minutes_shown).
    minute_state: reactive[ClockState | None] = reactive(None, always_update=True,
                                                         repaint=False)

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.live = LiveMeeting(self.store, meeting_id, self.time)
        self.names = self._names(self.group)
        self._shown: tuple[object, ...] = ()
        self._minutes: tuple[object, ...] = ()
        self.ticker = Ticker(self, self._tick)
        self._deleted: list[Item] = []
        self._last_state: ClockState | None = None
        self.role = ClockRole(self, self.live)
        self.now_feed = NowFeed(self)
        self.saves = Saves(self.store)
        #: the meeting was over when opened (read-only), or this screen pressed F8
        self._ended_here = self.live.record.status == "ended"

    @staticmethod
    def _names(group: Group | None) -> dict[str, str]:
        return group.names if group else {}

    def compose(self) -> ComposeResult:
        present = self.live.record.present
        members = self.group.members if self.group else []
        people = [(self.names.get(m, "?"), m) for m in present]
        people += [(m.name, m.id) for m in members if m.id not in present and m.active]
        yield Header()
        yield MeetingBar(id="meeting-bar").data_bind(state=LiveScreen.minute_state)
        with Horizontal(id="live"):
            with Vertical(id="side"):
                yield AgendaRail(id="rail").data_bind(state=LiveScreen.minute_state)
                with VerticalScroll(id="now-scroll", can_focus=False):
                    yield NowPanel(id="now")
            with Vertical(id="centre"):
                yield CountdownPane(self.live.record.topic, self.live.record.framing,
                                    id="countdown").data_bind(LiveScreen.state)
                # Its own container: a repaint of the clock above then leaves these alone.
                with Vertical(id="capture"):
                    yield FollowupsPanel(self.meeting_id, id="followups").data_bind(
                        LiveScreen.state)
                    yield Label("Items this meeting (Enter reads, ctrl+e edits, Delete "
                                "deletes, ctrl+z undoes)",
                                classes="section")
                    yield Feed(id="feed")
                    yield NoteForm(people, id="note-form")
        yield FittedFooter(FOOTER_PRIORITY, FOOTER_SHORT)

    def watch_minute_state(self) -> None:
        self.now_feed.show(minute_passed=True)

    def _refresh_feed(self, to_end: bool = False) -> None:
        super()._refresh_feed(to_end)
        self.now_feed.show()  # a recommendation saved: the now panel lists it

    def on_resize(self) -> None:
        """An 80x24 laptop terminal still runs the meeting: fold the rail, keep the clock."""
        self.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        self.set_class(self.size.height < self.SHORT_BELOW, "-short")
        if self.is_mounted:
            self.role.show()  # the header keeps whole parts at the new width

    def on_mount(self) -> None:
        record = self.live.record
        presenter = self.names.get(record.presenter_id or "", "—")
        group_name = self.group.name if self.group else ""
        self.role.start(f"{group_name} · {record.date} · deep dive: {presenter}")
        zone = group_zone(self.group)  # every clock time in the room is the group's
        self.query_one(MeetingBar).zone = self.query_one(Feed).zone = zone
        self._tick(force=True)  # and from then on at each second the screen shows
        self._refresh_feed()
        self.query_one("#note-text", Input).focus()
        self.watch_group(self._group_changed)
        self.peer.store_watch.subscribe(self, self._store_changed)
        self.set_timer(FREEZE_AFTER_S, freeze_long_lived)  # it lives as long as the meeting

    def _group_changed(self, group: Group | None) -> None:
        """A member renamed (another screen saved the group): the feed shows the new name."""
        self.names = self._names(group)
        self.live.people = tuple((m.name, m.id) for m in group.members) if group else ()
        self._refresh_feed()

    def on_unmount(self) -> None:
        self.role.release()
        self.saves.close()

    def _ended_elsewhere(self) -> None:
        """The driver ended the meeting: a note-taker's screen closes with it, so no note
        lands in a meeting already over.  Words still in the box are said, not lost."""
        self._ended_here = True
        left = self.query_one("#note-text", Input).value.strip()
        kept = f" Your unsaved note was: {left}" if left else ""
        self.notify("The meeting has ended. Its minutes are in past meetings (p)." + kept,
                    timeout=20 if left else 8)
        if not self.saves.busy:
            self.peer.open_home()

    def action_take_over(self) -> None:
        self.role.take_over()

    def action_browser_sessions(self) -> None:
        from peertui.ui.screens.live.sessions import BrowserSessions  # only when asked

        self.app.push_screen(BrowserSessions())

    # the clock -----------------------------------------------------------

    def _tick(self, force: bool = False) -> None:
        """Recompute from the events; tell the panes only when something they show changed:
        the countdown pane at each second, the bar and the rail at each minute."""
        if not self.peer.store_watch.live:  # else _store_changed follows them as they land
            force = self._follow_other_processes() or force
        state = self.live.state()
        self.ticker.keep_time(state)
        shown, minutes = seconds_shown(state), minutes_shown(state)
        if not force and shown == self._shown and minutes == self._minutes \
                and self.state is not None:
            return
        for _ in bells_between(self._last_state, state):
            self.app.bell()
        if not self._shown or state.index != self._shown[0]:
            self._follow_speaker(state)
        self._last_state = state
        if force or minutes != self._minutes:
            self._minutes = minutes
            self.minute_state = state
        if force or shown != self._shown:
            self._shown = shown
            self.state = state

    def _follow_speaker(self, state: ClockState) -> None:
        if state.current is None:
            return
        self.query_one(NoteForm).set_defaults(self.live.defaults())

    def _store_changed(self, change: StoreChange) -> None:
        """Another process saved (a note, a clock key, the end): show it now."""
        if change.touches_meeting(self.meeting_id) and self._follow_other_processes():
            self._tick(force=True)

    def _follow_other_processes(self) -> bool:
        """Pick up another process's saves: True if the clock itself changed."""
        items_before = self.live.items
        clock_before = (self.live.record.events, self.live.record.slots)
        try:
            changed = self.live.refresh_if_changed()
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        if not changed:
            return False
        if self.live.record.status == "ended" and not self._ended_here:
            self._ended_elsewhere()
            return False
        if self.live.items != items_before:
            self._refresh_feed()
        self.role.show()
        return (self.live.record.events, self.live.record.slots) != clock_before

    def _act(self, kind: EventType, *, seconds: int = 0, segment: str = "",
             order: tuple[str, ...] = (), then: Callable[[], None] | None = None) -> None:
        """Record a clock key the moment it is pressed; *then* runs once it is saved.  Like
        every save it never holds the screen: a busy lock makes it wait behind the screen."""
        if not self.role.driving:
            self.notify("Another screen drives the clock: F2 takes it over.", severity="warning")
            return
        if self.saves.busy:  # a second F4 queued behind a slow first would skip a speaker
            self.notify("Still saving the last change (the store is busy): that key was not "
                        "sent. Press it again in a moment.", severity="warning")
            return
        event = self.live.event(kind, seconds=seconds, segment=segment, order=order)
        driver = self.role.driver_id

        def saved(record: Meeting) -> None:
            self.live.acted(record, kind)
            self._tick(force=True)
            if then is not None:
                then()

        def not_saved(error: Exception) -> None:
            if isinstance(error, NotDriving):  # another screen took the clock: nothing saved
                self.role.lost_clock(error, kind, seconds)
            else:
                self.notify(f"Not saved: {error}", severity="error", timeout=10)

        self.saves.save(lambda: self.store.append_event(self.meeting_id, event, driver=driver),
                        saved, not_saved, queued=lambda: self.notify(BUSY_SAVING, timeout=5))

    def action_toggle_clock(self) -> None:
        status = self.live.state().status
        if status == "setup":
            self._act("start")
        elif status == "running":
            self._act("pause")
        elif status == "paused":
            self._act("resume")

    def _require_started(self) -> bool:
        status = self.live.state().status
        if status in ("running", "paused"):
            return True
        self.notify("Start the clock first (F2)." if status == "setup"
                    else "The meeting has ended.")
        return False

    def action_next(self) -> None:
        if self._require_started():
            state = self.live.state()
            if state.following is None:
                self.notify("This is the last segment. F8 ends the meeting.")
                return
            self._act("next")

    def action_back(self) -> None:
        if self._require_started():
            self._act("back")

    def action_extend(self, seconds: int) -> None:
        if self._require_started():
            self._act("extend", seconds=seconds,
                      then=lambda: self.notify(f"Extended by {seconds // 60} min."))

    def action_rebalance(self) -> None:
        from peertui.domain.rebalance import rebalance_outcome  # kept within this action

        if not self._require_started():
            return
        before = self.live.state()

        def said() -> None:
            text, behind = rebalance_outcome(before, self.live.state())
            self.notify(text, severity="warning" if behind else "information", timeout=10)

        self._act("rebalance", then=said)

    def action_shuffle_round(self) -> None:
        state = self.live.state()
        current = state.current
        if current is None or not current.slot.round:
            self.notify("Shuffle works during a speaker round.")
            return
        key = current.slot.segment_key
        waiting = [s.slot.speaker_id for s in state.slots
                   if s.slot.segment_key == key and s.index > state.index and s.slot.speaker_id]
        random.shuffle(waiting)
        self._act("reorder", segment=key, order=tuple(waiting))

    def _round_still_to_come(self) -> tuple[str, list[str]] | None:
        """The round under way, or else the next one: its speakers who have not spoken."""
        state = self.live.state()
        current = state.current
        start = state.index if state.status != "setup" else 0
        key = current.slot.segment_key if current and current.slot.round else next(
            (s.slot.segment_key for s in state.slots[start:] if s.slot.round), None)
        if key is None:
            return None
        waiting = [s.slot.speaker_id for s in state.slots
                   if s.slot.segment_key == key and s.slot.speaker_id and not s.visited]
        return key, [w for w in waiting if w]

    def action_speaking_order(self) -> None:
        found = self._round_still_to_come()
        if found is None or not found[1]:
            self.notify("No speakers left to reorder.")
            return
        key, waiting = found
        title = next(s.slot.segment_title for s in self.live.state().slots
                     if s.slot.segment_key == key)

        def keep(order: list[str] | None) -> None:
            if order is not None:
                self._act("reorder", segment=key, order=tuple(order))

        self.app.push_screen(SpeakingOrder(f"{title}: still to speak",
                                           [(m, self.names.get(m, "?")) for m in waiting]), keep)

    def action_end_meeting(self) -> None:
        status = self.live.state().status
        if status == "ended":
            self.peer.open_home()
            return
        if status == "setup":  # an end before a start is no event at all (domain/records)
            self.notify("The clock has not started, so there is nothing to end yet: F2 "
                        "starts it. Esc goes home; the meeting stays ready.")
            return

        def ended() -> None:
            self._ended_here = True
            self.notify("Meeting ended and saved.")
            self.peer.open_home()

        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self._act("end", then=ended)

        question = "End the meeting now? The clock stops for good."
        left = self.query_one("#note-text", Input).value.strip()
        if left:  # ending leaves the screen: words not yet saved would go with it
            question += (f" The note box still holds words not saved: \"{shorten(left, 60)}\""
                         " (Cancel, then Enter saves them).")
        self.app.push_screen(Confirm(question, "End meeting"), finish)

    def action_leave(self) -> None:
        if self.saves.busy:  # leaving now would drop the words still waiting to be saved
            self.notify("Still saving (the store is busy): wait a moment, then Esc again.",
                        severity="warning")
            return
        self.peer.open_home()

    def action_focus_notes(self) -> None:
        self.query_one("#note-text", Input).focus()

    # items -----------------------------------------------------------------

    def action_rate_meeting(self) -> None:
        open_rating(self.peer, self.meeting_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """e and d act on the feed only: in the note box they are just letters.  The role
        in the table decides the rest: a note-taker has no timer keys (nor palette entries)."""
        if action in ("edit_item", "delete_item") and not self.query_one(Feed).has_focus:
            return False
        return self.role.allows(ROLES.get(action, "any"))
