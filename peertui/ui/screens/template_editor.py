"""Edit one agenda template: segments, minutes, per-speaker timeboxes, what may shrink.

The screen edits a draft; nothing is stored until ctrl+s passes every check. The
built-in template is edited as a copy, so it can never be broken.
"""

from __future__ import annotations

import copy
from itertools import count
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Input, Label, Static

from peertui.domain.agenda import parse_minutes
from peertui.domain.models import AgendaTemplate, Phase, SegmentTemplate
from peertui.domain.templates import (
    copy_of,
    hours,
    is_builtin,
    new_segment,
    row_id,
    total_verdict,
    unique_name,
)
from peertui.services.templates import save_template
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.widgets.fitted_footer import FittedFooter

_uids = count(1)
T = TypeVar("T")


def _swap(items: list[T], thing: T, step: int) -> bool:
    """Move *thing* by *step* places in *items*; False if that would leave the list."""
    index = items.index(thing)
    target = index + step
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    return True


A = ScreenAction
ACTIONS: tuple[ScreenAction, ...] = (
    A("editor-save", "ctrl+s", "save", "Save", palette_title="Save the template",
      help="only a template that passes every check"),
    A("editor-add", "f3", "add_segment", "Add segment", palette_title="Add a segment",
      help="one countdown, 10 min"),
    A("editor-add-round", "f4", "add_round", "Add round",
      palette_title="Add a round (a timebox per speaker)", help="3 min per present member"),
    A("editor-remove", "f5", "remove_row", "Remove row",
      palette_title="Remove the segment or phase with the cursor"),
    A("editor-up", "f6", "move(-1)", "Move up",
      palette_title="Move the segment with the cursor up"),
    A("editor-down", "f7", "move(1)", "Move down",
      palette_title="Move the segment with the cursor down"),
    A("editor-back", "escape", "leave", "Back", in_palette=False),
)


