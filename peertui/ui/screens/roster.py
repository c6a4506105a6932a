"""The roster between meetings: who is in, who is vetting in, who comes, who presents next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import DataTable, Header, Label, Static
from textual.widgets.data_table import CellDoesNotExist

from peertui.domain.models import Group, Member, MemberStatus
from peertui.domain.roster import VETTINGS_NEEDED, counted, ended_meetings, vetting_text
from peertui.domain.rotation import deep_dives
from peertui.domain.voice import QUIET_MEETINGS
from peertui.services.roster import (
    Roster,
    RosterRow,
    add_member,
    joining,
    rating_trend,
    roster,
    set_retired,
    sparkline,
    update_member,
    vet_candidate,
    withdraw_candidate,
)
from peertui.services.schedule import next_meeting_for
from peertui.services.voice import VoiceLine, roster_voices
from peertui.store import Store, StoreError
from peertui.ui.app import PeerApp
from peertui.ui.base import PeerScreen
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.cadence import CadenceScreen
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.live.rating import open_rating
from peertui.ui.screens.member_form import MemberForm, VetForm
from peertui.ui.screens.member_view import MemberView
from peertui.ui.screens.roster_import import ImportDialog
from peertui.ui.screens.templates import TemplatesScreen
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.voice_chart import spark_cell, trend_text


def open_add_member(app: PeerApp, done: Callable[[Member], None] | None = None) -> None:
    """The add form (candidate or member); `done` gets the person once saved."""
    store, group, today = app.store, app.group, app.today
    if group is None:
        return
    added: list[Member] = []

    def save(values: dict[str, str]) -> dict[str, str]:
        member, problems = add_member(store, group.id, values, None, today)
        if member:
            added.append(member)
            app.reload_group()
        return problems

    def saved(ok: bool | None) -> None:
        if ok and added:
            member = added[0]
            what = ("a candidate: two members vet them next (v on the roster)"
                    if member.status == "candidate" else "a member")
            app.notify(f"{member.name} added as {what}.", markup=False)
            if done is not None:
                done(member)

    app.push_screen(MemberForm("Add to the roster", save,
                               admission=joining(store, group)), saved)


STATUS_WORDS: dict[MemberStatus, str] = {
    "member": "a member", "candidate": "a candidate", "retired": "retired"}

A = ScreenAction
ACTIONS: tuple[ScreenAction, ...] = (
    A("roster-add", "a", "add", "Add", palette_title="Add a member or candidate",
      help="name, company, size band, role focus…"),
    A("roster-edit", "e", "edit", "Edit", palette_title="Edit the highlighted member"),
    A("roster-member", "l", "member_view", "Ledger",
      palette_title="Open the highlighted member's view",
      help="their commitments and say/do (Enter on the row too)"),
    A("roster-vet", "v", "vet", "Vet", palette_title="Vet the highlighted candidate",
      help="two vettings make a member"),
    A("roster-retire", "x", "retire", "Retire/withdraw",
      palette_title="Retire, withdraw or bring back the highlighted person"),
    A("roster-import", "i", "import_csv", "Import CSV",
      palette_title="Import members from a CSV file", help="rows already there are skipped"),
    A("roster-rate", "r", "rate_last", "Rate", show=False, palette_title="Rate the last meeting",
      help="1-10 per present member, if missed at wrap-up"),
    A("open-templates", "t", "templates", "Templates", palette_title="Agenda templates",
      help="the group's agendas"),
    A("open-rhythm", "w", "rhythm", "Rhythm", palette_title="Meeting rhythm and next meeting",
      help="every N months, ICS export"),
    A("switch-group", "g", "app.switch_group", "Switch group", palette_title="Switch group",
      help="another group, or a new one"),
    A("roster-worksheet", "s", "worksheet", "Worksheet", show=False,
      palette_title="The highlighted member's deep-dive worksheet"),
    A("roster-home", "escape", "home", "Home", in_palette=False),
)


class RosterScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.data: Roster | None = None
        self.voices: dict[str, VoiceLine] = {}  # share of voice at the recent meetings

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="roster"):
            yield Static(id="roster-summary")
            yield Static(id="likeness")
            yield DataTable(id="roster-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="member-detail")
            with Horizontal(id="roster-bottom"):
                with Vertical(id="dives-box"):
                    yield Label("Deep dives: who presented when, on what", classes="section")
                    yield Static(id="dives")
                with Vertical(id="ratings-box"):
                    yield Label("Meeting rating (1-10)", classes="section")
                    yield Static(id="ratings")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Name", "Status", "Size band", "Role", "Attendance", "Last there", "Deep dive",
            "Turn", "Voice", "Flags")
        self.refresh_view()
        self.query_one(DataTable).focus()
        self.watch_group(self._group_changed)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def _group_changed(self, _group: Group | None) -> None:
        """Saved (here, or in a form over the roster) or switched: show it as it is now."""
        self.refresh_view()

    def refresh_view(self, select: str | None = None) -> None:
        group = self.group
        if group is None:
            return
        store, today = self.store, self.today
        table = self.query_one(DataTable)
        keep = select or self._highlighted_id()
        self.data = data = roster(store, group)
        self.sub_title = f"{group.name} · roster"
        counts = {s: sum(1 for r in data.rows if r.member.status == s)
                  for s in ("member", "candidate", "retired")}
        nxt = data.next_presenter
        upcoming = next_meeting_for(store, group, today)
        self.query_one("#roster-summary", Static).update(
            f"[b]{escape(group.name)}[/b] · {counted(counts['member'], 'member')} · "
            f"{counted(counts['candidate'], 'candidate')} · {counts['retired']} retired\n"
            f"Next meeting: [b]{escape(upcoming.line())}[/b]   "
            f"Next to present: [b]{escape(nxt.name) if nxt else '—'}[/b]")
        misfits = [r for r in data.rows if r.misfit]
        fit = ("\n[$warning]Does not fit:[/] " + "; ".join(
            f"{escape(r.member.name)} ({escape(r.misfit)})" for r in misfits[:3])
            + (f" and {len(misfits) - 3} more" if len(misfits) > 3 else "")
            if misfits else "\nEveryone fits the group's profile.")
        self.query_one("#likeness", Static).update(
            f"How alike: {escape(data.likeness.summary())}{fit}")
        self.voices = roster_voices(store, group.id, [r.member.id for r in data.rows])
        table.clear()
        for row in data.rows:
            table.add_row(*(plain(cell) for cell in self._cells(row)), key=row.member.id)
        if keep:
            index = next((i for i, r in enumerate(data.rows) if r.member.id == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self._show_detail()
        self._fill_dives(group)
        self._fill_ratings(store, group)

    def _cells(self, row: RosterRow) -> tuple[str, ...]:
        m = row.member
        status = (f"candidate {len(m.vetted_by)}/{VETTINGS_NEEDED}"
                  if m.status == "candidate" else m.status)
        flags = []
        if row.attendance.missed_last_two and m.status != "retired":
            flags.append("⚠ missed 2")
        if row.misfit:
            flags.append("⚠ fit")
        voice = self.voices.get(m.id)
        if voice is not None and voice.quiet and m.active:
            flags.append(f"quiet {QUIET_MEETINGS}")
        last_there = row.attendance.last_attended or ("never" if row.attendance.held else "—")
        deep = row.last_deep_dive or ("never" if m.active else "—")
        return (m.name, status, m.size_band or "—", m.role_focus or "—",
                row.attendance.text() if m.status != "candidate" else "—",
                last_there if m.status != "candidate" else "—", deep,
                str(row.turn) if row.turn else "", spark_cell(voice) if voice else "—",
                " ".join(flags))

    def _fill_dives(self, group: Group) -> None:
        assert self.data is not None
        dives = deep_dives(self.data.meetings)
        lines = [f"{d.date}  {escape(group.name_of(d.presenter_id))}: "
                 f"{escape(d.topic or '(no topic)')}" for d in dives[:5]]
        self.query_one("#dives", Static).update("\n".join(lines) or "No deep dive yet.")

    def _fill_ratings(self, store: Store, group: Group) -> None:
        trend = rating_trend(store, group.id)
        if not trend:
            text = "No ratings yet: ctrl+r at the meeting's wrap-up, or r here."
        else:
            lines = [f"{day}  {avg:4.1f}  ({n} rated)" for day, avg, n in trend[-4:]]
            text = f"Trend {sparkline([a for _, a, _ in trend])}\n" + "\n".join(lines)
        self.query_one("#ratings", Static).update(text)

    # the highlighted person ----------------------------------------------------------

    def _highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:  # an empty or shrinking table has no cursor row
            return None
        return str(key.value) if key.value else None

    def _highlighted(self) -> RosterRow | None:
        ident = self._highlighted_id()
        if self.data is None or ident is None:
            return None
        return next((r for r in self.data.rows if r.member.id == ident), None)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        row = self._highlighted()
        detail = self.query_one("#member-detail", Static)
        if row is None or self.data is None:
            detail.update("Nobody on the roster yet: press a to add someone, or i to import.")
            return
        m = row.member
        names = {x.id: x.name for x in self.data.group.members}
        parts = [f"[b]{escape(m.name)}[/b]", escape(m.company or "no company")]
        if m.joined:
            parts.append(f"joined {m.joined}")
        if m.retired_on:
            parts.append(f"retired {m.retired_on}")
        if m.contact:
            parts.append(escape(m.contact))
        vetting = vetting_text(m, names)
        lines = [" · ".join(parts)]
        second = [escape(vetting)] if vetting else []
        if row.misfit:
            second.append(f"[$warning]does not fit: {escape(row.misfit)}[/]")
        if row.attendance.missed_last_two and m.status != "retired":
            second.append("[$warning]missed the last two meetings[/]")
        voice = self.voices.get(m.id)
        if voice is not None and m.active:
            look = "$warning" if voice.quiet else "dim"
            second.append(f"[{look}]voice: {escape(trend_text(voice))}[/]")
        if second:
            lines.append(" · ".join(second))
        if m.notes:
            lines.append(f"[dim]{escape(m.notes[:200])}[/]")
        detail.update("\n".join(lines))

    # actions ---------------------------------------------------------------------

    def _store_ids(self) -> tuple[Store, str]:
        assert self.data is not None, "the roster is shown"
        return self.store, self.data.group.id

    def _select(self, member_id: str) -> None:
        """Put the cursor on a person (the roster follows the saved group: _group_changed)."""
        index = next((i for i, r in enumerate(self.data.rows) if r.member.id == member_id),
                     None) if self.data else None
        if index is not None:
            self.query_one(DataTable).move_cursor(row=index)

    def action_add(self) -> None:
        def done(member: Member) -> None:
            self._select(member.id)

        open_add_member(self.peer, done)

    def action_worksheet(self) -> None:
        from peertui.ui.screens.worksheet import WorksheetScreen  # waits until opened

        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first (arrow keys).")
            return
        self.app.push_screen(WorksheetScreen(row.member.id))

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first (arrow keys).")
            return
        store, group_id = self._store_ids()
        member_id = row.member.id

        today = self.today
        before = row.member.status

        def save(values: dict[str, str]) -> dict[str, str]:
            wanted = values.pop("status", before)
            status = next((s for s in STATUS_WORDS if s == wanted), before)
            member, problems = update_member(store, group_id, member_id, values, today, status)
            if member is not None:
                after.append(member.status)
                self.peer.reload_group()
            return problems

        after: list[MemberStatus] = []

        def done(saved: bool | None) -> None:
            if saved:
                self._select(member_id)
                changed = after and after[0] != before
                self.notify(f"Saved: {row.member.name} is now {STATUS_WORDS[after[0]]}."
                            if changed
                            else "Saved.", markup=False)

        self.app.push_screen(MemberForm(f"Edit {row.member.name}", save, row.member), done)

    def action_vet(self) -> None:
        row = self._highlighted()
        if row is None or self.data is None:
            self.notify("Highlight a candidate first.")
            return
        candidate = row.member
        if candidate.status != "candidate":
            self.notify(f"{candidate.name} is not a candidate: only candidates are vetted.",
                        markup=False)
            return
        done_by = {v.member_id for v in candidate.vetted_by}
        vetters = [m for m in self.data.group.active_members if m.id not in done_by]
        if not vetters:
            self.notify("No other member is left to vet them.", severity="warning")
            return
        store, group_id = self._store_ids()
        names = {m.id: m.name for m in self.data.group.members}
        result: list[Member] = []

        def save(vetter_id: str, day: date) -> None:
            result.append(vet_candidate(store, group_id,
                                        candidate.id, vetter_id, day))
            self.peer.reload_group()

        def done(saved: bool | None) -> None:
            if saved and result:
                self._select(candidate.id)
                if result[0].status == "member":
                    self.notify(f"{candidate.name} is now a member: vetted by two members.",
                                markup=False)
                else:
                    self.notify(f"Vetting recorded: {candidate.name} needs one more.", markup=False)

        self.app.push_screen(VetForm(candidate, vetters, vetting_text(candidate, names),
                                     self.today, save), done)

    def action_retire(self) -> None:
        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first.")
            return
        member = row.member
        store, group_id = self._store_ids()
        today = self.today
        if member.status == "candidate":
            question = f"Withdraw {member.name}'s candidacy? They are removed from the roster."
            verb = "Withdraw"
        elif member.status == "member":
            question = (f"Retire {member.name}? Their history stays; they leave the roll call "
                        "and the presenter rotation.")
            verb = "Retire"
        else:
            question = f"Bring {member.name} back as a member?"
            verb = "Bring back"

        def apply(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                if member.status == "candidate":
                    withdraw_candidate(store, group_id, member.id)
                else:
                    set_retired(store, group_id, member.id,
                                member.status == "member", today)
            except (ValueError, StoreError, OSError) as problem:
                self.notify(f"Not changed: {problem}", severity="error", markup=False)
                return
            self.peer.reload_group()
            self._select(member.id)
            self.notify(f"{verb}: {member.name}. Done.", markup=False)

        self.app.push_screen(Confirm(question, verb), apply)

    def action_import_csv(self) -> None:
        group = self.group
        if group is None:
            return
        self.app.push_screen(ImportDialog(group.id, group.name))  # it re-reads the group

    def action_rate_last(self) -> None:
        held = ended_meetings(self.data.meetings) if self.data else []
        if not held:
            self.notify("No meeting has been held yet.")
            return
        open_rating(self.peer, held[-1].id, self.refresh_view)

    @on(DataTable.RowSelected, "#roster-table")
    def _open_member(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_member_view()

    def action_member_view(self) -> None:
        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first (arrow keys).")
            return
        self.app.push_screen(MemberView(row.member.id))

    def action_templates(self) -> None:
        self.app.push_screen(TemplatesScreen())

    def action_rhythm(self) -> None:
        self.app.push_screen(CadenceScreen())

    def action_home(self) -> None:
        self.peer.open_home()
