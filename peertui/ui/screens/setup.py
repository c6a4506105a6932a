"""Meeting setup: roll call, presenter and topic, the agenda's durations and total."""

from __future__ import annotations

import copy
import random
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import (
    Button,
    Collapsible,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from peertui.domain.agenda import parse_minutes, round_speakers
from peertui.domain.fitting import Fit, fit_to_target
from peertui.domain.models import AgendaTemplate, Member
from peertui.domain.pulse import Drop, drop_mark
from peertui.domain.templates import hours
from peertui.domain.text import clean_text
from peertui.domain.topics import Suggestion, suggest, top_topic
from peertui.domain.worksheet import clean_answers
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.pulse import roll_call_drops
from peertui.services.templates import default_for, templates_of
from peertui.services.topics import start_with_topic
from peertui.services.worksheet import clear_worksheet
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.safe import line, plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.live.screen import LiveScreen
from peertui.ui.screens.live.speaking_order import SpeakingOrder
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.worksheet_fields import WorksheetFields


def _not_read(title: str, typed: str, problem: str) -> str:
    """What the total says of a field it cannot count: short, and names the field."""
    shown = " ".join(clean_text(typed).split())[:8]
    if not shown:
        return f"{title}: empty"
    if not shown.isdigit():
        return f"{title}: '{shown}' is not minutes"
    return f"{title}: {problem.rstrip('.')}"


def _roll_call_entry(member: Member, drops: list[Drop]) -> Content:
    """A member on the roll call, with the chair's check-in mark when their pulse fell."""
    if not drops:
        return line(member.name)
    return line(member.name, ("  " + drop_mark(drops), "$warning"))


class SetupScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("start-meeting", "f2", "start", "Start meeting",
                     palette_title="Start the meeting",
                     help="Create the meeting with this roll call and agenda"),
        ScreenAction("speaking-order", "f3", "speaking_order", "Speaking order",
                     palette_title="Change the speaking order",
                     help="Reorder or shuffle the updates round"),
        ScreenAction("shuffle", "", "shuffle", "Shuffle", palette_title="Shuffle the updates order",
                     help="A random speaking order for the updates"),
        ScreenAction("back-home", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        group = self.require_group()
        self._use(default_for(group))
        self.order: list[str] = [m.id for m in group.active_members]

    def _use(self, template: AgendaTemplate) -> None:
        """Start from a template: what is typed changes `source`; `template` is what
        runs, `source` fitted to the target for those present (domain/fitting.py)."""
        self.source: AgendaTemplate = copy.deepcopy(template)
        self.template: AgendaTemplate = copy.deepcopy(template)
        self.typed: set[str] = set()  # rounds whose minutes were typed: never trimmed
        self.unread: dict[str, str] = {}  # field id -> what the total says of it
        self.fit: Fit | None = None

    def compose(self) -> ComposeResult:
        group = self.require_group()
        meetings = self.store.meetings(group.id)
        self.suggestion: Suggestion | None = suggest(group, meetings, self.today)
        suggested = self.suggestion.member if self.suggestion else None
        bank = self.suggestion.topic if self.suggestion else None
        self.prefilled = bank.issue if bank else ""  # the topic text the bank filled in
        members = group.active_members
        drops = roll_call_drops(self.store, group.id, [m.id for m in members])
        yield Header()
        with Horizontal(id="setup"):
            with VerticalScroll(id="setup-left"):
                yield Label("Roll call: who is present (space toggles)", classes="section")
                yield SelectionList[str](
                    *[(_roll_call_entry(m, drops.get(m.id, [])), m.id, True) for m in members],
                    id="rollcall")
                yield Label("Deep-dive presenter", classes="section")
                yield Select[str]([(m.name, m.id) for m in members], id="presenter",
                                  value=suggested.id if suggested else Select.NULL,
                                  prompt="Choose the presenter")
                yield Label(self._reason(suggested.id if suggested else None),
                            id="presenter-reason")
                yield Input(self.prefilled, placeholder="Topic of the deep dive", id="topic")
                with Collapsible(title="Presenter's framing (optional)", id="framing"):
                    yield WorksheetFields(self._worksheet_of(suggested),
                                          labels=False, id="framing-fields")
                yield Label("Updates order", classes="section")
                yield Static(id="order")
            with Vertical(id="setup-right"):
                yield Label("Agenda (minutes)", classes="section")
                yield Select[str]([(plain(t.name), t.id) for t in templates_of(group)],
                                  id="template", value=self.template.id, allow_blank=False)
                with VerticalScroll(id="durations"):
                    yield from self._duration_rows()
                yield Static(id="total")
                yield Button("Start meeting (F2)", id="start", variant="primary")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def _duration_rows(self) -> list[Horizontal]:
        rows = []
        for seg_index, seg in enumerate(self.template.segments):
            if seg.phases:
                for ph_index, phase in enumerate(seg.phases):
                    rows.append(self._duration_row(f"{seg.title}: {phase.title}", phase.minutes,
                                                   f"dur-{seg_index}-{ph_index}"))
            else:
                unit = " (per speaker)" if seg.kind == "round" else ""
                rows.append(self._duration_row(f"{seg.title}{unit}", seg.minutes,
                                               f"dur-{seg_index}"))
        return rows

    def _duration_row(self, title: str, minutes: int, ident: str) -> Horizontal:
        return Horizontal(
            Label(plain(title), classes="duration-title"),
            Input(str(minutes), id=ident, classes="duration", restrict=r"[0-9]*", max_length=4),
            Label("", id=f"{ident}-error", classes="error duration-error"),
            classes="duration-row")

    @on(Select.Changed, "#template")
    async def _template_chosen(self, event: Select.Changed) -> None:
        """Another of the group's templates: its durations replace the ones shown."""
        templates = templates_of(self.require_group())
        chosen = next((t for t in templates if t.id == event.value), None)
        if chosen is None or chosen.id == self.template.id:
            return
        self._use(chosen)
        durations = self.query_one("#durations", VerticalScroll)
        await durations.remove_children()
        await durations.mount_all(self._duration_rows())
        self.refresh_totals()

    def on_mount(self) -> None:
        self.sub_title = f"{self.require_group().name} · new meeting"
        self.refresh_totals()

    def present(self) -> list[str]:
        return list(self.query_one("#rollcall", SelectionList).selected)

    def presenter(self) -> str | None:
        value = self.query_one("#presenter", Select).value
        return value if isinstance(value, str) else None

    def _reason(self, presenter: str | None) -> Content:
        """One line under the presenter: why setup suggests whom, or the bank's topic of
        the member chosen instead."""
        found = self.suggestion
        if found is None:
            return line("")
        if presenter in (None, found.member.id):
            said = found.reason
        else:
            said = f"Suggested: {found.reason}"
        bank = top_topic(presenter, self.require_group().topics) if presenter else None
        if bank is not None:
            said += " · starting takes their bank topic"
        return line(said)

    @staticmethod
    def _worksheet_of(member: Member | None) -> dict[str, str]:
        return dict(member.worksheet) if member else {}

    @on(Select.Changed, "#presenter")
    def _presenter_chosen(self) -> None:
        """The chosen presenter's waiting bank topic fills the topic, unless other words
        were typed there; their worksheet fills the fields nobody typed in."""
        presenter = self.presenter()
        group = self.require_group()
        self.query_one(WorksheetFields).fill(self._worksheet_of(group.member(presenter)))
        self.query_one("#presenter-reason", Label).update(self._reason(presenter))
        bank = top_topic(presenter, self.require_group().topics) if presenter else None
        field = self.query_one("#topic", Input)
        if field.value.strip() in ("", self.prefilled):
            self.prefilled = bank.issue if bank else ""
            field.value = self.prefilled

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refresh_totals()

    def _field(self, ident: str) -> tuple[int, int | None]:
        """The segment (and phase) a duration field edits, from its id 'dur-2' / 'dur-4-1'."""
        parts = [int(p) for p in ident.split("-")[1:]]
        return parts[0], parts[1] if len(parts) == 2 else None

    def _field_title(self, ident: str) -> str:
        seg_index, phase_index = self._field(ident)
        segment = self.source.segments[seg_index]
        if phase_index is None:
            return segment.title
        return f"{segment.title}: {segment.phases[phase_index].title}"

    @on(Input.Changed, ".duration")
    def duration_changed(self, event: Input.Changed) -> None:
        ident = event.input.id or ""
        typed = event.input.value  # as it is now: an event can be older than the field
        error = self.query_one(f"#{ident}-error", Label)
        seg_index, phase_index = self._field(ident)
        segment = self.source.segments[seg_index]
        if segment.kind == "round" and segment.key not in self.typed:
            if typed == str(self.template.segments[seg_index].minutes):
                return  # what the fit shows (or the field's first value), not typing
            self.typed.add(segment.key)  # typed by hand: the fit leaves it as typed
        try:
            minutes = parse_minutes(typed)
        except ValueError as problem:
            error.update(line(str(problem)))
            self.unread[ident] = _not_read(self._field_title(ident), typed, str(problem))
            self.refresh_totals()
            return
        error.update("")
        self.unread.pop(ident, None)
        if phase_index is not None:
            segment.phases[phase_index].minutes = minutes
        else:
            segment.minutes = minutes
        self.refresh_totals()

    def _errors(self) -> list[str]:
        return [str(label.content) for label in self.query(".duration-error").results(Label)
                if str(label.content)]

    def _counted(self) -> AgendaTemplate:
        """The typed agenda with each field that cannot be read counted as nothing."""
        counted = copy.deepcopy(self.source)
        for ident in self.unread:
            seg_index, phase_index = self._field(ident)
            segment = counted.segments[seg_index]
            if phase_index is not None:
                segment.phases[phase_index].minutes = 0
            else:
                segment.minutes = 0
        return counted

    def _show_fitted(self) -> None:
        """Put the fitted minutes in the round fields not typed by hand, silently (a
        change from here is not the facilitator typing)."""
        for seg_index, segment in enumerate(self.template.segments):
            if segment.kind != "round" or segment.key in self.typed:
                continue
            field = self.query_one(f"#dur-{seg_index}", Input)
            if field.value != str(segment.minutes):
                with self.prevent(Input.Changed):
                    field.value = str(segment.minutes)

    def refresh_totals(self) -> None:
        """The total for those present, live: fitted to the target, and saying which
        field it could not read."""
        present = self.present()
        presenter = self.presenter()
        self.fit = fit = fit_to_target(self._counted(), present, presenter, keep=self.typed)
        self.template = fit.template
        if not self.unread:
            self._show_fitted()
        total = fit.total
        low, high = self.template.target_min_minutes, self.template.target_max_minutes
        verdict = ("[$success]within[/]" if low <= total <= high
                   else "[$error]over[/]" if total > high else "[$warning]under[/]")
        unread = ("\n[$error]Not counted:[/] " + escape("; ".join(self.unread.values()))
                  if self.unread else "")
        said = f"\n{escape(fit.message())}" if fit.message() else ""
        self.query_one("#total", Static).update(
            f"Total [b]{hours(total)}[/b] for {len(present)} present: {verdict} the "
            f"{hours(low)} to {hours(high)} target{unread}{said}")
        names = {m.id: m.name for m in self.require_group().members}
        updates = next((s for s in self.template.segments if s.kind == "round"), None)
        speakers = (round_speakers(updates, [m for m in self.order if m in present], presenter)
                    if updates else [])
        self.query_one("#order", Static).update(
            line("  ".join(f"{i}. {names[m]}" for i, m in enumerate(speakers, 1)) or "—"))

    def action_shuffle(self) -> None:
        random.shuffle(self.order)
        self.refresh_totals()

    def action_speaking_order(self) -> None:
        present = set(self.present())
        names = {m.id: m.name for m in self.require_group().members}
        speakers = [(m, names[m]) for m in self.order if m in present]

        def keep(order: list[str] | None) -> None:
            if order is not None:
                self.order = order + [m for m in self.order if m not in order]
                self.refresh_totals()

        self.app.push_screen(SpeakingOrder("Updates round: speaking order", speakers), keep)

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        present = self.present()
        presenter = self.presenter()
        problems = self._errors()
        if len(present) < 2:
            problems.append("Mark at least two members present.")
        if presenter is None:
            problems.append("Choose the deep-dive presenter.")
        elif presenter not in present:
            problems.append("The presenter is not marked present.")
        if problems:
            self.notify("\n".join(problems), title="Cannot start yet", severity="error",
                        markup=False)
            return
        topic = clean_text(self.query_one("#topic", Input).value)[:200]
        framing = clean_answers(self.query_one(WorksheetFields).values())
        orders = {s.key: self.order for s in self.template.segments if s.kind == "round"}
        group = self.require_group()
        record = new_meeting(group, self.template, present, presenter, topic,
                             self.today, orders, framing)
        assert presenter is not None  # checked above
        bank = top_topic(presenter, group.topics)
        if bank is None or not topic:
            create_meeting(self.store, record)
        else:
            try:
                start_with_topic(self.store, record, bank.id)
            except ValueError as problem:  # dropped or taken from another terminal meanwhile
                self.peer.reload_group()
                self.notify(f"{problem} Not started; choose the presenter again.",
                            title="Cannot start yet", severity="error", markup=False)
                return
        member = group.member(presenter)
        if member is not None and member.worksheet:  # presented: the meeting keeps it
            try:
                clear_worksheet(self.store, group.id, member.id)
            except (ValueError, StoreError, OSError) as problem:
                self.notify(f"The meeting has the worksheet; its draft stays on "
                            f"{member.name} (not cleared: {problem}).", severity="warning")
        if bank is not None or (member is not None and member.worksheet):
            self.peer.reload_group()
        self.app.switch_screen(LiveScreen(record.id))
