"""Exporting from inside the app: the format chosen, private or not, the full path said where
the user looks, and a refused write said in the dialog with nothing lost."""

from __future__ import annotations

import csv
import errno
import io
import stat
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select

from peertui.ui.app import PeerApp
from peertui.ui.screens.review import export_dialog
from peertui.ui.screens.review.export_dialog import ExportDialog
from tests.review.conftest import SECRET, SIZE


def said(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#export-error").render())


def toasts(app: PeerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_csv_with_private_items_goes_to_the_exports_folder(
        app: PeerApp, meeting_id: str, exports_folder: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "x")  # the past meetings, export the selected one
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.meeting_id == meeting_id
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(exports_folder / "minutes-2026-09-18.md")
        dialog.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert path.value == str(exports_folder / "actions-2026-09-18.csv")  # follows the format
        dialog.query_one("#export-private", Checkbox).value = True
        await pilot.click("#export-go")
        await pilot.pause()
        assert app.screen is not dialog
        target = exports_folder / "actions-2026-09-18.csv"
        assert toasts(app)[-1] == f"Exported to {target}. No private items were left out."
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert rows[0][0] == "meeting_date" and len(rows) == 4  # header and 3 actions, no '#'
    assert any(SECRET in row[2] for row in rows)
    assert stat.S_IMODE(exports_folder.stat().st_mode) == 0o700  # made private, on first use


async def test_the_palette_export_says_what_was_left_out(
        app: PeerApp, meeting_id: str, exports_folder: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # the past meetings
        await pilot.pause()
        await pilot.press("enter")  # open the meeting
        await pilot.pause()
        app.action_export_meeting()  # what "Export this meeting" in the palette runs
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("enter")
        await pilot.pause()
        target = exports_folder / "minutes-2026-09-18.md"
        assert toasts(app)[-1] == (
            f"Exported to {target}. 5 private items were left out; tick "
            "'Include private items' to keep them.")
    assert SECRET not in target.read_text()


@pytest.mark.parametrize(("code", "reason", "why"), [
    (errno.ENOSPC, "No space left on device", "the disk is full"),
    (errno.EROFS, "Read-only file system", "the folder is on a read-only disk"),
    (errno.EACCES, "Permission denied", "you may not write in that folder or file"),
])
async def test_a_refused_write_is_said_in_the_dialog_and_nothing_is_lost(
        app: PeerApp, meeting_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        code: int, reason: str, why: str) -> None:
    target = tmp_path / "minutes.md"
    target.write_text("the old minutes\n")

    def refuse(path: Path, text: str) -> None:
        raise OSError(code, reason, str(path))

    monkeypatch.setattr(export_dialog, "write_export", refuse)
    async with app.run_test(size=SIZE) as pilot:
        dialog = ExportDialog(meeting_id, "2026-09-18")
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-private", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "the dialog stays open to try again"
        assert said(dialog) == (f"Cannot write {target}: {reason} ({why}). "
                                "The file already there is unchanged.")
        # what was chosen is kept for the retry
        assert dialog.query_one("#export-path", Input).value == str(target)
        assert dialog.query_one("#export-private", Checkbox).value is True
    assert target.read_text() == "the old minutes\n"


async def test_an_empty_path_is_asked_for(app: PeerApp, meeting_id: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dialog = ExportDialog(meeting_id, "2026-09-18")
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and said(dialog) == "Type the file to write."
