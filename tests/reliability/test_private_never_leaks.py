"""Private items never leave the store without an explicit choice.

Checked wherever text leaves: every export format (module and command line), the projector
view, what the command line prints, and a crash report.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from peertui.cli import cli
from peertui.domain.timesource import SystemTime
from peertui.services import exports
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.display_app import create_display
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.pty_app import REPO, PtyApp

FORMATS = ["md", "csv", "json", "ics"]
SECRETS = {  # one private item of every kind, and words that appear nowhere else
    "note": "Zanzibar layoffs are planned for March, nobody knows yet",
    "recommendation": "Quietly approach Quokka Capital before the board meets",
    "action": "Ask the Xylophone lawyer about the severance terms",
    "decision": "Walrus acquisition goes ahead despite the audit",
}
PUBLIC = "Shortlist two integrators and check their references"
SAMPLE_SECRET = "Tom is weighing a move to a PE-backed competitor."


def secret_words(text: str) -> list[str]:
    """Which private texts (or their tell-tale words) appear in *text*."""
    words = ["Zanzibar", "Quokka", "Xylophone", "Walrus", "PE-backed competitor"]
    return [w for w in words if w.lower() in text.lower()]


def _meeting_with_secrets(store: Store, status: str) -> str:
    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "Confidential deep dive", TODAY)
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, FakeTime(time.time() - 600))
    live.act("start")
    live.new_item("note", PUBLIC)
    live.new_item("note", SECRETS["note"], private=True)
    live.new_item("recommendation", SECRETS["recommendation"], private=True, giver_id=ids[1],
                  recipient_id=ids[0])
    live.new_item("action", SECRETS["action"], private=True, owner_id=ids[0],
                  due=TODAY.replace(day=28), due_text="tomorrow")
    live.new_item("decision", SECRETS["decision"], private=True)
    if status == "ended":
        live.act("end")
    refresh_summary(store, record.id)
    return record.id


def _text(result: Any) -> str:
    return result if isinstance(result, str) else str(getattr(result, "text", result))


def _command(name: str) -> click.Command:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"the `peertui {name}` command is gone"
    return command


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_leave_private_items_out(store: Store, fmt: str) -> None:
    meeting_id = _meeting_with_secrets(store, "ended")
    past = next(m.id for m in store.meetings() if m.id != meeting_id)
    for mid in (meeting_id, past):
        text = _text(exports.export_meeting(store, mid, fmt, include_private=False))
        assert secret_words(text) == [], f"{fmt} export of {mid} leaks private items"
    if fmt in ("md", "json"):  # the check can see them when they are asked for
        shown = _text(exports.export_meeting(store, meeting_id, fmt, include_private=True))
        assert secret_words(shown), f"{fmt}: include_private=True did not include them"


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_leaves_private_items_out(store: Store, fmt: str,
                                                 tmp_path: Path) -> None:
    _command("export")
    meeting_id = _meeting_with_secrets(store, "ended")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(cli, ["--store", str(store.root), "export", meeting_id,
                                      "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    printed = result.output + (out.read_text(encoding="utf-8") if out.exists() else "")
    assert secret_words(printed) == []
    if out.exists():
        assert out.stat().st_mode & 0o077 == 0, "an export readable by others"


def test_actions_command_leaves_private_items_out(store: Store) -> None:
    _command("actions")
    _meeting_with_secrets(store, "ended")
    for fmt in ("table", "csv", "json"):
        result = CliRunner().invoke(cli, ["--store", str(store.root), "actions", "-f", fmt])
        assert result.exit_code == 0, result.output
        assert secret_words(result.output) == [], fmt


async def test_projector_view_shows_no_private_item(store: Store) -> None:
    """`peertui display` (the shared screen): the running meeting, without private items."""
    _command("display")
    _meeting_with_secrets(store, "running")
    app = create_display(store, SystemTime())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.3)
        screen_text = _visible_text(app)
    assert "Confidential deep dive" in screen_text or "Welcome" in screen_text, screen_text[:400]
    assert secret_words(screen_text) == []


def _visible_text(app: Any) -> str:
    """What is on the screen: the SVG screenshot's text runs, joined."""
    svg = app.export_screenshot()
    runs = re.findall(r">([^<>]+)</text>", svg)
    return "".join(runs).replace("&#160;", " ").replace("&amp;", "&")


def test_where_and_purge_print_no_private_text(store: Store) -> None:
    meeting_id = _meeting_with_secrets(store, "ended")
    runner = CliRunner()
    for args in (["where"], ["purge", meeting_id]):
        result = runner.invoke(cli, ["--store", str(store.root), *args], input="n\n")
        assert secret_words(result.output) == [], args


CRASH = """
from peertui.store import Store
from peertui.ui.screens import home

def crash(self):
    store = self.app.store
    every_item = [i for m in store.meetings() for i in store.items(m.id)]
    private = [i.text for i in every_item if i.private]
    first_private = private[0]
    raise RuntimeError(f"boom after reading {len(every_item)} items")

home.HomeScreen.on_mount = crash
"""


def test_a_crash_report_shows_no_private_text(tmp_path: Path) -> None:
    """An unexpected error prints a traceback, but not the local variables holding notes."""
    store = Store.open(tmp_path / "store")
    _meeting_with_secrets(store, "ended")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(CRASH)
    app = PtyApp(["--store", str(store.root)],
                 env={"PYTHONPATH": f"{hooks}{os.pathsep}{REPO}"})
    try:
        app.wait_exit(30)
    finally:
        app.close()
    output = bytes(app.raw).decode("utf-8", "replace")
    assert "boom after reading" in output, output[-2000:]
    assert secret_words(output) == []
