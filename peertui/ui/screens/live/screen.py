"""The live meeting: clock, agenda rail, note capture and feed on one screen."""

from __future__ import annotations

import random
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, Label

from peertui.domain.clock import ClockState, EventType, bells_between
from peertui.domain.models import Group
from peertui.domain.records import Item
from peertui.services.live import Draft, LiveMeeting
from peertui.store import StoreError
from peertui.store.leases import NotDriving
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import Role, ScreenAction, bindings, roles
from peertui.ui.screens.dialogs import Confirm, EditText
from peertui.ui.screens.live.rating import open_rating
from peertui.ui.screens.live.role import ClockRole
from peertui.ui.screens.live.speaking_order import SpeakingOrder
from peertui.ui.screens.live.ticker import Ticker, minutes_shown, seconds_shown
from peertui.ui.widgets.agenda_rail import AgendaRail
from peertui.ui.widgets.countdown import CountdownPane
from peertui.ui.widgets.feed import Feed
from peertui.ui.widgets.followups import FollowupsPanel
from peertui.ui.widgets.meeting_bar import MeetingBar
from peertui.ui.widgets.note_form import NoteForm

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
    A("edit-item", "e", "edit_item", "Edit item", show=False, in_palette=False),
    A("delete-item", "d,delete", "delete_item", "Delete item", show=False, in_palette=False),
    A("undo", "ctrl+z", "undo", "Undo delete", palette_title="Undo the last delete",
      show=False),
    A("leave", "escape", "leave", "Home", in_palette=False),
    A("speaking-order", "ctrl+o", "speaking_order", "Speaking order",
      palette_title="Change the speaking order", help="reorder who is still to speak",
      role="driver", show=False),
    A("shuffle-round", "", "shuffle_round", "Shuffle",
      palette_title="Shuffle the speakers still to come", help="Within the current round",
      role="driver"),
    A("rate-meeting", "ctrl+r", "rate_meeting", "Rate",
      palette_title="Rate the meeting (wrap-up)", help="1-10 from each present member"),
)
ROLES: dict[str, Role] = roles(ACTIONS)


