"""The group's agenda templates: pick the default, copy, edit, delete."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Header, Label, Static

from peertui.domain.models import AgendaTemplate, Group
from peertui.domain.templates import builtin_template, hours, is_builtin, total_verdict
from peertui.services.templates import (
    copy_template,
    default_for,
    delete_template,
    set_default,
    templates_of,
)
from peertui.store import Store, StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.template_editor import TemplateEditor
from peertui.ui.widgets.fitted_footer import FittedFooter


def outline(template: AgendaTemplate) -> str:
    """One line per segment: what the meeting will look like."""
    lines = []
    for seg in template.segments:
        flex = " (flexible)" if seg.flexible else ""
        if seg.kind == "round":
            who = "each present member" if seg.round_who == "present" else "each but the presenter"
            lines.append(f"{escape(seg.title)}: {seg.minutes} min for {who}{flex}")
        elif seg.phases:
            phases = ", ".join(f"{escape(p.title)} {p.minutes}"
                               + ("*" if p.flexible else "") for p in seg.phases)
            lines.append(f"{escape(seg.title)}: {phases} min")
        else:
            lines.append(f"{escape(seg.title)}: {seg.minutes} min{flex}")
    return "\n".join(lines)


A = ScreenAction
ACTIONS: tuple[ScreenAction, ...] = (
    A("template-edit", "enter", "edit", "Edit", palette_title="Edit the highlighted template",
      help="the built-in is edited as a copy"),
    A("template-copy", "c", "copy", "Copy", palette_title="Copy the highlighted template"),
    A("template-new", "n", "new", "New", palette_title="New template (from the built-in)"),
    A("template-default", "s", "make_default", "Use by default",
      palette_title="Use the highlighted template by default", help="setup starts from it"),
    A("template-delete", "d", "delete", "Delete", palette_title="Delete the highlighted template"),
    A("switch-group", "g", "app.switch_group", "Switch group", palette_title="Switch group"),
    A("templates-back", "escape", "app.pop_screen", "Back", in_palette=False),
)


class TemplatesScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.templates: list[AgendaTemplate] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="templates"):
            yield Static(id="templates-intro")
            yield DataTable(id="templates-table", cursor_type="row")
            yield Label("Segments", classes="section")
            yield Static(id="template-outline")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Template", "Segments", "Total", "Target",
                                              "Default")
        self.refresh_view()
        self.query_one(DataTable).focus()
        self.watch_group(self._group_changed)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def _group_changed(self, _group: Group | None) -> None:
        """Saved (here, or in the editor over this screen): show its templates as they are."""
        self.refresh_view()

    def refresh_view(self, select: str | None = None) -> None:
        group = self.group
        if group is None:
            return
        self.sub_title = f"{group.name} · agenda templates"
        members = max(len(group.active_members), 2)
        self.query_one("#templates-intro", Static).update(
            f"[b]{escape(group.name)}[/b]: agenda templates. Totals are for all "
            f"{members} members present. The built-in template cannot be changed: "
            "editing it saves a copy.")
        table = self.query_one(DataTable)
        keep = select or self._highlighted_id()
        table.clear()
        self.templates = templates_of(group)
        default_id = default_for(group).id
        for template in self.templates:
            total, verdict = total_verdict(template, members)
            table.add_row(plain(template.name), str(len(template.segments)),
                          f"{hours(total)} ({verdict})",
                          f"{hours(template.target_min_minutes)} to "
                          f"{hours(template.target_max_minutes)}",
                          "✓" if template.id == default_id else "", key=template.id)
        if keep:
            index = next((i for i, t in enumerate(self.templates) if t.id == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self._show_outline()

    def _highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value else None

    def _highlighted(self) -> AgendaTemplate | None:
        ident = self._highlighted_id()
        return next((t for t in self.templates if t.id == ident), None)

    @on(DataTable.RowHighlighted)
    def _show_outline(self) -> None:
        template = self._highlighted()
        self.query_one("#template-outline", Static).update(
            outline(template) if template else "")

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def _ids(self) -> tuple[Store, str]:
        assert self.group is not None, "templates are shown for a group"
        return self.store, self.group.id

    def _select(self, template_id: str) -> None:
        """Put the cursor on a template (the table follows the saved group: _group_changed)."""
        index = next((i for i, t in enumerate(self.templates) if t.id == template_id), None)
        if index is not None:
            self.query_one(DataTable).move_cursor(row=index)

    def action_edit(self) -> None:
        template = self._highlighted()
        if template is not None:
            self.app.push_screen(TemplateEditor(template))

    def action_new(self) -> None:
        self.app.push_screen(TemplateEditor(builtin_template(), fresh=True))

    def action_copy(self) -> None:
        template = self._highlighted()
        if template is None:
            return
        store, group_id = self._ids()
        try:
            twin = copy_template(store, group_id, template.id)
        except (ValueError, StoreError, OSError) as problem:
            self.notify(f"Not copied: {problem}", severity="error", markup=False)
            return
        self.peer.reload_group()
        self._select(twin.id)
        self.notify(f"Copied as '{twin.name}'. Enter edits it.", markup=False)

    def action_make_default(self) -> None:
        template = self._highlighted()
        if template is None:
            return
        store, group_id = self._ids()
        try:
            set_default(store, group_id, template.id)
        except (ValueError, StoreError, OSError) as problem:
            self.notify(f"Not changed: {problem}", severity="error", markup=False)
            return
        self.peer.reload_group()
        self._select(template.id)
        self.notify(f"New meetings start from '{template.name}'.", markup=False)

    def action_delete(self) -> None:
        template = self._highlighted()
        if template is None:
            return
        if is_builtin(template):
            self.notify("The built-in template stays; copy it (c) to make your own.",
                        severity="warning")
            return
        store, group_id = self._ids()

        def apply(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                delete_template(store, group_id, template.id)
            except (ValueError, StoreError, OSError) as problem:
                self.notify(f"Not deleted: {problem}", severity="error", markup=False)
                return
            self.peer.reload_group()
            self.notify(f"Deleted '{template.name}'. Past meetings keep their agenda.",
                        markup=False)

        self.app.push_screen(Confirm(f"Delete the template '{template.name}'?", "Delete"), apply)
