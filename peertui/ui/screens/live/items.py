"""The note-taker's part of the live screen: saving, editing, deleting and restoring items.

Every change goes through the screen's Saves (ui/saves.py), so none ever holds the screen
up, and a failed one keeps the words or the item, says why where the user is looking, and
is tried again when asked.  LiveMeeting applies every rule; this only gathers and shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.widgets import Checkbox, DataTable, Input

from peertui.domain.local_time import clock_time
from peertui.domain.models import DEFAULT_LIFE_AREAS
from peertui.domain.pulse import is_pulse, pulse_line
from peertui.domain.records import Item, Meeting
from peertui.domain.timesource import to_iso
from peertui.services.live import Draft, LiveMeeting
from peertui.services.pulse import save_pulse, speaker_pulse
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.saves import BUSY_SAVING, Saves
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.live.edit_item import EditItem
from peertui.ui.screens.live.role import ClockRole
from peertui.ui.widgets.feed import Feed, who_of
from peertui.ui.widgets.item_reader import ItemReader, ReaderChoice
from peertui.ui.widgets.note_form import NoteForm
from peertui.ui.widgets.typed_aside import TypedAside

#: The feed's keys (only while the feed has the focus: LiveScreen.check_action); none is a
#: letter, so words typed at the feed go to the note box (typed_aside.py).  Enter reads it whole.
ITEM_ACTIONS: tuple[ScreenAction, ...] = (
    ScreenAction("edit-item", "ctrl+e", "edit_item", "Edit item", show=False,
                 in_palette=False),
    ScreenAction("delete-item", "delete", "delete_item", "Delete item", show=False,
                 in_palette=False),
    ScreenAction("undo", "ctrl+z", "undo", "Undo delete", palette_title="Undo the last delete",
                 show=False),
    ScreenAction("toggle-private", "ctrl+t", "toggle_private", "Private",
                 palette_title="Mark the note being typed private, or not",
                 help="a private item stays out of exports and off the projector",
                 show=False),
)


class ItemsOnScreen(PeerScreen[None]):
    """The item actions of the live screen, which sets these in its constructor."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ITEM_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ITEM_ACTIONS)

    meeting_id: str
    live: LiveMeeting
    saves: Saves
    role: ClockRole
    names: dict[str, str]
    _deleted: list[Item]

    def action_toggle_private(self) -> None:
        """The Private box from anywhere on the screen (or the palette): the words typed
        stay where they are and the focus goes back to them."""
        box = self.query_one("#private", Checkbox)
        box.value = not box.value
        self.query_one("#note-text", Input).focus()
        self.notify("The next item is private: kept out of exports and off the projector."
                    if box.value else "The next item is not private.")

    @on(NoteForm.Typed)
    def _read_typed(self, event: NoteForm.Typed) -> None:
        """Show what the note says (kind, person, due date) while it is typed."""
        if is_pulse(event.draft.text):
            self.query_one(NoteForm).show_said(self._pulse_said(event.draft.text))
            return
        reading = self.live.read(event.draft)
        if reading.is_topic:
            self.query_one(NoteForm).show_topic(reading, self._speaker_name())
            return
        due = ""
        phrase = (reading.due_text or event.draft.due_text).strip()
        if reading.kind == "action" and phrase:
            try:
                due = f"due {self.live.due_of(phrase, self.today):%a %-d %b}"
            except ValueError:
                due = f"due '{phrase}'?"
        self.query_one(NoteForm).show_reading(reading, due)

    def _speaker_name(self) -> str:
        """Who holds the floor now ('' between speakers): a "t:" topic's member by default."""
        current = self.live.state().current
        speaker = current.slot.speaker_id if current else None
        return self.names.get(speaker, "") if speaker else ""

    @on(NoteForm.Submitted)
    def save_item(self, event: NoteForm.Submitted) -> None:
        """The form gathers the fields; LiveMeeting applies every rule; Saves writes it
        without ever holding the screen up.  The text stays in the box until it is saved."""
        form = self.query_one(NoteForm)
        if self.saves.busy:
            form.show_error("Still saving the last change (the store is busy): your text "
                            "is kept; Enter again once it is saved.")
            return
        if is_pulse(event.draft.text):
            self._save_pulse(event.draft.text)
            return
        if self.live.read(event.draft).is_topic:
            self._save_topic(form, event.draft)
            return
        try:
            self.live.refresh_if_changed()  # stamp with the segment of this very moment
            # who captured it, for the minutes' "Notes taken by": this machine's or browser's
            item = self.live.draft_item(replace(event.draft, by=self.role.name), self.today)
        except ValueError as problem:
            form.show_error(str(problem))
            return
        except (StoreError, OSError) as error:
            form.show_error(f"Not saved, your text is kept: {error}")
            return

        def saved(_: None) -> None:
            self.live.remember(item)
            form.clear_after_save(event.draft.text)
            self._refresh_feed(to_end=True)

        def not_saved(error: Exception) -> None:
            form.show_error(f"Not saved, your text is kept (Enter tries again): {error}")

        self.saves.save(lambda: self.store.add_item(self.meeting_id, item), saved, not_saved,
                        queued=lambda: form.show_error(BUSY_SAVING))

    def _save_topic(self, form: NoteForm, draft: Draft) -> None:
        """'t: Priya: ERP vendor exit, A': a topic for the group's bank, not an item; said
        under the box once saved, and the words stay in the box until then."""
        try:
            self.live.refresh_if_changed()  # the speaker of this very moment
            member, issue, urgency = self.live.topic_of(draft)
        except ValueError as problem:
            form.show_error(str(problem))
            return

        def saved(_: object) -> None:
            form.clear_after_save(draft.text)
            form.confirm(f"Topic saved to the bank: {self.names.get(member, '?')}, "
                         f"'{issue}' ({urgency}). Home: b lists the bank.", saved=True)

        def not_saved(error: Exception) -> None:
            form.show_error(f"Topic not saved, your text is kept (Enter tries again): {error}")

        self.saves.save(lambda: self.live.save_topic(draft, self.today), saved, not_saved,
                        queued=lambda: form.show_error(BUSY_SAVING))

    def _areas(self) -> list[str]:
        return list(self.group.life_areas) if self.group else list(DEFAULT_LIFE_AREAS)

    def _pulse_said(self, typed: str) -> str:
        """What Enter will save for a `p:` line, or what is wrong with it so far."""
        try:
            speaker, scores = speaker_pulse(self.live, typed, self._areas())
        except ValueError as problem:
            return f"Pulse: {problem}"
        return (f"Pulse of {self.names.get(speaker, '?')} (private): {pulse_line(scores)}")

    def _save_pulse(self, typed: str) -> None:
        """A `p:` line: the speaker's self-ratings, into the meeting's record (not the feed)."""
        form = self.query_one(NoteForm)
        try:
            self.live.refresh_if_changed()
            speaker, scores = speaker_pulse(self.live, typed, self._areas())
        except ValueError as problem:
            form.show_error(str(problem))
            return
        at = to_iso(self.live.now())

        def saved(record: Meeting) -> None:
            self.live.record = record
            form.clear_after_save(typed)
            self.notify(f"Pulse of {self.names.get(speaker, '?')} saved, private: "
                        f"{pulse_line(record.pulse[speaker].scores)}.")

        def not_saved(error: Exception) -> None:
            form.show_error(f"Not saved, your text is kept (Enter tries again): {error}")

        self.saves.save(lambda: save_pulse(self.store, self.meeting_id, speaker, scores,
                                           at=at, by=self.role.name),
                        saved, not_saved, queued=lambda: form.show_error(BUSY_SAVING))

    @on(TypedAside)
    def _type_in_note_box(self, event: TypedAside) -> None:
        """A letter typed at the feed or the follow-ups table: the note-taker is writing."""
        box = self.query_one("#note-text", Input)
        if box.disabled:
            return
        self.set_focus(box)  # now: box.focus() would wait, and type after the key

        def type_it() -> None:  # after the box's focus, which selects all it holds
            box.cursor_position = len(box.value)
            box.insert_text_at_cursor(event.character)

        box.call_later(type_it)

    @on(DataTable.RowSelected, "#feed")
    def _read_selected(self) -> None:
        """Enter on the feed: the item whole, from where it can be edited or deleted."""
        feed = self.query_one(Feed)
        item = feed.selected_item()
        if item is None:
            return
        run = {"edit": self.action_edit_item, "delete": self.action_delete_item}

        def chosen(choice: ReaderChoice | None) -> None:
            if choice is not None and feed.selected_item() == item:
                run[choice]()

        when = clock_time(item.at, self.query_one(Feed).zone, unknown="--:--")
        self.app.push_screen(ItemReader(item, who_of(item, self.names), when), chosen)

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
        if item is not None:
            self._edit(item)

    def _edit(self, item: Item, draft: Draft | None = None, problem: str = "") -> None:
        """Every field of the item; back again with the user's words and what went wrong
        until it is saved or cancelled."""

        def apply(edited: Draft | None) -> None:
            if edited is None:
                return
            try:
                revised = self.live.revise(item, edited, self.today)
            except ValueError as error:
                self._edit(item, edited, str(error))
                return
            if revised == item:
                return

            def saved(updated: Item) -> None:
                self.live.remember_change(updated)
                self._refresh_feed()

            def not_saved(error: Exception) -> None:
                if isinstance(error, KeyError):
                    self._deleted_meanwhile(item, revised)
                else:
                    self._edit(item, edited, f"Not saved, your text is kept: {error}")

            self.saves.save(
                lambda: self.store.change_item(self.meeting_id, item.id, lambda _: revised),
                saved, not_saved, queued=lambda: self.notify(BUSY_SAVING, timeout=5))

        self.app.push_screen(EditItem(item, self.query_one(NoteForm).people, draft, problem),
                             apply)

    def _deleted_meanwhile(self, item: Item, revised: Item) -> None:
        """Another note-taker deleted the item being edited: offer the edit as a new one."""
        self.live.forget(item.id)
        self._refresh_feed()

        def answer(again: bool | None) -> None:
            if not again:
                self.notify(f"Edit dropped. Your text was: {revised.text}", timeout=15)
                return
            self._restore(revised, "Saved as a new item.")

        self.app.push_screen(Confirm(
            f"Another note-taker deleted this {item.kind} while you edited it. Save your "
            f"edit as a new {revised.kind}?\n\n{revised.text}", "Save as new"), answer)

    def action_delete_item(self) -> None:
        item = self._selected_item()
        if item is None:
            return

        def removed(gone: Item) -> None:
            self._deleted.append(gone)
            self.live.forget(gone.id)
            self._refresh_feed()
            self.notify("Item deleted. ctrl+z brings it back.")

        def not_removed(error: Exception) -> None:
            if isinstance(error, KeyError):  # someone else deleted it first
                self.live.forget(item.id)
                self._refresh_feed()
                self.notify("Another note-taker had already deleted that item.")
            else:
                self.notify(f"Not deleted, the item stays: {error}", severity="error",
                            timeout=10)

        self.saves.save(lambda: self.store.remove_item(self.meeting_id, item.id), removed,
                        not_removed, queued=lambda: self.notify(BUSY_SAVING, timeout=5))

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.")
            return
        self._restore(self._deleted[-1], "Item restored.")

    def _restore(self, item: Item, said: str) -> None:
        """Put an item (back) in the store; kept in memory until that worked."""
        if item not in self._deleted:
            self._deleted.append(item)

        def back(_: None) -> None:
            self._deleted.remove(item)
            self.live.remember(item)
            self._refresh_feed()
            self.notify(said)

        def not_back(error: Exception) -> None:
            if isinstance(error, ValueError):  # already back: another note-taker restored it
                back(None)
                return
            self.notify(f"Not saved, the item is kept here (ctrl+z tries again): {error}",
                        severity="error", timeout=10)

        self.saves.save(lambda: self.store.add_item(self.meeting_id, item), back, not_back,
                        queued=lambda: self.notify(BUSY_SAVING, timeout=5))

