"""Typing notes while the clock runs. Posts NoteForm.Submitted; the screen saves it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select

from peertui.domain.records import ITEM_KINDS, ItemKind
from peertui.services.live import Draft, kind_of
from peertui.ui.safe import line

KINDS = [("Note", "note"), ("Recommendation", "recommendation"), ("Action item", "action"),
         ("Decision", "decision")]


class NoteForm(Vertical):
    """Kind, text, and the fields that kind needs. Enter in the text box saves."""

    class Submitted(Message):
        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    def __init__(self, people: list[tuple[str, str]], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.people = people

    def compose(self) -> ComposeResult:
        with Horizontal(id="note-row"):
            yield Select[str](KINDS, value="note", allow_blank=False, id="kind")
            yield Input(placeholder="Type a note, Enter saves (r: rec, a: action, d: decision)",
                        id="note-text")
            yield Checkbox("Private", id="private")
        with Horizontal(id="rec-row", classes="kind-row"):
            yield Label("From")
            yield Select[str](self.people, id="giver", prompt="giver")
            yield Label("to")
            yield Select[str](self.people, id="recipient", prompt="presenter")
        with Horizontal(id="action-row", classes="kind-row"):
            yield Label("Owner")
            yield Select[str](self.people, id="owner", prompt="owner")
            yield Label("Due")
            yield Input(placeholder="2026-12-15, in 2 weeks, next meeting", id="due")
        yield Label("", id="note-error", classes="error")

    def on_mount(self) -> None:
        # A steady cursor: blinking repaints the live screen twice a second for nothing
        # (a third of its idle CPU next to a running clock; see tests/bench, idle CPU).
        for field in self.query(Input):
            field.cursor_blink = False
        self._show_rows("note")

    def _show_rows(self, kind: str) -> None:
        self.query_one("#rec-row").display = kind == "recommendation"
        self.query_one("#action-row").display = kind == "action"

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_rows(str(event.value))

    def set_defaults(self, giver: str | None, recipient: str | None) -> None:
        """Follow the clock: the speaker of the moment gives, the presenter receives."""
        if giver:
            self.query_one("#giver", Select).value = giver
        if recipient:
            self.query_one("#recipient", Select).value = recipient

    def show_error(self, message: str) -> None:
        self.query_one("#note-error", Label).update(line(message))

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    @on(Input.Submitted, "#note-text, #due")
    def submit(self) -> None:
        text = self.query_one("#note-text", Input).value
        picked = self.query_one("#kind", Select).value
        chosen: ItemKind = next((k for k in ITEM_KINDS if k == picked), "note")
        shown: ItemKind = kind_of(text, chosen)[0]
        if shown != chosen:  # 'a: ...' shows the action's owner and due fields at once
            self.query_one("#kind", Select).value = shown
        self.post_message(self.Submitted(Draft(
            kind=chosen, text=text, private=self.query_one("#private", Checkbox).value,
            giver_id=self._value("#giver"), recipient_id=self._value("#recipient"),
            owner_id=self._value("#owner"), due_text=self.query_one("#due", Input).value,
        )))

    def clear_after_save(self, saved_text: str | None = None) -> None:
        """Keep kind and people (the next item is often alike); clear the text, unless
        the box already holds new words (typed while a slow save waited)."""
        box = self.query_one("#note-text", Input)
        if saved_text is not None and box.value != saved_text:
            self.show_error("")
            return
        box.value = ""
        self.query_one("#due", Input).value = ""
        self.query_one("#private", Checkbox).value = False
        self.show_error("")
