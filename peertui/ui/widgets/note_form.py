"""Typing notes while the clock runs. Posts NoteForm.Submitted; the screen saves it.

As the note is typed the form posts Typed, and the screen answers with how it reads
(show_reading): `a: Tom run the restore test, in 2 weeks` sets the kind, the owner and the
due date in their fields before Enter, so what is saved is what was shown.
"""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Checkbox, Input, Label, Select

from peertui.domain.advice import NUDGE, needs_nudge, read_tag
from peertui.domain.inline import Reading, kind_of
from peertui.domain.records import ITEM_KINDS, Item, ItemKind, RecommendationTag
from peertui.domain.topics import URGENCY_WORDS
from peertui.services.live import Defaults, Draft
from peertui.ui.base import PeerNode
from peertui.ui.safe import line
from peertui.ui.widgets.steady import steady_select, update_steady

KINDS = [("Note", "note"), ("Recommendation", "recommendation"), ("Action item", "action"),
         ("Decision", "decision"), ("Plus: worked", "plus"), ("Delta: change", "delta")]
KIND_NAMES: dict[str, str] = {kind: name for name, kind in KINDS}
#: The tag choices; Select wants a value for "not said", stored as "".
TAGS = [("Experience", "experience"), ("Advice", "advice"), ("Not said", "unsaid")]


def _tag_value(tag: RecommendationTag) -> str:
    return tag or "unsaid"


def _tag_of(value: object) -> RecommendationTag:
    return "experience" if value == "experience" else "advice" if value == "advice" else ""


