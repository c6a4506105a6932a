"""Forms over the roster: add or edit a person, and record a vetting.

Each form is given a `save` function that returns {field: problem}; problems are
shown beside the fields and what was typed stays, so nothing is lost to a typo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from peertui.domain.models import Member, MemberStatus
from peertui.domain.roster import (
    ROLE_FOCUS,
    SIZE_BANDS,
    VETTINGS_NEEDED,
    Admission,
    parse_day,
    status_choices,
)
from peertui.store import StoreError
from peertui.ui.safe import bold, line
from peertui.ui.screen_actions import ScreenAction, bindings

Save = Callable[[dict[str, str]], dict[str, str]]
TEXT_FIELDS = (
    ("name", "Name", "Full name"),
    ("company", "Company", "Company"),
    ("joined", "Joined", "YYYY-MM-DD"),
    ("contact", "Contact", "E-mail or phone"),
    ("notes", "Notes", "Anything the chair should remember"),
)
STATUS_LABELS: dict[MemberStatus, str] = {
    "member": "Member",
    "candidate": f"Candidate (a member once {VETTINGS_NEEDED} members vet them)",
    "retired": "Retired (history kept, off the roll call)",
}


def _row(label: str, widget: Input | Select[str], key: str) -> Vertical:
    return Vertical(
        Horizontal(Label(label, classes="form-label"), widget, classes="form-row"),
        Label("", id=f"{key}-error", classes="error form-error"),
        classes="form-field",
    )


class MemberForm(ModalScreen[bool]):
    """Add someone or edit them. Dismisses True once saved.

    Adding, the group's rule says how they join (`admission`) and the form says so;
    editing, a Select offers the status changes the rules allow (domain/roster.py).
    """

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("member-save", "ctrl+s", "save", "Save", in_palette=False),
        ScreenAction("member-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, save: Save, member: Member | None = None,
                 admission: Admission | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.save_fn = save
        self.member = member
        self.admission = admission

    def compose(self) -> ComposeResult:
        m = self.member
        with Vertical(classes="dialog", id="member-form"):
            # said at the top: on a short terminal the buttons are below the fold
            yield Label(line(bold(self.title_text), "  ·  ctrl+s saves, Esc cancels"))
            if m is None and self.admission is not None:
                yield Label(line(self.admission.why), id="joins-as", classes="hint")
            if m is not None:
                yield _row("Status", Select[str](
                    [(STATUS_LABELS[s], s) for s in status_choices(m)], id="status",
                    value=m.status, allow_blank=False, compact=True), "status")
            for key, label, hint in TEXT_FIELDS:
                if key == "joined" and m is not None and m.status == "candidate":
                    continue
                if key == "joined" and m is None:
                    if self.admission is not None and self.admission.status == "candidate":
                        continue  # a candidate joins at the vetting that admits them
                    hint = "YYYY-MM-DD (blank: today)"
                value = getattr(m, key) if m else ""
                yield _row(label, Input(value, placeholder=hint, id=key, compact=True,
                                        max_length=2000 if key == "notes" else 200), key)
                if key == "company":
                    yield _row("Size band", Select[str](
                        [(b, b) for b in SIZE_BANDS], id="size_band",
                        value=m.size_band if m and m.size_band in SIZE_BANDS else Select.NULL,
                        prompt="Revenue band (not set)", compact=True), "size_band")
                    yield _row("Role focus", Select[str](
                        [(r, r) for r in ROLE_FOCUS], id="role_focus",
                        value=m.role_focus if m and m.role_focus in ROLE_FOCUS else Select.NULL,
                        prompt="strategic or tactical (not set)", compact=True), "role_focus")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for widget in self.query("Input, Select"):
            if isinstance(widget, Input) and widget.id:
                out[widget.id] = widget.value
            elif isinstance(widget, Select) and widget.id:
                value = widget.value
                out[widget.id] = value if isinstance(value, str) else ""
        return out

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for label in self.query(".form-error").results(Label):
            label.update("")
        try:
            problems = self.save_fn(self.values())
        except (ValueError, StoreError, OSError) as problem:
            self.query_one("#form-error", Label).update(f"Not saved: {problem}")
            return
        if not problems:
            self.dismiss(True)
            return
        first = None
        for key, message in problems.items():
            found = self.query(f"#{key}-error")
            if found:
                found.first(Label).update(message)
                first = first or key
            else:
                self.query_one("#form-error", Label).update(message)
        if first:
            self.query_one(f"#{first}").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class VetForm(ModalScreen[bool]):
    """Record that one member vetted a candidate, and when."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("vet-save", "ctrl+s", "save", "Save", in_palette=False),
        ScreenAction("vet-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, candidate: Member, vetters: list[Member], already: str, today: date,
                 save: Callable[[str, date], None]) -> None:
        super().__init__()
        self.candidate = candidate
        self.vetters = vetters
        self.already = already
        self.today = today
        self.save_fn = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="vet-form"):
            yield Label(line(bold(f"Vet {self.candidate.name}"),
                             f" ({self.candidate.company or 'no company'})"))
            yield Label(line(self.already or "Not vetted yet: two members must vet a candidate."),
                        classes="hint")
            yield _row("Vetted by", Select[str]([(m.name, m.id) for m in self.vetters],
                                                id="vetter", prompt="Which member vetted them",
                                                compact=True),
                       "vetter")
            yield _row("On", Input(self.today.isoformat(), id="vet-date", compact=True,
                                   placeholder="YYYY-MM-DD"), "vet-date")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#vetter", Select).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        vetter_error = self.query_one("#vetter-error", Label)
        date_error = self.query_one("#vet-date-error", Label)
        vetter_error.update("")
        date_error.update("")
        vetter = self.query_one("#vetter", Select).value
        try:
            day = date.fromisoformat(parse_day(self.query_one("#vet-date", Input).value,
                                               "vetting date", required=True))
        except ValueError as problem:
            date_error.update(str(problem))
            return
        if day > self.today:
            date_error.update("A vetting cannot be in the future.")
            return
        if not isinstance(vetter, str):
            vetter_error.update("Choose the member who vetted them.")
            return
        try:
            self.save_fn(vetter, day)
        except (ValueError, StoreError, OSError) as problem:
            vetter_error.update(str(problem))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