class TemplateEditor(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, template: AgendaTemplate, fresh: bool = False) -> None:
        super().__init__()
        group = self.require_group()
        taken = [t.name for t in group.templates]
        self.from_builtin = is_builtin(template)
        if self.from_builtin:
            self.draft = copy_of(template, taken)
            if fresh:
                self.draft.name = unique_name("New template", taken)
        else:
            self.draft = copy.deepcopy(template)
        self.present = max(len(group.active_members), 2)
        self.uid: dict[int, str] = {}  # id(segment or phase) -> stable row uid
        self.typed: dict[str, str] = {}  # widget id -> text as typed, kept across rebuilds
        self.dirty = fresh or self.from_builtin

    # layout ------------------------------------------------------------------------

    def _uid(self, thing: SegmentTemplate | Phase) -> str:
        key = id(thing)
        if key not in self.uid:
            self.uid[key] = f"r{next(_uids)}"
        return self.uid[key]

    def compose(self) -> ComposeResult:
        note = ("A copy of the built-in template: saving adds it to this group's templates; "
                "the built-in stays as it is." if self.from_builtin else
                "Saving replaces this template; past meetings keep the agenda they ran.")
        yield Header()
        with Vertical(id="editor"):
            yield Static(note, classes="hint")
            with Horizontal(classes="editor-head"):
                yield Label("Name", classes="editor-kind")
                yield Input(self.draft.name, id="template-name", max_length=80, compact=True)
                yield Label("", id="err-name", classes="error editor-error")
            with Horizontal(classes="editor-head"):
                yield Label("Target", classes="editor-kind")
                yield Input(str(self.draft.target_min_minutes), id="target-min",
                            classes="editor-minutes", max_length=4, compact=True)
                yield Label("to", classes="editor-unit")
                yield Input(str(self.draft.target_max_minutes), id="target-max",
                            classes="editor-minutes", max_length=4, compact=True)
                yield Label("min", classes="editor-unit")
                yield Label("", id="err-target", classes="error editor-error")
            yield Label("Segments", classes="section")
            yield Static("Minutes are whole minutes; a round gives each speaker a timebox. "
                         "Flexible parts may shrink when the meeting is rebalanced. "
                         "F5, F6 and F7 act on the row with the cursor.", classes="hint")
            yield VerticalScroll(*self._rows(), id="editor-rows")
            yield Label("", id="err-segments", classes="error")
            yield Static(id="editor-total")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def _rows(self) -> list[Widget]:
        rows: list[Widget] = []
        for seg in self.draft.segments:
            uid = self._uid(seg)
            if seg.kind == "deep_dive":
                rows.append(self._row(uid, "deep dive", seg.title, None, None, "phases below"))
                for phase in seg.phases:
                    rows.append(self._row(self._uid(phase), "  phase", phase.title,
                                          phase.minutes, phase.flexible, "min"))
            elif seg.kind == "round":
                who = ("min per speaker" if seg.round_who == "present"
                       else "min per speaker but the presenter")
                rows.append(self._row(uid, "round", seg.title, seg.minutes, seg.flexible, who))
            else:
                rows.append(self._row(uid, "segment", seg.title, seg.minutes, seg.flexible,
                                      "min"))
        return rows

    def _row(self, uid: str, kind: str, title: str, minutes: int | None,
             flexible: bool | None, unit: str) -> Horizontal:
        parts: list[Widget] = [
            Label(kind, classes="editor-kind"),
            Input(self.typed.get(f"title-{uid}", title), id=f"title-{uid}",
                  classes="editor-title", max_length=80, compact=True),
        ]
        if minutes is not None:
            parts.append(Input(self.typed.get(f"min-{uid}", str(minutes)), id=f"min-{uid}",
                               classes="editor-minutes", max_length=4, compact=True))
        if flexible is not None:
            parts.append(Checkbox("flexible", flexible, id=f"flex-{uid}", compact=True,
                                  classes="editor-flex"))
        parts.append(Label(unit, classes="editor-unit"))
        parts.append(Label(self._typed_problem(uid, kind), id=f"err-{uid}",
                           classes="error editor-error"))
        return Horizontal(*parts, classes="editor-row", id=f"row-{uid}")

    def _typed_problem(self, uid: str, kind: str) -> str:
        """What is still wrong with text typed before a rebuild, so it stays marked."""
        if not self.typed.get(f"title-{uid}", "x").strip():
            return "The name cannot be empty."
        text = self.typed.get(f"min-{uid}")
        if text is None:
            return ""
        try:
            value = parse_minutes(text)
        except ValueError as bad:
            return str(bad)
        return "At most 60 minutes per speaker." if kind == "round" and value > 60 else ""

    def on_mount(self) -> None:
        self.sub_title = f"{self.require_group().name} · template: {self.draft.name}"
        self.refresh_total()
        self.query_one("#template-name", Input).focus()

    async def rebuild(self, focus_uid: str | None = None) -> None:
        rows = self.query_one("#editor-rows", VerticalScroll)
        await rows.remove_children()
        await rows.mount_all(self._rows())
        self.refresh_total()
        if focus_uid:
            found = self.query(f"#title-{focus_uid}")
            if found:
                found.first(Input).focus()
                found.first(Input).scroll_visible()

    # finding what a row is -----------------------------------------------------------

    def _things(self) -> dict[str, tuple[SegmentTemplate, Phase | None]]:
        out: dict[str, tuple[SegmentTemplate, Phase | None]] = {}
        for seg in self.draft.segments:
            out[self._uid(seg)] = (seg, None)
            for phase in seg.phases:
                out[self._uid(phase)] = (seg, phase)
        return out

    def _current_uid(self) -> str | None:
        node: DOMNode | None = self.focused
        while node is not None and not (node.id or "").startswith("row-"):
            node = node.parent
        return node.id.removeprefix("row-") if node is not None and node.id else None

    # typing --------------------------------------------------------------------------

    @on(Input.Changed)
    def typed_in(self, event: Input.Changed) -> None:
        ident = event.input.id or ""
        self.typed[ident] = event.value
        kind, _, uid = ident.partition("-")
        error_id = {"template": "err-name", "target": "err-target"}.get(kind, f"err-{uid}")
        problem = ""
        if ident == "template-name":
            self.draft.name = event.value
            name = event.value.strip() or "?"
            self.sub_title = f"{self.require_group().name} · template: {name}"
        elif ident in ("target-min", "target-max"):
            try:
                value = parse_minutes(event.value)
            except ValueError as bad:
                problem = f"Target: {bad}"
            else:
                if ident == "target-min":
                    self.draft.target_min_minutes = value
                else:
                    self.draft.target_max_minutes = value
        else:
            found = self._things().get(uid)
            if found is None:
                return
            seg, phase = found
            thing: SegmentTemplate | Phase = phase or seg
            if kind == "title":
                thing.title = event.value
                problem = self._typed_problem(uid, "round" if seg.kind == "round" else "")
            elif kind == "min":
                problem = self._typed_problem(uid, "round" if seg.kind == "round" else "")
                if not problem:
                    thing.minutes = parse_minutes(event.value)
        self.dirty = True
        self._show_error(error_id, problem)
        self.refresh_total()

    @on(Checkbox.Changed)
    def flexible_changed(self, event: Checkbox.Changed) -> None:
        uid = (event.checkbox.id or "").removeprefix("flex-")
        found = self._things().get(uid)
        if found is not None:
            seg, phase = found
            (phase or seg).flexible = event.value
            self.dirty = True

    def _show_error(self, error_id: str, problem: str) -> None:
        found = self.query(f"#{error_id}")
        if found:
            found.first(Label).update(problem)

    def _typing_errors(self) -> list[str]:
        return [str(label.content) for label in self.query(".editor-error").results(Label)
                if str(label.content)]

    def refresh_total(self) -> None:
        total, verdict = total_verdict(self.draft, self.present)
        colour = {"within": "$success", "over": "$error", "under": "$warning"}[verdict]
        low, high = self.draft.target_min_minutes, self.draft.target_max_minutes
        self.query_one("#editor-total", Static).update(
            f"Total [b]{hours(total)}[/b] with all {self.present} members present: "
            f"[{colour}]{verdict}[/] the target of {hours(low)} to {hours(high)}")

    # structure -----------------------------------------------------------------------

    async def action_add_segment(self) -> None:
        await self._add("New segment", "single", 10)

    async def action_add_round(self) -> None:
        await self._add("New round", "round", 3)

    async def _add(self, title: str, kind: str, minutes: int) -> None:
        current = self._current_uid()
        things = self._things()
        index = len(self.draft.segments)
        if current in things:
            index = self.draft.segments.index(things[current][0]) + 1
        seg = new_segment(title, kind, minutes, [s.key for s in self.draft.segments])
        self.draft.segments.insert(index, seg)
        self.dirty = True
        await self.rebuild(focus_uid=self._uid(seg))
        found = self.query(f"#title-{self._uid(seg)}")
        if found:
            found.first(Input).action_select_all()

    async def action_remove_row(self) -> None:
        current = self._current_uid()
        found = self._things().get(current or "")
        if found is None:
            self.notify("Put the cursor in a segment's row first.")
            return
        seg, phase = found
        after: SegmentTemplate | Phase
        if phase is not None:
            if len(seg.phases) == 1:
                self.notify("A deep dive keeps at least one phase.", severity="warning")
                return
            index = seg.phases.index(phase)
            seg.phases.remove(phase)
            after = seg.phases[min(index, len(seg.phases) - 1)]
        else:
            if len(self.draft.segments) == 1:
                self.notify("A meeting keeps at least one segment.", severity="warning")
                return
            index = self.draft.segments.index(seg)
            self.draft.segments.remove(seg)
            after = self.draft.segments[min(index, len(self.draft.segments) - 1)]
        self.dirty = True
        await self.rebuild(focus_uid=self._uid(after))
        self.notify(f"Removed '{(phase or seg).title}'. Esc without saving brings it back.",
                    markup=False)

    async def action_move(self, step: int) -> None:
        current = self._current_uid()
        found = self._things().get(current or "")
        if found is None:
            self.notify("Put the cursor in a segment's row first.")
            return
        seg, phase = found
        moved = _swap(seg.phases, phase, step) if phase is not None else \
            _swap(self.draft.segments, seg, step)
        if not moved:
            return
        thing = phase or seg
        self.dirty = True
        await self.rebuild(focus_uid=self._uid(thing))

    # save / leave --------------------------------------------------------------------

    def action_save(self) -> None:
        waiting = self._typing_errors()
        if waiting:
            self.notify("Fix the marked fields first: " + waiting[0], severity="error",
                        markup=False)
            return
        draft = copy.deepcopy(self.draft)
        try:
            saved, problems = save_template(self.store, self.require_group().id, draft)
        except (ValueError, StoreError, OSError) as problem:
            self.notify(f"Not saved: {problem}", severity="error", markup=False)
            return
        if problems:
            self._show_problems(problems)
            self.notify("Not saved: " + next(iter(problems.values())), severity="error",
                        markup=False)
            return
        assert saved is not None
        self.peer.reload_group()
        self.dirty = False
        self.notify(f"Saved '{saved.name}'.", markup=False)
        self.app.pop_screen()

    def _show_problems(self, problems: dict[str, str]) -> None:
        where = {"name": "err-name", "target": "err-target", "segments": "err-segments"}
        for index, seg in enumerate(self.draft.segments):
            where[row_id(index)] = f"err-{self._uid(seg)}"
            for p_index, phase in enumerate(seg.phases):
                where[row_id(index, p_index)] = f"err-{self._uid(phase)}"
        for key, problem in problems.items():
            self._show_error(where.get(key, "err-segments"), problem)

    def action_leave(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.app.pop_screen()

        self.app.push_screen(Confirm(f"Leave without saving '{escape(self.draft.name)}'? "
                                     "Your changes here are dropped.", "Leave"), leave)