class LiveScreen(PeerScreen[None]):
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
            yield AgendaRail(id="rail").data_bind(state=LiveScreen.minute_state)
            with Vertical(id="centre"):
                yield CountdownPane(self.live.record.topic, self.live.record.framing,
                                    id="countdown").data_bind(LiveScreen.state)
                # Its own container: a repaint of the clock above then leaves these alone.
                with Vertical(id="capture"):
                    yield FollowupsPanel(self.meeting_id, id="followups").data_bind(
                        LiveScreen.state)
                    yield Label("Items this meeting (e edit, d delete, ctrl+z undo)",
                                classes="section")
                    yield Feed(id="feed")
                    yield NoteForm(people, id="note-form")
        yield Footer(compact=True)

    def on_resize(self) -> None:
        """An 80x24 laptop terminal still runs the meeting: fold the rail, keep the clock."""
        self.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        self.set_class(self.size.height < self.SHORT_BELOW, "-short")

    def on_mount(self) -> None:
        record = self.live.record
        presenter = self.names.get(record.presenter_id or "", "—")
        group_name = self.group.name if self.group else ""
        self.role.start(f"{group_name} · {record.date} · deep dive: {presenter}")
        self._tick(force=True)  # and from then on at each second the screen shows
        self._refresh_feed()
        self.query_one("#note-text", Input).focus()
        self.watch_group(self._group_changed)

    def _group_changed(self, group: Group | None) -> None:
        """A member renamed (another screen saved the group): the feed shows the new name."""
        self.names = self._names(group)
        self._refresh_feed()

    def on_unmount(self) -> None:
        self.role.release()

    def action_take_over(self) -> None:
        self.role.take_over()

    # the clock -----------------------------------------------------------

    def _tick(self, force: bool = False) -> None:
        """Recompute from the events; tell the panes only when something they show changed:
        the countdown pane at each second, the bar and the rail at each minute."""
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
        speaker = state.current.slot.speaker_id
        presenter = self.live.record.presenter_id
        self.query_one(NoteForm).set_defaults(speaker if speaker != presenter else None,
                                              presenter)

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
        if self.live.items != items_before:
            self._refresh_feed()
        self.role.show()
        return (self.live.record.events, self.live.record.slots) != clock_before

    def _act(self, kind: EventType, *, seconds: int = 0, segment: str = "",
             order: tuple[str, ...] = ()) -> bool:
        if not self.role.driving:
            self.notify("Another screen drives the clock: F2 takes it over.", severity="warning")
            return False
        try:
            self.live.act(kind, seconds=seconds, segment=segment, order=order,
                          driver=self.role.driver_id)
        except NotDriving as refused:  # another screen took the clock: nothing was saved
            self.role.lost_clock(refused, kind, seconds)
            return False
        except (StoreError, OSError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=10)
            return False
        self._tick(force=True)
        return True

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
        if self._require_started() and self._act("extend", seconds=seconds):
            self.notify(f"Extended by {seconds // 60} min.")

    def action_rebalance(self) -> None:
        if not self._require_started():
            return
        before = self.live.state().behind_by
        if not self._act("rebalance"):
            return
        after = self.live.state().behind_by
        if before <= 30:
            self.notify("On time already: nothing to rebalance.")
        elif after > 30:
            self.notify("Shrank what could be shrunk (1 min minimum each); still behind.",
                        severity="warning")
        else:
            self.notify("Remaining flexible segments shortened: back on time.")

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

        def finish(confirmed: bool | None) -> None:
            if confirmed and self._act("end"):
                self.notify("Meeting ended and saved.")
                self.peer.open_home()

        self.app.push_screen(Confirm("End the meeting now? The clock stops for good.",
                                     "End meeting"), finish)

    def action_leave(self) -> None:
        self.peer.open_home()

    def action_focus_notes(self) -> None:
        self.query_one("#note-text", Input).focus()

    # items -----------------------------------------------------------------

    def action_rate_meeting(self) -> None:
        open_rating(self.peer, self.meeting_id)

    @on(NoteForm.Submitted)
    def save_item(self, event: NoteForm.Submitted) -> None:
        """The form gathers the fields; LiveMeeting.capture applies every rule."""
        form = self.query_one(NoteForm)
        draft: Draft = event.draft
        try:
            self.live.refresh_if_changed()  # stamp with the segment of this very moment
            self.live.capture(draft, self.today)
        except ValueError as problem:
            form.show_error(str(problem))
            return
        except (StoreError, OSError) as error:
            form.show_error(f"Not saved, your text is kept: {error}")
            return
        form.clear_after_save()
        self._refresh_feed(to_end=True)

    def _refresh_feed(self, to_end: bool = False) -> None:
        feed = self.query_one(Feed)
        feed.show(self.live.items, self.names)
        if to_end and self.live.items:
            feed.move_cursor(row=len(self.live.items) - 1)

    def _selected_item(self) -> Item | None:
        item_id = self.query_one(Feed).selected_id()
        return next((i for i in self.live.items if i.id == item_id), None)

    def action_edit_item(self) -> None:
        item = self._selected_item()
        if item is None:
            return

        def apply(text: str | None) -> None:
            if text is None or text == item.text:
                return
            try:
                self.live.edit_text(item.id, text)
            except KeyError:
                self.live.reload()
                self._refresh_feed()
                self.notify("Not saved: another note-taker deleted that item meanwhile. "
                            f"Your text: {text}", severity="error", timeout=15)
                return
            except (ValueError, StoreError, OSError) as problem:
                self.notify(str(problem), severity="error")
                return
            self._refresh_feed()

        self.app.push_screen(EditText(f"Edit this {item.kind}", item.text), apply)

    def action_delete_item(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        try:
            removed = self.live.delete_item(item.id)
        except (KeyError, StoreError, OSError) as problem:
            self.notify(f"Not deleted: {problem}", severity="error")
            return
        self._deleted.append(removed)
        self._refresh_feed()
        self.notify("Item deleted. ctrl+z brings it back.")

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.")
            return
        item = self._deleted[-1]
        try:
            self.live.restore_item(item)
        except (StoreError, OSError) as error:  # e.g. a full disk: keep it to try again
            self.notify(f"Not restored (ctrl+z tries again): {error}", severity="error",
                        timeout=10)
            return
        except ValueError:  # already back (another note-taker restored it)
            pass
        self._deleted.pop()
        self._refresh_feed()
        self.notify("Item restored.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """e and d act on the feed only: in the note box they are just letters.  The role
        in the table decides the rest: a note-taker has no timer keys (nor palette entries)."""
        if action in ("edit_item", "delete_item") and not self.query_one(Feed).has_focus:
            return False
        return self.role.allows(ROLES.get(action, "any"))
