"""The presenter's forum worksheet, filled before the meeting by them or the chair for them.

The draft is kept on the member (Member.worksheet); setup moves it into the meeting it is
presented at.  ctrl+s saves, Esc goes back (asking first when typed words would be lost).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label

from peertui.services.worksheet import save_worksheet
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.safe import line
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.worksheet_fields import WorksheetFields


class WorksheetScreen(PeerScreen[None]):
    """One member's worksheet draft for their next deep dive."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("worksheet-save", "ctrl+s", "save", "Save worksheet",
                     palette_title="Save the presenter's worksheet"),
        ScreenAction("worksheet-back", "escape", "back", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        member = self.require_group().member(self.member_id)
        name = member.name if member else "?"
        yield Header()
        yield Label(line(("Forum worksheet", "bold"), f" for {name}'s deep dive: shown to the "
                         "room during the presentation; ctrl+s saves, Esc goes back"),
                    id="worksheet-intro")
        with VerticalScroll(id="worksheet-scroll"):
            yield WorksheetFields(member.worksheet if member else {}, id="worksheet-fields")
        yield Label("", id="worksheet-error", classes="error")
        yield FittedFooter()

    def on_mount(self) -> None:
        member = self.require_group().member(self.member_id)
        self.sub_title = f"{member.name if member else '?'} · worksheet"
        self.query_one("#ws-issue").focus()

    def action_save(self) -> None:
        fields = self.query_one(WorksheetFields)
        try:
            answers = save_worksheet(self.store, self.require_group().id, self.member_id,
                                     fields.values())
        except (ValueError, StoreError, OSError) as problem:
            self.query_one("#worksheet-error", Label).update(
                line(f"Not saved, your words are kept: {problem}"))
            return
        self.peer.reload_group()
        filled = len(answers)
        self.notify(f"Worksheet saved: {filled} of 8 questions answered. Setup puts it "
                    "in the meeting they present at.")
        self.dismiss(None)

    def action_back(self) -> None:
        if not self.query_one(WorksheetFields).changed():
            self.dismiss(None)
            return

        def answer(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(Confirm("Leave the worksheet without saving what you typed?",
                                     "Leave without saving"), answer)
