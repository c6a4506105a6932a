"""At the Follow-ups, the presenter of the last deep dive answers "did you get what you
needed?" (yes / partly / no, and a line), kept on that deep dive's record (Meeting.needs_met)
with its follow-through, so its review and minutes show it.  A part of the follow-ups panel.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from peertui.domain.records import NeedsAnswer
from peertui.domain.timesource import to_iso
from peertui.services.followthrough import DeepDive
from peertui.services.worksheet import NEEDS_ANSWERS, needs_met_line, save_needs_met
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.safe import line


class NeedsMetRow(Vertical, PeerNode):
    """The question, the answer and a line; Enter in the line (or a choice) saves."""

    def __init__(self, meeting_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id  # the meeting where it is asked
        self.dive: DeepDive | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="needs-row"):
            yield Label("Got what they needed?", id="needs-question")
            yield Select[str]([(word, key) for key, word in NEEDS_ANSWERS.items()],
                              prompt="Answer", id="needs-answer", compact=True)
            yield Input(placeholder="a line: what helped, what was missing (Enter saves)",
                        id="needs-comment", max_length=300, compact=True)
        yield Label("", id="needs-message", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#needs-message").display = False  # no blank row until it says something

    def show(self, dive: DeepDive | None, names: dict[str, str]) -> None:
        """The question for this deep dive's presenter, with what they answered already."""
        self.dive = dive
        self.display = dive is not None
        if dive is None:
            return
        who = names.get(str(dive.presenter_id), "the presenter")
        self.query_one("#needs-question", Label).update(line(f"Did {who} get what they needed? "))
        record = self.store.meeting(dive.meeting_id)
        said = needs_met_line(record.needs_met if record else None)
        self._say(f"Answered: {said}" if said else "")

    def _say(self, message: str) -> None:
        label = self.query_one("#needs-message", Label)
        label.update(line(message))
        label.display = bool(message)

    def _answer(self) -> NeedsAnswer | None:
        value = self.query_one("#needs-answer", Select).value
        return next((k for k in NEEDS_ANSWERS if k == value), None)

    @on(Select.Changed, "#needs-answer")
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if self._answer() is not None:
            self.save()

    @on(Input.Submitted, "#needs-comment")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        """Keep the answer on the deep dive's record; the line typed stays if it fails."""
        answer = self._answer()
        if self.dive is None:
            return
        if answer is None:
            self._say("Choose yes, partly or no first; your line is kept.")
            return
        comment = self.query_one("#needs-comment", Input).value
        try:
            record = save_needs_met(self.store, self.dive.meeting_id, answer, comment,
                                    at=to_iso(self.time.now()), captured_in=self.meeting_id)
        except (KeyError, StoreError, OSError) as problem:
            self._say(f"Not saved, your answer is kept: {problem}")
            return
        self._say(f"Saved to the deep dive: {needs_met_line(record.needs_met)}")
