"""Switch to another group in the same store, or start a new one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from peertui.domain.roster import counted
from peertui.domain.text import clean_name
from peertui.services.groups import load_groups, new_group
from peertui.services.roster import find_group
from peertui.store import StoreError
from peertui.ui.base import PeerModal
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings


class GroupSwitch(PeerModal[str | None]):
    """Dismisses with the chosen group's id (an existing one or one just created)."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("switch-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, current_id: str | None) -> None:
        super().__init__()
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        groups = load_groups(self.store)
        options = []
        for group in groups:
            mark = "  (showing now)" if group.id == self.current_id else ""
            count = counted(len(group.active_members), "member")
            options.append(Option(plain(f"{group.name} · {count}{mark}"), id=group.id))
        with Vertical(classes="dialog", id="group-switch"):
            yield Label("[b]Switch group[/b]: Enter opens the highlighted group")
            yield OptionList(*options, id="group-list")
            yield Label("Or start a new group:", classes="section")
            yield Input(placeholder="New group's name, e.g. Smaller-company CIOs",
                        id="new-group-name", max_length=80)
            yield Label("", id="new-group-error", classes="error")
            yield Label("Enter opens or creates · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        others = [i for i, ident in enumerate(ids) if ident != self.current_id]
        if others:
            options.highlighted = others[0]
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#new-group-name")
    def create(self, event: Input.Submitted) -> None:
        error = self.query_one("#new-group-error", Label)
        store = self.store
        if event.value.strip() and find_group(store, event.value) is not None:
            error.update("A group with that name exists: pick it in the list above.")
            return
        try:
            group = new_group(store, clean_name(event.value, "group's name"))
        except ValueError as problem:
            error.update(str(problem))
            return
        except (StoreError, OSError) as problem:
            error.update(f"Not created: {problem}")
            return
        self.dismiss(group.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
