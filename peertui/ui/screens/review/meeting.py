"""One past meeting: minutes, every item, recommendations by giver, actions, timing, follow-through.

Private items show with a lock: this screen is for the group, on a member's laptop. Exports
(x) leave them out unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import ClassVar

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import get_current_worker

from peertui.domain.clock import format_clock
from peertui.domain.ledger import ReportAt, reports_at
from peertui.domain.local_time import clock_time, group_zone, zone_label
from peertui.domain.minutes import (
    LOCK,
    difference,
    escape,
    group_by_giver,
    group_minutes,
    outcome_text,
    timings,
)
from peertui.domain.models import Group
from peertui.domain.records import Item, Meeting, OutcomeEntry, OutcomeStatus
from peertui.domain.text import printable
from peertui.domain.timesource import to_iso
from peertui.domain.voice import meeting_voice
from peertui.services.actions import ActionRow, sort_key
from peertui.services.followthrough import OUTCOMES, add_outcome, outcome_counts, set_outcome
from peertui.services.ledger import read_ledger
from peertui.store import StoreError
from peertui.store.records import StatKey
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.dialogs import ExportDialog, OutcomeDialog
from peertui.ui.screens.review.router import open_view
from peertui.ui.widgets.action_table import ActionTable
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.voice_chart import VoiceChart

TABS = [("minutes", "1 Minutes"), ("items", "2 Items"), ("recs", "3 Recommendations"),
        ("actions", "4 Actions"), ("timing", "5 Timing"), ("follow", "6 Follow-through"),
        ("voice", "7 Voice")]
TAB_FOR_KIND = {"recommendation": "recs", "action": "actions"}


def _lock(thing: Item | OutcomeEntry) -> str:
    return f"{LOCK} " if thing.private else ""


class RecTable(DataTable[Text | str]):
    """Recommendations grouped by giver; a, t, s record what became of one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "outcome('adopted')", "Adopted", id="rec-adopted"),
        Binding("t", "outcome('tried')", "Tried", id="rec-tried"),
        Binding("s", "outcome('set_aside')", "Set aside", id="rec-set-aside"),
    ]

    def action_outcome(self, status: str) -> None:
        screen = self.screen
        if isinstance(screen, MeetingDetailScreen):
            screen.ask_outcome(status)


class MeetingDetailScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("detail-export", "x", "export", "Export",
                     palette_title="Export this meeting",
                     help="Minutes (md), actions (csv), json, next meeting (ics)"),
        ScreenAction("detail-search", "slash", "search", "Search",
                     palette_title="Search every meeting's notes", help="Free text with filters"),
        ScreenAction("detail-back", "escape", "app.pop_screen", "Back", in_palette=False),
        *(ScreenAction(f"detail-tab-{key}", str(n), f"show_tab('{key}')", title, show=False,
                       palette_title=f"Show {title[2:].lower()}")
          for n, (key, title) in enumerate(TABS, start=1)),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, meeting_id: str, item_id: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.record: Meeting | None = None
        self.items: tuple[Item, ...] = ()
        self.recs: list[Item] = []
        self.minutes_text = ""
        self._token: tuple[StatKey, ...] = ()
        self.follow_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="detail-title", classes="section")
        with TabbedContent(id="detail-tabs"):
            with TabPane(TABS[0][1], id="minutes"), VerticalScroll(id="minutes-scroll"):
                yield Static(id="minutes-md")
            with TabPane(TABS[1][1], id="items"):
                yield Label("", id="detail-items-zone", classes="hint")
                yield DataTable(id="detail-items", cursor_type="row", zebra_stripes=True)
            with TabPane(TABS[2][1], id="recs"):
                yield Label("a adopted · t tried · s set aside (each asks why)", classes="hint")
                yield RecTable(id="detail-recs", cursor_type="row", zebra_stripes=True)
            with TabPane(TABS[3][1], id="actions"):
                yield Label("ctrl+d done/reopen · ctrl+r reassign · ctrl+u due date · "
                            "Enter: all of its actions", classes="hint")
                yield ActionTable(show_meeting=False, id="detail-actions")
            with TabPane(TABS[4][1], id="timing"):
                yield DataTable(id="detail-timing", cursor_type="row", zebra_stripes=True)
            with TabPane(TABS[5][1], id="follow"):
                with VerticalScroll(id="follow-scroll"):
                    yield Static(id="follow-md")
                yield Input(placeholder="What happened since? Enter adds it to this deep "
                                        "dive's log", id="follow-since")
                yield Label("", id="follow-error", classes="error")
            with TabPane(TABS[6][1], id="voice"), VerticalScroll(id="voice-scroll"):
                yield VoiceChart(id="detail-voice")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.query_one("#detail-items", DataTable).add_columns(
            "Time", "Kind", "Segment", "Speaker", "Item")
        recs = self.query_one("#detail-recs", DataTable)
        recs.add_column("From", width=14)
        recs.add_column("Recommendation", width=62)
        recs.add_column("Outcome", width=30)
        self.query_one("#detail-timing", DataTable).add_columns(
            "Segment", "Part", "Planned", "Actual", "Difference")
        self.reload()
        self.call_after_refresh(self._open_at_item)

    def _show_minutes(self, record: Meeting, group: Group,
                      reports: Sequence[ReportAt]) -> None:
        text, _ = group_minutes(record, self.items, group, include_private=True,
                                mark_private=True, reports=reports)
        self.minutes_text = text
        self.query_one("#minutes-md", Static).update(RichMarkdown(text))

    @work(thread=True, exclusive=True, group="detail-reports")
    def _read_reports(self, record: Meeting, group: Group) -> None:
        """The reports back said at this meeting live on earlier meetings' commitments:
        reading them folds every meeting of the group, never on the UI thread."""
        try:
            reports = reports_at(read_ledger(self.store, group.id).rows, record.id)
        except StoreError:
            return  # the minutes stand without them; the review lists a damaged file
        if reports and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._reports_read, record, group, reports)

    def _reports_read(self, record: Meeting, group: Group, reports: list[ReportAt]) -> None:
        if self.is_attached and self.record is record:  # not reloaded meanwhile
            self._show_minutes(record, group, reports)

    def reload(self) -> None:
        store = self.store
        self._token = store.change_token(self.meeting_id)
        try:
            doc = store.meeting_doc(self.meeting_id)
        except StoreError as error:  # damaged since it was listed: left as found, and said
            self.query_one("#detail-title", Label).update(Content(str(error)))
            return
        if doc is None:
            self.query_one("#detail-title", Label).update("This meeting is no longer in the store.")
            return
        record, self.items = doc
        self.record = record
        group = self.require_group()  # a meeting is reviewed within its group
        names = group.names
        presenter = group.name_of(record.presenter_id)
        self.sub_title = f"{group.name} · {record.date}"
        self.query_one("#detail-title", Label).update(Content(
            f"{record.date}  ·  deep dive: {presenter}  ·  {printable(record.topic)}"))
        self._show_minutes(record, group, ())
        self._read_reports(record, group)  # reports said here need the whole ledger: a thread
        tables = [self.query_one(f"#detail-{n}", DataTable) for n in ("items", "recs", "timing")]
        rows = [t.cursor_row for t in tables]
        self._fill_items(names, group_zone(group), record.started_at)
        self._fill_recs(names)
        self._fill_actions(record, names)
        self._fill_timing(record, names)
        self._fill_follow(record, names)
        self.query_one(VoiceChart).show(meeting_voice(record, self.items), names)
        for table, row in zip(tables, rows, strict=True):  # stay where the reader was
            if 0 < row < table.row_count:
                table.move_cursor(row=row)

    def _fill_items(self, names: dict[str, str], zone: str, started: str | None) -> None:
        """Every item, its time in the group's zone (the zone named in the title)."""
        table = self.query_one("#detail-items", DataTable)
        table.clear()
        self.query_one("#detail-items-zone", Label).update(
            Content(f"Times in {zone_label(zone, started)}"))
        for item in self.items:
            at = clock_time(item.at, zone) if item.at else ""
            who = item.speaker_id or item.giver_id or item.owner_id
            lock = _lock(item)
            late = "(added after the end) " if self.record is not None \
                and self.record.added_after_end(item) else ""
            table.add_row(at, item.kind, Text(item.segment_title),
                          Text(names.get(who, "") if who else ""),
                          Text(lock + late + " ".join(item.text.split()), overflow="ellipsis"),
                          key=item.id)

    def _fill_recs(self, names: dict[str, str]) -> None:
        table = self.query_one("#detail-recs", DataTable)
        recs = [i for i in self.items if i.kind == "recommendation"]
        table.clear()
        self.recs = []
        for giver, given in group_by_giver(recs, names):
            for position, rec in enumerate(given):
                lock = _lock(rec)
                table.add_row(Text(names.get(str(giver), "?") if position == 0 else ""),
                              Text(lock + printable(rec.text), overflow="ellipsis"),
                              Text(outcome_text(rec) or "—", overflow="ellipsis"),
                              key=rec.id)
                self.recs.append(rec)

    def _fill_actions(self, record: Meeting, names: dict[str, str]) -> None:
        today = self.today
        rows = [ActionRow(self.meeting_id, record.date, i)
                for i in self.items if i.kind == "action"]
        rows.sort(key=lambda r: sort_key(r, today))
        self.query_one(ActionTable).show(rows, names, today)

    def _fill_timing(self, record: Meeting, names: dict[str, str]) -> None:
        table = self.query_one("#detail-timing", DataTable)
        table.clear()
        for seg in timings(record):
            table.add_row(Text(seg.title, style="bold"), "", format_clock(seg.planned),
                          format_clock(seg.actual), difference(seg.planned, seg.actual))
            if len(seg.parts) > 1:
                for part in seg.parts:
                    who = names.get(part.speaker_id or "", "")
                    label = who if who == part.title else \
                        (f"{part.title} ({who})" if who else part.title)
                    table.add_row("", Text(label), format_clock(part.planned),
                                  format_clock(part.actual), difference(part.planned, part.actual))

    def _fill_follow(self, record: Meeting, names: dict[str, str]) -> None:
        presenter = record.presenter_id
        recs = [i for i in self.items if i.kind == "recommendation"]
        counts = outcome_counts(recs)
        summary = ", ".join(f"{counts[k]} {label.lower()}" for k, label in OUTCOMES.items())
        who = escape(names[str(presenter)]) + "'s" if str(presenter) in names else "the"
        lines = [f"### What became of {who} deep dive", "",
                 f"Recommendations: {summary}, {counts['open']} not followed up yet "
                 "(mark them on tab 3).", ""]
        commitments = [i for i in self.items if i.kind == "action"
                       and presenter and i.owner_id == presenter]
        if commitments:
            lines += ["**Commitments**", ""]
            lines += [f"- {'✓' if c.status == 'done' else '○'} {_lock(c)}"
                      f"{escape(c.text)} (due {c.due or 'no date'})"
                      for c in commitments]
            lines.append("")
        if recs:
            lines += ["**Recommendations**", ""]
            lines += [f"- {_lock(r)}{escape(names.get(str(r.giver_id), '?'))}: "
                      f"{escape(r.text)}: "
                      f"**{escape(outcome_text(r) or 'not followed up yet')}**" for r in recs]
            lines.append("")
        lines += ["**What happened since**", ""]
        lines += [f"- {_lock(e)}{e.date}: {escape(e.text)}"
                  for e in record.outcome_log] or ["- Nothing recorded yet."]
        self.follow_text = "\n".join(lines)
        self.query_one("#follow-md", Static).update(RichMarkdown(self.follow_text))

    def _open_at_item(self) -> None:
        """Coming from a search hit: show the tab holding the item, cursor on it."""
        item = next((i for i in self.items if i.id == self.item_id), None)
        if item is None:
            return
        tab = TAB_FOR_KIND.get(item.kind, "items")
        self.action_show_tab(tab)
        table_id = {"recs": "#detail-recs", "actions": "#detail-actions"}.get(tab, "#detail-items")
        table = self.query_one(table_id, DataTable)
        with suppress(RowDoesNotExist):  # a missing row just leaves the cursor at the top
            table.move_cursor(row=table.get_row_index(item.id))
        table.focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = {"items": "#detail-items", "recs": "#detail-recs", "actions": "#detail-actions",
                 "timing": "#detail-timing", "minutes": "#minutes-scroll",
                 "voice": "#voice-scroll"}.get(tab)
        if focus:
            self.query_one(focus).focus()
        else:  # the tab bar: number keys keep switching, Tab reaches the input
            self.query_one(TabbedContent).query_one(Tabs).focus()

    def action_export(self) -> None:
        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8, markup=False)

        day = self.record.date if self.record is not None else ""
        self.app.push_screen(ExportDialog(self.meeting_id, day), done)

    def action_search(self) -> None:
        open_view(self.app, "search")

    def on_screen_resume(self) -> None:
        if self.store.change_token(self.meeting_id) != self._token:
            self.reload()  # changed elsewhere (another screen or process) while covered

    @on(ActionTable.Changed)
    def _action_changed(self, event: ActionTable.Changed) -> None:
        self.reload()
        self.notify(f"Action item {event.what}.")

    def ask_outcome(self, status: str) -> None:
        table = self.query_one("#detail-recs", DataTable)
        if not self.recs or not 0 <= table.cursor_row < len(self.recs):
            return
        rec = self.recs[table.cursor_row]
        why = rec.outcome.why if rec.outcome is not None else ""

        def apply(answer: tuple[OutcomeStatus, str] | None) -> None:
            if answer is None:
                return
            chosen, reason = answer
            try:
                set_outcome(self.store, self.meeting_id, rec.id, chosen, reason,
                            to_iso(self.time.now()))
            except (ValueError, KeyError, StoreError, OSError) as problem:
                self.notify(f"Not saved: {problem}", severity="error", markup=False)
                return
            self.reload()
            self.notify(f"Marked {OUTCOMES[chosen].lower()}.")

        self.app.push_screen(OutcomeDialog(rec.text, status, why), apply)

    @on(Input.Submitted, "#follow-since")
    def _add_since(self, event: Input.Submitted) -> None:
        error = self.query_one("#follow-error", Label)
        try:
            add_outcome(self.store, self.meeting_id, event.value, to_iso(self.time.now()))
        except ValueError as problem:
            error.update(Content(str(problem)))
            return
        except (KeyError, StoreError, OSError) as problem:
            error.update(Content(f"Not saved, your text is kept: {problem}"))
            return
        event.input.value = ""
        error.update("")
        self.reload()