class NoteBox(Input):
    """The note's text box, submitting on Enter before it takes the next key.

    Input leaves Enter to its binding, which the app runs once the key has bubbled up; a
    fast typist's next keys are queued here first and would join the note being saved
    (the pty newcomer test caught "...March" + "d: we pilot..." saved as one note).

    Its virtual size (the text's width, for scrolling) changes at every key; Textual's
    reactive lays the whole screen out again for that, most of a key's echo time on the
    live screen (tests/bench bar 9).  The box's own size never follows its text, so here a
    change of it only repaints the box."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()  # Submitted carries the value as it is now
            return
        await super()._on_key(event)


class NoteForm(Vertical):
    """Kind, text, and the fields that kind needs. Enter in the text box saves."""

    class Submitted(Message):
        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    class Typed(Message):
        """The note box changed: the screen reads it and answers with show_reading."""

        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    def __init__(self, people: list[tuple[str, str]], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.people = people
        self.defaults = Defaults("note", None, None, None)
        self._said = ""  # the reading line last shown
        self._tag_chosen = False  # the note-taker picked the tag: the words no longer set it
        self._tag_shown = "unsaid"  # the tag the form itself last showed
        self._editing = False  # filled with a saved item: its tag stays what was chosen

    def compose(self) -> ComposeResult:
        with Horizontal(id="note-row"):
            yield Select[str](KINDS, value="note", allow_blank=False, id="kind")
            yield NoteBox(placeholder="Type a note, Enter saves (r: rec, a: action, "
                          "d: decision)", id="note-text")
            yield Checkbox("Private", id="private")
        with Horizontal(id="rec-row", classes="kind-row"):
            yield Label("From")
            yield Select[str](self.people, id="giver", prompt="giver")
            yield Label("to")
            yield Select[str](self.people, id="recipient", prompt="presenter")
            yield Select[str](TAGS, value="unsaid", allow_blank=False, id="tag")
        with Horizontal(id="action-row", classes="kind-row"):
            yield Label("Owner")
            yield Select[str](self.people, id="owner", prompt="owner")
            yield Label("Due")
            yield Input(placeholder="2026-12-15, in 2 weeks, next meeting", id="due")
        yield Label("", id="note-error", classes="error")
        yield Label(NUDGE, id="advice-nudge", classes="hint")

    def on_mount(self) -> None:
        # A steady cursor: blinking repaints the live screen twice a second for nothing
        # (a third of its idle CPU next to a running clock; see tests/bench, idle CPU).
        for field in self.query(Input):
            field.cursor_blink = False
        for select in self.query(Select):
            steady_select(select)  # the owner follows the speaker at every F4
        self._show_rows("note")
        self.query_one("#advice-nudge").display = False

    def _show_rows(self, kind: str) -> None:
        self.query_one("#rec-row").display = kind == "recommendation"
        self.query_one("#action-row").display = kind == "action"

    @on(Select.Changed, "#tag")
    def _tag_picked(self, event: Select.Changed) -> None:
        """The note-taker's own pick: the form's own settings (and the Select's first value
        at mount) match what the form last showed."""
        event.stop()
        if event.value != self._tag_shown:
            self._tag_chosen = True

    def _show_tag(self, tag: RecommendationTag) -> None:
        field = self.query_one("#tag", Select)
        self._tag_shown = _tag_value(tag)
        if field.value != _tag_value(tag):
            with field.prevent(Select.Changed):
                field.value = _tag_value(tag)

    def _nudge_wanted(self) -> bool:
        """The group's choice (Group.advice_nudge), read where the form is shown."""
        screen = self.screen
        group = screen.group if isinstance(screen, PeerNode) else None
        return bool(group and group.advice_nudge)

    def _show_nudge(self, reading: Reading) -> None:
        wanted = reading.kind == "recommendation" and needs_nudge(reading.text) \
            and self._nudge_wanted()
        nudge = self.query_one("#advice-nudge")
        if nudge.display != wanted:
            nudge.display = wanted

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_rows(str(event.value))

    def set_defaults(self, defaults: Defaults) -> None:
        """Follow the clock: the speaker of the moment gives and owns, the presenter
        receives; the kind follows the segment while nothing is being typed."""
        self.defaults = defaults
        for selector, value in (("#giver", defaults.giver_id), ("#owner", defaults.owner_id),
                                ("#recipient", defaults.recipient_id)):
            if value and value in self._choices():
                self.query_one(selector, Select).value = value
        if not self.query_one("#note-text", Input).value:
            self.query_one("#kind", Select).value = defaults.kind

    def show_error(self, message: str) -> None:
        label = self.query_one("#note-error", Label)
        label.set_class(False, "-reading", "-saved")
        update_steady(label, line(message))

    def show_reading(self, reading: Reading, due_shown: str) -> None:
        """What the typed note says, in its fields and in a line under the box.  Called at
        every key: each field is set only when it changes, as each change costs a repaint."""
        self._set(self.query_one("#kind", Select), reading.kind)
        field = {"action": "#owner", "recommendation": "#giver"}.get(reading.kind)
        if reading.person_id and field and reading.person_id in self._choices():
            self._set(self.query_one(field, Select), reading.person_id)
        if reading.due_text:
            self._set(self.query_one("#due", Input), reading.due_text)
        if reading.kind == "recommendation" and not self._tag_chosen:
            self._show_tag(read_tag(reading.text))
        self._show_nudge(reading)
        parts: list[str] = []
        if reading.person_name:
            parts.append(f"{reading.role} {reading.person_name}")
        if reading.ambiguous:
            parts.append(f"which one: {' or '.join(reading.ambiguous)}?")
        if due_shown:
            parts.append(due_shown)
        self.show_said(f"{KIND_NAMES[reading.kind]}: " + " · ".join(parts) if parts else "")

    def show_said(self, said: str) -> None:
        """A line under the box saying what Enter will save (not an error)."""
        label = self.query_one("#note-error", Label)
        if label.has_class("-reading") and said == self._said:
            return
        self._said = said
        label.set_class(True, "-reading")
        label.set_class(False, "-saved")
        update_steady(label, line(said))

    def show_topic(self, reading: Reading, speaker: str) -> None:
        """A "t:" note, read: a topic for the bank, whose and how urgent, before Enter."""
        who = reading.person_name or speaker
        parts = [f"which one: {' or '.join(reading.ambiguous)}?" if reading.ambiguous
                 else f"member {who}" if who else "whose? 't: Name: the issue, A'"]
        if reading.urgency is not None:
            parts.append(f"urgency {reading.urgency} ({URGENCY_WORDS[reading.urgency]})")
        self.confirm("Topic for the bank: " + " · ".join(parts))

    def confirm(self, said: str, saved: bool = False) -> None:
        """A plain line under the box (not an error): a reading, or what was just *saved*
        (which stays when the box empties, until the next key)."""
        label = self.query_one("#note-error", Label)
        if not saved and label.has_class("-reading") and said == self._said:
            return
        self._said = "" if saved else said
        label.set_class(not saved, "-reading")
        label.set_class(saved, "-saved")
        update_steady(label, line(said))

    def _choices(self) -> set[str]:
        """Who the people fields offer (a retired member named in a note is not there)."""
        return {member_id for _, member_id in self.people}

    @staticmethod
    def _set(field: Select[str] | Input, value: str) -> None:
        if field.value != value:
            field.value = value

    @on(Input.Changed, "#note-text")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Typed(self._draft()))
        else:  # the box emptied: the next words start afresh, tag and nudge too
            self.query_one("#advice-nudge").display = False
            if not self._editing:
                self._tag_chosen = False
                self._show_tag("")
            if self.query_one("#note-error", Label).has_class("-reading"):
                self.show_error("")  # the box emptied: no reading to show (an error stays)

    def fill(self, item: Item, draft: Draft | None = None) -> None:
        """Show an item (or what was typed over it last time) in every field, to edit."""
        shown = draft or Draft(kind=item.kind, text=item.text, private=item.private,
                               giver_id=item.giver_id, recipient_id=item.recipient_id,
                               owner_id=item.owner_id, due_text=item.due_text or item.due,
                               tag=item.tag)
        self.query_one("#kind", Select).value = shown.kind
        self._show_rows(shown.kind)
        self.query_one("#note-text", Input).value = shown.text
        self.query_one("#private", Checkbox).value = shown.private
        for selector, value in (("#giver", shown.giver_id), ("#recipient", shown.recipient_id),
                                ("#owner", shown.owner_id)):
            if value and any(member_id == value for _, member_id in self.people):
                self.query_one(selector, Select).value = value
        self.query_one("#due", Input).value = shown.due_text
        self._editing = True  # the item's tag is the truth while it is edited
        self._show_tag(shown.tag if shown.tag is not None else item.tag)
        self._tag_chosen = True

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    def _draft(self) -> Draft:
        text = self.query_one("#note-text", Input).value
        picked = self.query_one("#kind", Select).value
        chosen: ItemKind = next((k for k in ITEM_KINDS if k == picked), "note")
        return Draft(
            kind=chosen, text=text, private=self.query_one("#private", Checkbox).value,
            giver_id=self._value("#giver"), recipient_id=self._value("#recipient"),
            owner_id=self._value("#owner"), due_text=self.query_one("#due", Input).value,
            tag=_tag_of(self.query_one("#tag", Select).value) if self._tag_chosen else None,
        )

    @on(Input.Submitted, "#note-text, #due")
    def submit(self, event: Input.Submitted) -> None:
        draft = self._draft()
        if event.input.id == "note-text":
            # the words as they were when Enter was pressed: keys typed straight after it
            # reach the box before this message does, and they are the next note's
            draft = replace(draft, text=event.value)
        shown: ItemKind = kind_of(draft.text, draft.kind)[0]
        if shown != draft.kind:  # 'a: ...' shows the action's owner and due fields at once
            self.query_one("#kind", Select).value = shown
        self.post_message(self.Submitted(draft))

    def clear_after_save(self, saved_text: str | None = None) -> None:
        """Clear the saved words; words typed after them (the next note, begun while the
        save ran) stay, and the box keeps any it no longer starts with (edited meanwhile).
        The kind and owner go back to the moment's defaults, people stay."""
        box = self.query_one("#note-text", Input)
        if saved_text is not None and box.value != saved_text:
            if not box.value.startswith(saved_text):
                self.show_error("")
                return
            box.value = box.value[len(saved_text):].lstrip()
        else:
            box.value = ""
        self.query_one("#kind", Select).value = self.defaults.kind  # as Private goes back
        if self.defaults.owner_id in self._choices():
            self.query_one("#owner", Select).value = self.defaults.owner_id
        self.query_one("#due", Input).value = ""
        self.query_one("#private", Checkbox).value = False
        self._tag_chosen = False
        self._show_tag("")
        self.query_one("#advice-nudge").display = False
        self.show_error("")
