"""The roster between meetings: who is in, who is vetting in, who comes, who presents next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from peertui.domain.models import Group, Member
from peertui.domain.roster import VETTINGS_NEEDED, ended_meetings, vetting_text
from peertui.domain.rotation import deep_dives
from peertui.services.roster import (
    Roster,
    RosterRow,
    add_member,
    rating_trend,
    roster,
    set_retired,
    sparkline,
    update_member,
    vet_candidate,
    withdraw_candidate,
)
from peertui.services.schedule import next_meeting_for
from peertui.store import Store, StoreError
from peertui.ui.safe import plain
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.member_form import MemberForm, VetForm

GROUP_KEYS = [
    Binding("t", "templates", "Templates", id="open-templates"),
    Binding("w", "rhythm", "Rhythm", id="open-rhythm"),
    Binding("g", "app.switch_group", "Switch group", id="switch-group"),
]


def open_add_member(app: App[None], done: Callable[[Member], None]) -> None:
    """The add form (candidate or member); `done` gets the person once saved."""
    store: Store = app.store  # type: ignore[attr-defined]
    group: Group | None = app.group()  # type: ignore[attr-defined]
    today: date = app.today  # type: ignore[attr-defined]
    if group is None:
        return
    added: list[Member] = []

    def save(values: dict[str, str]) -> dict[str, str]:
        status = "member" if values.pop("status", "candidate") == "member" else "candidate"
        member, problems = add_member(store, group.id, values,
                                      status, today)  # type: ignore[arg-type]
        if member:
            added.append(member)
        return problems

    def saved(ok: bool | None) -> None:
        if ok and added:
            member = added[0]
            what = ("candidate: two members vet them next (v on the roster)"
                    if member.status == "candidate" else "member")
            app.notify(f"{member.name} added as {what}.", markup=False)
            done(member)

    enough = len(group.active_members) >= VETTINGS_NEEDED
    app.push_screen(MemberForm("Add to the roster", save,
                               default_status="candidate" if enough else "member"), saved)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class RosterScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "add", "Add", id="roster-add"),
        Binding("e", "edit", "Edit", id="roster-edit"),
        Binding("v", "vet", "Vet", id="roster-vet"),
        Binding("x", "retire", "Retire/withdraw", id="roster-retire"),
        Binding("i", "import_csv", "Import CSV", id="roster-import"),
        Binding("r", "rate_last", "Rate", id="roster-rate", show=False),
        *GROUP_KEYS,
        Binding("escape", "home", "Home", id="roster-home"),
    ]
    PALETTE = [
        ("Add a member or candidate", "add", "a: name, company, size band, role focus…"),
        ("Edit the highlighted member", "edit", "e"),
        ("Vet the highlighted candidate", "vet", "v: two vettings make a member"),
        ("Retire, withdraw or bring back the highlighted person", "retire", "x"),
        ("Import members from a CSV file", "import_csv", "i: rows already there are skipped"),
        ("Rate the last meeting", "rate_last", "r: 1-10 per present member, if missed at wrap-up"),
        ("Agenda templates", "templates", "t: the group's agendas"),
        ("Meeting rhythm and next meeting", "rhythm", "w: every N months, ICS export"),
        ("Switch group", "app.switch_group", "g: another group, or a new one"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Roster | None = None

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Name", "Status", "Size band", "Role", "Attendance", "Last there", "Deep dive",
            "Turn", "Flags")
        self.refresh_view()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    @property
    def group(self) -> Group | None:
        return self.data.group if self.data else None

    def refresh_view(self, select: str | None = None) -> None:
        app = self.app
        group = app.group()  # type: ignore[attr-defined]
        if group is None:
            return
        store = app.store  # type: ignore[attr-defined]
        today: date = app.today  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        keep = select or self._highlighted_id()
        self.data = data = roster(store, group)
        self.sub_title = f"{group.name} · roster"
        counts = {s: sum(1 for r in data.rows if r.member.status == s)
                  for s in ("member", "candidate", "retired")}
        nxt = data.next_presenter
        upcoming = next_meeting_for(store, group, today)
        self.query_one("#roster-summary", Static).update(
            f"[b]{escape(group.name)}[/b] · {_count(counts['member'], 'member')} · "
            f"{_count(counts['candidate'], 'candidate')} · {counts['retired']} retired\n"
            f"Next meeting: [b]{escape(upcoming.line())}[/b]   "
            f"Next to present: [b]{escape(nxt.name) if nxt else '—'}[/b]")
        misfits = [r for r in data.rows if r.misfit]
        fit = ("\n[$warning]Does not fit:[/] " + "; ".join(
            f"{escape(r.member.name)} ({escape(r.misfit)})" for r in misfits[:3])
            + (f" and {len(misfits) - 3} more" if len(misfits) > 3 else "")
            if misfits else "\nEveryone fits the group's profile.")
        self.query_one("#likeness", Static).update(
            f"How alike: {escape(data.likeness.summary())}{fit}")
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
        last_there = row.attendance.last_attended or ("never" if row.attendance.held else "—")
        deep = row.last_deep_dive or ("never" if m.active else "—")
        return (m.name, status, m.size_band or "—", m.role_focus or "—",
                row.attendance.text() if m.status != "candidate" else "—",
                last_there if m.status != "candidate" else "—", deep,
                str(row.turn) if row.turn else "", " ".join(flags))

    def _fill_dives(self, group: Group) -> None:
        assert self.data is not None
        dives = deep_dives(self.data.meetings)
        lines = [f"{d.date}  {escape(group.name_of(d.presenter_id))}: "
                 f"{escape(d.topic or '(no topic)')}" for d in dives[:5]]
        self.query_one("#dives", Static).update("\n".join(lines) or "No deep dive yet.")

    def _fill_ratings(self, store, group: Group) -> None:  # type: ignore[no-untyped-def]
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
        except Exception:  # noqa: BLE001 - an empty or shrinking table has no cursor row
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
        if second:
            lines.append(" · ".join(second))
        if m.notes:
            lines.append(f"[dim]{escape(m.notes[:200])}[/]")
        detail.update("\n".join(lines))

    # actions ---------------------------------------------------------------------

    def _store_ids(self) -> tuple[Store, str]:
        store = self.app.store  # type: ignore[attr-defined]
        group_id = self.app.group_id  # type: ignore[attr-defined]
        return store, group_id

    def action_add(self) -> None:
        def done(member: Member) -> None:
            self.refresh_view(select=member.id)

        open_add_member(self.app, done)

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first (arrow keys).")
            return
        store, group_id = self._store_ids()
        member_id = row.member.id

        def save(values: dict[str, str]) -> dict[str, str]:
            _, problems = update_member(store, group_id,
                                        member_id, values)
            return problems

        def done(saved: bool | None) -> None:
            if saved:
                self.refresh_view(select=member_id)
                self.notify("Saved.")

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
        done_by = {v.get("member_id") for v in candidate.vetted_by}
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

        def done(saved: bool | None) -> None:
            if saved and result:
                self.refresh_view(select=candidate.id)
                if result[0].status == "member":
                    self.notify(f"{candidate.name} is now a member: vetted by two members.",
                                markup=False)
                else:
                    self.notify(f"Vetting recorded: {candidate.name} needs one more.", markup=False)

        self.app.push_screen(VetForm(candidate, vetters, vetting_text(candidate, names),
                                     self.app.today, save), done)  # type: ignore[attr-defined]

    def action_retire(self) -> None:
        row = self._highlighted()
        if row is None:
            self.notify("Highlight someone first.")
            return
        member = row.member
        store, group_id = self._store_ids()
        today: date = self.app.today  # type: ignore[attr-defined]
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
            self.refresh_view(select=member.id)
            self.notify(f"{verb}: {member.name}. Done.", markup=False)

        self.app.push_screen(Confirm(question, verb), apply)

    def action_import_csv(self) -> None:
        from peertui.ui.screens.roster_import import ImportDialog

        group = self.group
        if group is None:
            return

        def done(added: int | None) -> None:
            self.refresh_view()

        self.app.push_screen(ImportDialog(group.id, group.name), done)

    def action_rate_last(self) -> None:
        from peertui.ui.screens.rating import open_rating

        held = ended_meetings(self.data.meetings) if self.data else []
        if not held:
            self.notify("No meeting has been held yet.")
            return
        open_rating(self, held[-1]["id"])

    def action_templates(self) -> None:
        from peertui.ui.screens.templates import TemplatesScreen

        self.app.push_screen(TemplatesScreen())

    def action_rhythm(self) -> None:
        from peertui.ui.screens.cadence import CadenceScreen

        self.app.push_screen(CadenceScreen())

    def action_home(self) -> None:
        self.app.open_home()  # type: ignore[attr-defined]
