"""One member, seen from the roster: their commitments and say/do, and what other parts add.

A VerticalScroll of sections; each section is a widget made from the member's id, so a new
one (a pulse trend, share of voice) is one more line in SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Header, Static

from peertui.ui.base import PeerScreen
from peertui.ui.safe import bold, line
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.member_ledger import MemberLedger
from peertui.ui.widgets.pulse_trend import PulseTrend
from peertui.ui.widgets.voice_chart import MemberVoiceTrend

#: The member view's sections, top to bottom: each made from the member's id.
SECTIONS: tuple[Callable[[str], Widget], ...] = (
    MemberLedger,
    PulseTrend,  # their self-ratings at each updates round (private: this screen only)
    MemberVoiceTrend,  # their share of voice at the last meetings
)


class MemberView(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("member-back", "escape", "app.pop_screen", "Back to the roster",
                     in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        group = self.require_group()
        member = next((m for m in group.members if m.id == self.member_id), None)
        yield Header()
        with VerticalScroll(id="member-view"):
            if member is None:
                yield Static("This member is no longer in the group.", id="member-heading")
                return
            about = " · ".join(p for p in (member.company, member.role_focus) if p)
            yield Static(line(bold(member.name), f"  {about}" if about else ""),
                         id="member-heading")
            for make in SECTIONS:
                yield make(self.member_id)
        yield FittedFooter()

    def on_mount(self) -> None:
        group = self.require_group()
        self.sub_title = f"{group.name} · {group.names.get(self.member_id, 'member')}"
