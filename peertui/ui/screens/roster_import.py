"""Import members from a CSV file, from the roster screen; the report stays on screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape as _escape
from textual.widgets import Button, Input, Label, Static

from peertui.domain.text import neutral, printable
from peertui.services.import_members import ImportFileError, import_members
from peertui.store import StoreError
from peertui.ui.base import PeerModal
from peertui.ui.safe import bold, line
from peertui.ui.screen_actions import ScreenAction, bindings

HELP = ("A header row names the columns: name (required), company, size band, role, "
        "joined, contact, notes, status (member or candidate). People already on the "
        "roster are skipped, so importing twice adds nobody twice.")


class ImportDialog(PeerModal[int]):
    """Dismisses with how many were added."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("import-close", "escape", "close", "Close", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, group_id: str, group_name: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.group_name = group_name
        self.added = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield Label(line(bold(f"Import members into {self.group_name}")))
            yield Static(HELP, classes="hint")
            yield Input(placeholder="Path to the CSV file, e.g. ~/members.csv", id="import-path")
            with VerticalScroll(id="import-report-box"):
                yield Static("", id="import-report")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (Enter)", id="import", variant="primary")
                yield Button("Close (Esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import")
    def run_import(self) -> None:
        report_box = self.query_one("#import-report", Static)
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            report_box.update("[$error]Type the path of a CSV file first.[/]")
            return
        path = Path(text).expanduser()
        try:
            report = import_members(self.store, self.group_id, path)
        except ImportFileError as problem:
            report_box.update(f"[$error]Nothing imported.[/] {_escape(neutral(str(problem)))}")
            return
        except (StoreError, OSError, ValueError) as problem:
            report_box.update(f"[$error]Nothing imported:[/] {_escape(neutral(str(problem)))}")
            return
        self.added += len(report.added)
        if report.added:
            self.peer.reload_group()
        lines = report.lines()
        colour = "$success" if not report.rejected else "$warning"
        # The lines quote the file's cells (a CSV can hold any character): one line each.
        report_box.update(f"[b {colour}]{_escape(printable(lines[0]))}[/]\n"
                          + "\n".join(_escape(printable(line)) for line in lines[1:]))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.added)

