"""Home: the group, its next meeting, who presents next, and what is still open.

It is the first screen at every start, so it reads only the index: open action items come
from the meeting summaries, and the past-meetings list shows the latest few (the review
screen has them all).  In a terminal the first paint shows the group, the next meeting and
who presents; the buttons and tables mount just after it (see tests/bench, start-up).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Header, Label, Static

from peertui.domain.dates import describe_due
from peertui.domain.models import Group
from peertui.domain.records import MeetingSummary, OpenItem
from peertui.domain.text import printable
from peertui.domain.topics import suggest
from peertui.services.meetings import in_progress, running_meeting
from peertui.services.schedule import next_meeting_for
from peertui.store.watch import StoreChange
from peertui.ui.base import PeerScreen
from peertui.ui.safe import bold, line, plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.sync_line import SyncLine, start_sync
from peertui.ui.widgets.damaged_line import DamagedLine, unreadable_meetings
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.row_detail import RowDetail, counted

if TYPE_CHECKING:  # imported where used: the tables mount after the first paint
    from textual.timer import Timer
    from textual.widgets import DataTable

PAST_SHOWN = 20  # the latest meetings; p opens the review with every one


A = ScreenAction
ACTIONS: tuple[ScreenAction, ...] = (
    A("new-meeting", "n", "new_meeting", "New meeting",
      help="Roll call, presenter and agenda, then the clock"),
    A("resume", "r", "resume", "Resume meeting", palette_title="Resume the meeting in progress",
      help="Back to the running meeting"),
    A("add-member", "a", "add_member", "Add member", palette_title="Add a member",
      help="Add someone to the group's roster"),
    A("review", "p", "review('past')", "Review", palette_title="Past meetings",
      help="Minutes, timings, recommendations; export"),
    A("search", "slash", "review('search')", "Search",
      palette_title="Search every meeting's notes", help="Free text, by member, kind, date"),
    A("actions", "o", "review('actions')", "Actions",
      palette_title="Action items across meetings", help="Overdue first; done, reassign"),
    A("roster", "m", "group_screen('roster')", "Roster",
      palette_title="Roster: members, candidates, vetting, attendance",
      help="who is in, who presents next, CSV import"),
    A("templates", "t", "group_screen('templates')", "Agendas",
      palette_title="Agenda templates", help="create, copy, edit, delete"),
    A("topic-bank", "b", "group_screen('topics')", "Topics",
      palette_title="Topic bank: candidate deep-dive topics",
      help="what waits, how urgent, how long; add, edit, drop"),
    A("rhythm", "w", "group_screen('cadence')", "Rhythm",
      palette_title="Meeting rhythm and next meeting",
      help="every N months, move the date, ICS export"),
    A("health", "h", "group_screen('health')", "Health",
      palette_title="The group's health: rating, say/do, share of experience",
      help="trends over the last meetings; the advice nudge at capture"),
    A("switch-group", "g", "app.switch_group", "Group", palette_title="Switch group",
      help="another group in this store, or a new one"),
    A("worksheet", "s", "worksheet", "Worksheet", palette_title="The next presenter's worksheet",
      help="the issue, why it matters, what they want from the group"),
    A("life-areas", "", "group_screen('life_areas')", "Life areas",
      palette_title="Life areas of the pulse", help="what members rate themselves on"),
    A("sync", "y", "sync", "Sync", palette_title="Sync with the store's other copies (git)",
      help="send this copy's changes, receive the others'; the first time, name a remote",
      show=False),
)


class HomeScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    _fresh = False  # just filled by on_mount
    _resumable = False  # a meeting is in progress: r (resume) applies
    _lists = False  # the buttons and tables are mounted
    _poll: Timer | None = None  # looks for other processes' saves while home is shown

    def compose(self) -> ComposeResult:
        # Headless (tests, snapshots) nothing is painted early, so everything mounts at once.
        now = self.app.is_headless
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-left"):
                yield Static(id="group-title")
                yield Static(id="next-meeting")
                yield Static(id="in-progress")
                yield DamagedLine(id="unreadable")
                yield SyncLine(id="sync-line")
                if now:
                    yield from self._left_lists()
            with Vertical(id="home-right"):
                if now:
                    yield from self._right_lists()
        yield FittedFooter()  # whole keys only, never one cut at the edge

    @staticmethod
    def _left_lists() -> list[Widget]:
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        return [Horizontal(Button("New meeting (n)", id="new", variant="primary"),
                           Button("Resume (r)", id="resume-button", variant="warning"),
                           id="home-buttons"),
                Label("Open action items", classes="section", id="open-actions-title"),
                DataTable(id="open-actions", cursor_type="row", zebra_stripes=True),
                RowDetail(id="open-actions-detail")]

    @staticmethod
    def _right_lists() -> list[Widget]:
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        return [Label("Members", classes="section"),
                DataTable(id="members", cursor_type="row"),
                RowDetail(id="members-detail"),
                Label("Past meetings", classes="section", id="past-title"),
                DataTable(id="past", cursor_type="row"),
                RowDetail(id="past-detail")]

    def on_screen_resume(self) -> None:
        if self._poll is not None:
            self._poll.resume()
        if self._fresh:  # on_mount has just filled it: the first paint need not wait twice
            self._fresh = False
            return
        self.refresh_view()

    def on_screen_suspend(self) -> None:
        """Under the live screen nobody sees home: its poll would only wake the app up once
        a second for nothing (tests/bench, idle CPU); it looks again as it resumes."""
        if self._poll is not None:
            self._poll.pause()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self._lists_mounted()
        else:
            self.set_timer(0.1, self._mount_lists)
        self.refresh_view()
        self._fresh = True
        self._seen = self.store.change_token()
        watch = self.peer.store_watch
        watch.subscribe(self, self._store_changed)
        self._poll = watch.poll_every(self, 1.0, self._follow_other_processes)
        self.watch_group(self._group_changed)

    def _group_changed(self, _group: Group | None) -> None:
        """Switched, or saved (a member added, the rhythm changed): show it as it is now."""
        self.refresh_view()

    async def _mount_lists(self) -> None:
        """After the first paint: the buttons and tables (most of the screen's cost)."""
        await self.query_one("#home-left").mount_all(self._left_lists())
        await self.query_one("#home-right").mount_all(self._right_lists())
        self._lists_mounted()
        self.refresh_view()
        if self.focused is None:
            self.query_one("#new", Button).focus()

    def _lists_mounted(self) -> None:
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        self.query_one("#open-actions", DataTable).add_columns("Due", "Owner", "Action")
        self.query_one("#members", DataTable).add_columns("Name", "Company")
        self.query_one("#past", DataTable).add_columns("Date", "Presenter", "Topic")
        self._lists = True

    def _store_changed(self, change: StoreChange) -> None:
        """Under the live screen home is not current (PeerApp._background_screens), so it
        looks only as it resumes."""
        if change.touches_index() or change.any_meeting:
            self._follow_other_processes()

    def _follow_other_processes(self) -> None:
        """A meeting started or ended, or the group changed, in another terminal: it shows
        here as it lands (or within a second where the store cannot be watched)."""
        if not self.is_current:
            return
        token = self.store.change_token()
        if token != self._seen:
            self._seen = token
            before = self.group
            self.peer.reload_group()
            if self.group == before:  # else _group_changed has refreshed already
                self.refresh_view()

    def refresh_view(self) -> None:
        group = self.group
        if group is None:
            return
        store = self.store
        today = self.today
        self.sub_title = group.name
        meetings = store.meetings(group.id)
        self._show_unreadable()
        self.query_one(SyncLine).show_state(self)
        found = suggest(group, meetings, today)  # what setup suggests (an A topic may lead)
        nxt = found.member if found else None
        count = len(group.active_members)
        self.query_one("#group-title", Static).update(
            line(bold(group.name), f"  ·  {counted(count, 'member')}"))
        when = next_meeting_for(store, group, today, meetings).line()
        self.query_one("#next-meeting", Static).update(
            line("Next meeting: ", bold(when), "\nNext to present: ",
                 bold(nxt.name if nxt else "—")))
        live = in_progress(meetings)
        self.query_one("#in-progress", Static).update(
            f"[b $warning]Meeting in progress[/] from {live.date}: press r to resume."
            if live else "" if count >= 2 else
            "[b]Next: add your members[/] (a), at least two to hold a meeting; or import "
            "them from a CSV file in the roster (m).")
        if (live is not None) != self._resumable:  # the footer offers r only when it applies
            self._resumable = live is not None
            self.refresh_bindings()
        if not self._lists:
            return
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        self.query_one("#resume-button").display = live is not None
        self._fill_actions(group, meetings, today)
        members = self.query_one("#members", DataTable)
        members.clear()
        for member in group.active_members:
            members.add_row(plain(member.name), plain(member.company), key=member.id)
        past = self.query_one("#past", DataTable)
        past.clear()
        ended = [m for m in meetings if m.status == "ended"]
        for meeting in reversed(ended[-PAST_SHOWN:]):
            past.add_row(meeting.date, plain(group.name_of(meeting.presenter_id)),
                         plain(printable(meeting.topic)), key=meeting.id)
        self.query_one("#past-title", Label).update(
            f"Past meetings: the latest {PAST_SHOWN} of {len(ended)} (p reviews them all)"
            if len(ended) > PAST_SHOWN else "Past meetings")
        for table in self.query(DataTable):
            self._show_row(table)

    def _show_unreadable(self) -> None:
        """One damaged meeting file never hides the rest: name it where the user looks."""
        self.query_one(DamagedLine).show_errors(unreadable_meetings(self.store), self.store.root)

    def _fill_actions(self, group: Group, meetings: list[MeetingSummary],
                      today: date) -> None:
        """Open action items of every meeting, running ones too: each summary is true to
        its meeting's file (the store rebuilds a stale one), so no meeting file is read."""
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        table = self.query_one("#open-actions", DataTable)
        table.clear()
        rows: list[OpenItem] = [item for meeting in meetings for item in meeting.open_items]
        rows.sort(key=lambda i: i.due or "9999")
        for item in rows:
            try:
                due_text = describe_due(date.fromisoformat(item.due), today) if item.due \
                    else "no date"
            except ValueError:
                due_text = "no date"
            lock = "🔒 " if item.private else ""
            table.add_row(due_text, plain(group.name_of(item.owner_id)),
                          plain(lock + printable(item.text)), key=item.id)
        self.query_one("#open-actions-title", Label).update(
            f"Open action items: {len(rows)}" if rows else "Open action items: none")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_row(event.data_table)

    def on_descendant_focus(self) -> None:
        from textual.widgets import DataTable  # after the first paint (see the module doc)

        for table in self.query(DataTable):
            self._show_row(table)

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.on_descendant_focus)

    def _show_row(self, table: DataTable[object]) -> None:
        """The highlighted row whole, under its table, while that table has the focus:
        the columns cut long text ("Share the data-migration checklist w…")."""
        detail = self.query(f"#{table.id}-detail").first(RowDetail) \
            if table.id else None
        if detail is None:
            return
        if not table.has_focus or not table.row_count:
            detail.show_cells(())
            return
        detail.show_cells(table.get_row_at(table.cursor_row))

    @on(Button.Pressed, "#new")
    def action_new_meeting(self) -> None:
        from peertui.ui.screens.setup import SetupScreen  # each screen's imports wait for it

        group = self.group
        if group is None:
            return
        live = running_meeting(self.store, group.id)
        if live is not None:
            self.notify("A meeting is already in progress: press r to resume it.",
                        severity="warning")
            return
        if len(group.active_members) < 2:
            self.notify("Add at least two members first (a).", severity="warning")
            return
        self.app.push_screen(SetupScreen())

    @on(Button.Pressed, "#resume-button")
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume only when there is a meeting to resume: hidden from the footer and the
        palette otherwise (and its key then says nothing, as a missing key would)."""
        if action == "resume":
            return self._resumable
        return True

    def action_resume(self) -> None:
        from peertui.ui.screens.live.screen import LiveScreen  # each screen's imports wait for it

        group = self.group
        if group is None:
            return
        live = running_meeting(self.store, group.id)
        if live is None:
            self.notify("No meeting in progress. Press n for a new one.")
            return
        self.app.push_screen(LiveScreen(live.id))

    def action_add_member(self) -> None:
        from peertui.ui.screens.roster import open_add_member  # each screen's imports wait

        open_add_member(self.peer)  # home follows the saved group (_group_changed)

    def action_sync(self) -> None:
        start_sync(self, self.query_one(SyncLine))

    def action_worksheet(self) -> None:
        """The worksheet of who presents next (the roster opens anyone's: s there)."""
        from peertui.ui.screens.worksheet import WorksheetScreen  # waits until opened

        group = self.group
        found = suggest(group, self.store.meetings(group.id), self.today) if group else None
        if found is None:  # who home says is next to present (an A topic may lead)
            self.notify("Nobody is next to present yet: add members first (a).")
            return
        self.app.push_screen(WorksheetScreen(found.member.id))

    def action_group_screen(self, which: str) -> None:
        """The chair's screens between meetings: roster, templates, rhythm, topic bank."""
        # Each screen's imports wait until it is opened (start-up time, tests/bench).
        from peertui.ui.screens.cadence import CadenceScreen
        from peertui.ui.screens.health import HealthScreen
        from peertui.ui.screens.life_areas import LifeAreasScreen
        from peertui.ui.screens.roster import RosterScreen
        from peertui.ui.screens.templates import TemplatesScreen
        from peertui.ui.screens.topics import TopicBankScreen

        screens = {"roster": RosterScreen, "templates": TemplatesScreen,
                   "cadence": CadenceScreen, "topics": TopicBankScreen,
                   "life_areas": LifeAreasScreen, "health": HealthScreen}
        self.app.push_screen(screens[which]())

    def action_review(self, view: str) -> None:
        from peertui.ui.screens.review.router import open_view  # review waits until opened

        open_view(self.app, view)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a past meeting opens it; on an action item, the action items."""
        if event.data_table.id not in ("open-actions", "past"):
            return
        from peertui.ui.screens.review.router import open_view  # review waits until opened

        if event.data_table.id == "past" and event.row_key.value is not None:
            open_view(self.app, "meeting", meeting_id=str(event.row_key.value))
        else:
            open_view(self.app, "actions")
