"""Edit every field of an item: kind, words, private, who gave or owns it, when it is due.

The dialog is the note form itself, filled from the item, so an edit reads and checks a
note exactly as a new one is (LiveMeeting.revise); it returns what the form holds, and
comes back with the same words and the reason when the save did not work.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from peertui.domain.records import Item
from peertui.services.live import Draft
from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.note_form import NoteForm


class EditItem(ModalScreen[Draft | None]):
    """Enter saves every field; Esc leaves the item as it was."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("edit-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, item: Item, people: list[tuple[str, str]], draft: Draft | None = None,
                 problem: str = "") -> None:
        super().__init__()
        self.item = item
        self.people = people
        self.draft = draft  # what was typed the last time, when it did not save
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="edit-item"):
            yield Label(line(f"Edit this {self.item.kind}"))
            yield NoteForm(self.people, id="edit-form")
            yield Label("Enter saves every field · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        form = self.query_one(NoteForm)
        form.fill(self.item, self.draft)
        if self.problem:
            form.show_error(self.problem)
        self.query_one("#note-text").focus()

    @on(NoteForm.Submitted)
    def _save(self, event: NoteForm.Submitted) -> None:
        event.stop()
        self.dismiss(event.draft)

    @on(NoteForm.Typed)
    def _typed(self, event: NoteForm.Typed) -> None:
        event.stop()  # read on save: the live screen under the dialog is not asked

    def action_cancel(self) -> None:
        self.dismiss(None)
