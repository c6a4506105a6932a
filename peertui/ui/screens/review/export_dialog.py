"""Export one meeting from inside the app: the format, private items or not, and the file.

The file goes to the exports folder (services/exports.exports_dir) unless another path is
typed; the dialog names that folder before anything is written.  Written, the dialog closes
with a sentence naming the full path and how many private items were left out (the screen
shows it as a toast).  Refused (a full disk, a read-only folder), it stays open with the
reason beside the path: the typed path and choices are kept, and an old file is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select

from peertui.services.exports import (
    ExportError,
    default_export_path,
    export_meeting,
    exports_dir,
    make_exports_dir,
    write_export,
    write_failure,
)
from peertui.store import StoreError
from peertui.ui.base import PeerModal
from peertui.ui.screen_actions import ScreenAction, bindings

FORMAT_CHOICES = [("Minutes (Markdown)", "md"), ("Action items (CSV)", "csv"),
                  ("Whole meeting (JSON)", "json"), ("Next meeting (iCalendar)", "ics")]


def written_message(path: Path, left_out: int) -> str:
    """What the user reads once the file is there: where, and what stayed behind."""
    if left_out == 0:
        return f"Exported to {path}. No private items were left out."
    noun = "item was" if left_out == 1 else "items were"
    return (f"Exported to {path}. {left_out} private {noun} left out; tick "
            "'Include private items' to keep them.")


class ExportDialog(PeerModal[str | None]):
    """Export one meeting to a file; dismisses with a sentence saying what was written."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("export-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, meeting_id: str, meeting_date: str, fmt: str = "md") -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting_date = meeting_date
        self.fmt = fmt
        self.folder = exports_dir()
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(f"Export the meeting of {self.meeting_date}")
            yield Select[str](FORMAT_CHOICES, value=self.fmt, allow_blank=False,
                              id="export-format")
            yield Checkbox("Include private items", id="export-private")
            yield Input(id="export-path", placeholder="File to write")
            yield Label(Content(f"Exports go to {self.folder} unless you type another path."),
                        id="export-where", classes="hint")
            yield Label("", id="export-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (Enter)", id="export-go", variant="primary")
                yield Button("Cancel (Esc)", id="export-no")

    def on_mount(self) -> None:
        self._suggest(self.fmt)
        self.query_one("#export-path", Input).focus()

    def _suggest(self, fmt: str) -> None:
        """Follow the format with the file name until the user types their own."""
        path = self.query_one("#export-path", Input)
        if path.value in ("", self._auto_path):
            self._auto_path = str(default_export_path(fmt, self.meeting_date))
            path.value = self._auto_path

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._suggest(str(event.value))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def export(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        private = self.query_one("#export-private", Checkbox).value
        raw = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Label)
        if not raw:
            error.update("Type the file to write.")
            return
        path = Path(raw).expanduser().absolute()
        try:
            result = export_meeting(self.store, self.meeting_id, fmt, include_private=private,
                                    now=self.time.now())
            if path.parent == self.folder.absolute():
                make_exports_dir(path.parent)  # the default folder is made on first use
            write_export(path, result.text)
        except (ExportError, StoreError) as problem:
            error.update(Content(str(problem)))
            return
        except OSError as problem:  # write_export is all-or-nothing: nothing lost
            error.update(Content(write_failure(path, problem)))
            return
        self.dismiss(written_message(path, result.left_out))

    @on(Button.Pressed, "#export-no")
    def action_cancel(self) -> None:
        self.dismiss(None)
