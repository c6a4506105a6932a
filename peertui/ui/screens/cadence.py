"""The group's rhythm: every N months on a set day and time, the next meeting, ICS export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static

from peertui.domain.cadence import WEEK_NAMES, WEEKDAYS, next_meeting, parse_cadence
from peertui.domain.models import Group
from peertui.domain.text import printable
from peertui.services.schedule import (
    cadence_of,
    export_ics,
    last_meeting_day,
    move_next_meeting,
    next_meeting_for,
    save_cadence,
)
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.widgets.fitted_footer import FittedFooter

FIELDS = ("every_months", "mode", "week", "weekday", "day", "start", "minutes", "timezone")


def _field(label: str, widget: Widget, key: str) -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), widget,
                      Label("", id=f"{key}-error", classes="error form-error"),
                      classes="cadence-row")


class CadenceScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("cadence-save", "ctrl+s", "save", "Save rhythm",
                     palette_title="Save the meeting rhythm"),
        ScreenAction("cadence-export", "f5", "export", "Export .ics",
                     palette_title="Export the next meeting as .ics", help="for any calendar"),
        ScreenAction("switch-group", "", "app.switch_group", "Switch group",
                     help="another group, or a new one"),
        ScreenAction("cadence-back", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def compose(self) -> ComposeResult:
        group = self.require_group()
        c = cadence_of(group)
        slug = "".join(ch if ch.isalnum() else "-" for ch in group.name.lower()).strip("-")
        yield Header()
        yield Static(id="cadence-next")
        with Horizontal(id="cadence"):
            with Vertical(id="cadence-left"):
                yield Label("Rhythm", classes="section")
                yield _field("Every", Input(str(c.every_months), id="every_months",
                                            max_length=2, restrict=r"[0-9]*", compact=True,
                                            placeholder="months"), "every_months")
                yield _field("On", Select[str]([("a weekday of the month", "weekday"),
                                                ("a fixed day of the month", "day")],
                                               value=c.mode, id="mode", allow_blank=False,
                                               compact=True), "mode")
                yield _field("Week", Select[str](
                    [(f"the {n}" if k != -1 else "the last", str(k))
                     for k, n in WEEK_NAMES.items()],
                    value=str(c.week), id="week", allow_blank=False, compact=True), "week")
                yield _field("Weekday", Select[str](
                    [(d, str(i)) for i, d in enumerate(WEEKDAYS)], value=str(c.weekday),
                    id="weekday", allow_blank=False, compact=True), "weekday")
                yield _field("Day", Input(str(c.day), id="day", max_length=2,
                                          restrict=r"[0-9]*", compact=True), "day")
                yield _field("Starts", Input(c.start, id="start", max_length=5, compact=True,
                                             placeholder="HH:MM"), "start")
                yield _field("Minutes", Input(str(c.minutes), id="minutes", max_length=4,
                                              restrict=r"[0-9]*", compact=True), "minutes")
                yield _field("Timezone", Input(c.timezone, id="timezone", max_length=60,
                                               compact=True, placeholder="Europe/Berlin"),
                             "timezone")
                yield Static(id="cadence-preview", classes="hint")
            with Vertical(id="cadence-right"):
                yield Label("Move the next meeting by hand", classes="section")
                yield _field("Date", Input(group.next_meeting, id="moved-to", max_length=10,
                                           compact=True, placeholder="YYYY-MM-DD or blank"),
                             "moved-to")
                yield Static("Blank: the next meeting follows the rhythm.", classes="hint")
                yield Button("Save rhythm and date (ctrl+s)", id="cadence-save-button",
                             variant="primary")
                yield Label("Export the next meeting for a calendar", classes="section")
                yield _field("File", Input(str(Path.home() / f"{slug or 'group'}-next-meeting.ics"),
                                           id="ics-path", compact=True), "ics-path")
                yield Button("Export .ics (F5)", id="cadence-export-button")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        self.sub_title = f"{self.require_group().name} · rhythm and next meeting"
        self._show_next()
        self._preview()
        self.query_one("#every_months", Input).focus()
        self.watch_group(self._group_changed)

    def _group_changed(self, _group: Group | None) -> None:
        """The rhythm saved: the next meeting shown follows it."""
        self._show_next()

    def _values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for key in FIELDS:
            widget = self.query_one(f"#{key}")
            if isinstance(widget, Input):
                values[key] = widget.value
            elif isinstance(widget, Select):
                values[key] = str(widget.value) if isinstance(widget.value, str) else ""
        return values

    def _show_next(self) -> None:
        group = self.require_group()
        upcoming = next_meeting_for(self.store, group, self.today)
        self.query_one("#cadence-next", Static).update(
            f"[b]{escape(group.name)}[/b]: {escape(upcoming.cadence.describe())}\n"
            f"Next meeting: [b]{escape(upcoming.line())}[/b]")

    @on(Input.Changed, "#every_months, #day, #start, #minutes, #timezone")
    @on(Select.Changed)
    def _preview(self) -> None:
        """Show the next dates as the rhythm is typed, before it is saved."""
        values = self._values()
        mode = values.get("mode")
        for key, shown in (("week", mode == "weekday"), ("weekday", mode == "weekday"),
                           ("day", mode == "day")):
            row = self.query_one(f"#{key}").parent  # the field's row: label, input, error
            if isinstance(row, Widget):
                row.display = shown
        cadence, errors = parse_cadence(values)
        for key in FIELDS:
            self.query_one(f"#{key}-error", Label).update(errors.get(key, ""))
        preview = self.query_one("#cadence-preview", Static)
        if cadence is None:
            preview.update("Fix the marked fields to see the dates.")
            return
        group = self.require_group()
        last = last_meeting_day(self.store.meetings(group.id))
        today = self.today
        days = []
        day, _ = next_meeting(cadence, last, today)
        for _ in range(3):
            days.append(f"{day:%a} {day.day} {day:%b %Y}")
            day, _ = next_meeting(cadence, day, day)
        preview.update(f"{cadence.describe()}: {', '.join(days)} …")

    @on(Button.Pressed, "#cadence-save-button")
    def action_save(self) -> None:
        group_id = self.require_group().id
        try:
            errors = save_cadence(self.store, group_id, self._values())
            moved_error = move_next_meeting(self.store, group_id,
                                            self.query_one("#moved-to", Input).value,
                                            self.today)
        except (ValueError, StoreError, OSError) as problem:
            self.notify(f"Not saved: {problem}", severity="error", markup=False)
            return
        finally:
            self.peer.reload_group()  # whatever was saved of it: _group_changed shows it
        self.query_one("#moved-to-error", Label).update(moved_error)
        for key in FIELDS:
            self.query_one(f"#{key}-error", Label).update(errors.get(key, ""))
        if errors or moved_error:
            self.notify("Not everything was saved: see the marked fields.", severity="error")
            return
        self.notify("Rhythm saved.")

    @on(Input.Submitted, "#moved-to")
    def _moved(self) -> None:
        self.action_save()

    @on(Input.Submitted, "#ics-path")
    @on(Button.Pressed, "#cadence-export-button")
    def action_export(self) -> None:
        text = self.query_one("#ics-path", Input).value.strip()
        error = self.query_one("#ics-path-error", Label)
        if not text:
            error.update("Type where to save the file.")
            return
        path = Path(text).expanduser()
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        try:
            stamp = datetime.fromtimestamp(self.time.now(), UTC)
            upcoming = export_ics(self.store, self.require_group(), self.today, path, stamp)
        except (ValueError, OSError) as problem:
            error.update(f"Not written: {escape(printable(str(problem)))}")
            return
        error.update("")
        self.notify(f"Wrote {printable(str(path))} ({upcoming.text}).", markup=False)
