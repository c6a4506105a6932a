"""The worksheet's eight questions as fields: one line each, or a few lines where the
answer is a paragraph.  Used by the worksheet screen and by setup's framing, so both ask the
same questions in the same words (domain/worksheet.py)."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from peertui.domain.worksheet import MAX_ANSWER, QUESTIONS, read_framing
from peertui.ui.safe import line


class WorksheetFields(Vertical):
    """Eight fields, ids `ws-<key>`; `values()` is what is typed, `fill()` puts answers in."""

    def __init__(self, answers: Mapping[str, str] | None = None, *, labels: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="worksheet-fields")
        self._answers = read_framing(answers or {})
        self._labels = labels
        self._filled: dict[str, str] = {}  # what fill() last put in each field

    def compose(self) -> ComposeResult:
        for question in QUESTIONS:
            text = self._answers.get(question.key, "")
            self._filled[question.key] = text
            hint = f"{question.label}: {question.hint}"
            if self._labels:
                yield Label(line((question.label, "bold"), f"  {question.hint}"),
                            classes="worksheet-label")
            if question.multiline:
                yield TextArea(text, id=f"ws-{question.key}", classes="worksheet-area",
                               placeholder=hint, soft_wrap=True)
            else:
                yield Input(text, id=f"ws-{question.key}", placeholder=hint,
                            max_length=MAX_ANSWER, classes="worksheet-line")

    def _field(self, key: str) -> Input | TextArea:
        field = self.query_one(f"#ws-{key}")
        assert isinstance(field, Input | TextArea)
        return field

    def values(self) -> dict[str, str]:
        """What each field holds now, by key (not yet cleaned)."""
        found: dict[str, str] = {}
        for question in QUESTIONS:
            field = self._field(question.key)
            found[question.key] = field.text if isinstance(field, TextArea) else field.value
        return found

    def changed(self) -> bool:
        """Whether anything was typed over what the fields were filled with."""
        now = self.values()
        return any(now[key].strip() != self._filled.get(key, "").strip() for key in now)

    def fill(self, answers: Mapping[str, str]) -> None:
        """Put another draft in, over the fields nobody typed in since the last fill (what
        the chair typed for this presenter is never lost)."""
        new = read_framing(answers)
        now = self.values()
        for question in QUESTIONS:
            key = question.key
            if now[key].strip() != self._filled.get(key, "").strip():
                continue  # typed by hand: kept
            field = self._field(key)
            if isinstance(field, TextArea):
                field.text = new.get(key, "")
            else:
                field.value = new.get(key, "")
            self._filled[key] = new.get(key, "")
