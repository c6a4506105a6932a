"""A newcomer's first meeting, typed into the real app on a pseudo-terminal.

Nothing here calls the app's code: the keys are the bytes a terminal sends and every wait is
for text on the emulated screen, so a focus that starts in the wrong place, a prefix that is
not read or a key the footer does not offer fails here as it would for a person.  At the end
the store and the exported files are read back: what the screen showed is what was kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from peertui.services.machine import settings_path
from peertui.store import Store
from tests.reliability.pty_app import REPO, PtyApp

MEMBERS = ["Tom Becker", "Priya Raman", "Grace Lee", "Sam Ode"]
WAIT_S = 20.0


def _shown(app: PtyApp, pattern: str, what: str) -> None:
    assert app.wait_for_text(pattern, WAIT_S), f"{what}: never shown. Screen:\n{app.text()}"


def _type(app: PtyApp, text: str) -> None:
    """Type like a person: a few characters at a time, then Enter once the echo shows."""
    for start in range(0, len(text), 6):
        app.write(text[start:start + 6])
    _shown(app, re.escape(text[-12:]), f"the echo of {text!r}")


def _export(root: Path, day: str, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "peertui", "--store", str(root), "export", day, "--format", fmt,
         "--output", str(out)],
        capture_output=True, text=True, cwd=str(REPO), timeout=60, check=False)


def test_newcomer_founds_a_group_runs_a_meeting_and_exports_it(tmp_path: Path) -> None:
    root = tmp_path / "store"
    settings_path().unlink()  # a machine that was never asked who uses it
    app = PtyApp(["--store", str(root)], columns=120, rows=36)
    try:
        _shown(app, r"Your group's name", "the welcome screen")
        _type(app, "Lakeside CIOs")  # typed straight away: the focus starts in the name box
        app.press("enter")
        _shown(app, r"Lakeside CIOs\s+·\s+0 members", "home after founding")

        for count, name in enumerate(MEMBERS, start=1):
            app.write("a")
            _shown(app, r"Add to the roster", "the member form")
            _type(app, name)
            app.press("ctrl+s")
            noun = "member" if count == 1 else "members"
            _shown(app, rf"·\s+{count} {noun}\b", f"home with {name} added")

        app.write("n")
        _shown(app, r"Roll call", "the meeting setup")
        app.press("f2")
        _shown(app, r"Who uses this machine", "the name question, once per machine")
        app.press("enter")  # the first name on the roster: Tom Becker takes the notes
        assert app.wait_for(lambda lines: not any("Who uses this machine" in line
                                                  for line in lines), WAIT_S), app.text()
        _shown(app, r"driving as Tom Becker", "the live screen saying who drives")
        app.press("f2")
        _shown(app, r"Meeting <1 min", "the running clock")

        notes = ["Priya: the ERP cut-over moved to March",
                 "d: we pilot the new help desk in one region",
                 "r: Sam Ode: run a tabletop exercise first",
                 "a: Tom Becker run a restore test, in 2 weeks"]
        for note in notes:
            _type(app, note)
            app.press("enter")
        # the feed shows each saved item under its kind and with its people (which the note
        # box, still holding the last words typed, does not show), and the box is empty
        for row in (r"note\s.*The ERP cut-over", r"decision\s+we pilot", r"rec\s+Sam Ode → ",
                    r"action\s+Tom Becker, due \d{4}-\d\d-\d\d: Run a restore"):
            _shown(app, row, f"the feed's row {row!r}")
        assert app.wait_for(lambda lines: not any("in 2 weeks" in line for line in lines),
                            WAIT_S), f"the note box still holds the last note:\n{app.text()}"

        app.press("f8")
        _shown(app, r"End the meeting now", "the end question")
        app.write("y")
        _shown(app, r"Past meetings", "home after the end")
        _shown(app, r"Run a restore test", "the open action on home")
        app.press("ctrl+q")
        assert app.wait_exit(20) == 0
    finally:
        app.close()

    store = Store.open(root)
    [group] = store.groups()
    assert group.name == "Lakeside CIOs"
    assert [m.name for m in group.members] == MEMBERS
    assert all(m.status == "member" for m in group.members), \
        "founding members join as members, not candidates"
    ids = {m.name: m.id for m in group.members}
    [summary] = store.meetings(group.id)
    doc = store.meeting_doc(summary.id)
    assert doc is not None
    meeting, items = doc
    assert meeting.status == "ended"
    by_kind = {item.kind: item for item in items}
    assert set(by_kind) == {"note", "decision", "recommendation", "action"}
    assert by_kind["note"].text == "The ERP cut-over moved to March"  # after "Priya: "
    assert by_kind["note"].speaker_id == ids["Priya Raman"]
    assert by_kind["recommendation"].giver_id == ids["Sam Ode"]
    assert by_kind["recommendation"].text == "Run a tabletop exercise first"
    action = by_kind["action"]
    assert action.owner_id == ids["Tom Becker"]
    assert action.text == "Run a restore test"
    assert action.due == (date.fromisoformat(summary.date) + timedelta(weeks=2)).isoformat()

    minutes = tmp_path / "minutes.md"
    actions = tmp_path / "actions.csv"
    whole = tmp_path / "meeting.json"
    for fmt, out in (("md", minutes), ("csv", actions), ("json", whole)):
        done = _export(root, summary.date, fmt, out)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "", "with --output nothing goes to standard output"
    text = minutes.read_text(encoding="utf-8")
    assert "Lakeside CIOs" in text and "Run a restore test" in text
    assert "Run a tabletop exercise first" in text
    assert "Tom Becker" in text.split("Notes taken by", 1)[1].splitlines()[0]
    assert all(item.by == "Tom Becker" for item in items)
    rows = list(csv.DictReader(io.StringIO(actions.read_text(encoding="utf-8"))))
    assert [(r["owner"], r["action"], r["due"]) for r in rows] == \
        [("Tom Becker", "Run a restore test", action.due)]
    data = json.loads(whole.read_text(encoding="utf-8"))
    assert sorted(i["kind"] for i in data["items"]) == \
        ["action", "decision", "note", "recommendation"]
