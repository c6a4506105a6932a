"""The small form over the topic bank: whose topic, the issue in one line, its urgency.

It is given a `save` function that raises ValueError with what is wrong; the message shows
under the fields and what was typed stays, so nothing is lost to a slip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from peertui.domain.models import Member, Topic
from peertui.domain.topics import URGENCIES, URGENCY_WORDS
from peertui.services.topics import MAX_ISSUE
from peertui.store import StoreError
from peertui.ui.safe import bold, line
from peertui.ui.screen_actions import ScreenAction, bindings

#: The form's fields as given to save: member id ("" if none), issue, urgency.
SaveTopic = Callable[[str, str, str], None]


class TopicForm(ModalScreen[bool]):
    """Add or edit a topic. Dismisses True once saved, False when cancelled."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("topic-save", "ctrl+s", "save", "Save", in_palette=False),
        ScreenAction("topic-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, members: list[Member], save: SaveTopic,
                 topic: Topic | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.members = members
        self.save_fn = save
        self.topic = topic

    def compose(self) -> ComposeResult:
        t = self.topic
        ids = {m.id for m in self.members}
        with Vertical(classes="dialog", id="topic-form"):
            yield Label(line(bold(self.title_text), "  ·  ctrl+s saves, Esc cancels"))
            with Horizontal(classes="form-row"):
                yield Label("Member", classes="form-label")
                yield Select[str]([(m.name, m.id) for m in self.members], id="topic-member",
                                  value=t.member_id if t and t.member_id in ids else Select.NULL,
                                  prompt="Whose topic", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Issue", classes="form-label")
                yield Input(t.issue if t else "", id="topic-issue", compact=True,
                            max_length=MAX_ISSUE, placeholder="The issue in one line")
            with Horizontal(classes="form-row"):
                yield Label("Urgency", classes="form-label")
                yield Select[str]([(f"{u}: {URGENCY_WORDS[u]}", u) for u in URGENCIES],
                                  id="topic-urgency", value=t.urgency if t else "B",
                                  allow_blank=False, compact=True)
            yield Label("", id="topic-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        first = "#topic-issue" if self.topic else "#topic-member"
        self.query_one(first).focus()

    def _picked(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#topic-error", Label)
        try:
            self.save_fn(self._picked("#topic-member"), self.query_one("#topic-issue", Input)
                         .value, self._picked("#topic-urgency"))
        except ValueError as problem:
            error.update(line(str(problem)))
            return
        except (StoreError, OSError) as problem:
            error.update(line(f"Not saved, what you typed is kept: {problem}"))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
