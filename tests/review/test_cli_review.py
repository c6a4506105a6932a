"""`peertui export` and `peertui actions`, driven through click as a shell user would."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner

from peertui.cli import cli
from peertui.store import Store
from tests.review.test_exports import GOLDEN, check_golden


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store.root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_each_format_matches_the_service(store: Store, meeting_id: str, fmt: str) -> None:
    code, out, err = run(store, "export", "2026-09-18", "--format", fmt)
    assert code == 0
    assert out == (GOLDEN / f"meeting.{fmt}").read_bytes().decode("utf-8")
    assert "private item" in err and "left out" in err


def test_export_ics_and_default_md(store: Store, meeting_id: str) -> None:
    result = CliRunner().invoke(cli, ["--store", str(store.root), "export", meeting_id, "-f",
                                      "ics"])
    assert result.exit_code == 0
    assert result.stdout_bytes == (GOLDEN / "meeting.ics").read_bytes().replace(
        b"DTSTAMP:20261127T160000Z", b"DTSTAMP:" + result.stdout_bytes.split(b"DTSTAMP:")[1][:16])
    assert b"\r\n" in result.stdout_bytes  # iCalendar's line ends, untouched
    assert "1 private item left out of this export. Use --include-private to include it." \
        in result.stderr
    code, out, _ = run(store, "export", meeting_id)
    assert code == 0 and out.startswith("# Mid-market CIOs: meeting of 2026-09-18")


def test_export_include_private(store: Store, meeting_id: str) -> None:
    code, out, err = run(store, "export", meeting_id, "--include-private")
    assert code == 0
    check_golden("meeting-private.md", out)
    assert "No private items were left out." in err


def test_export_to_a_file(store: Store, meeting_id: str, tmp_path: Path) -> None:
    target = tmp_path / "actions.csv"
    code, out, err = run(store, "export", "2026-09-18", "-f", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert f"Wrote csv of the meeting of 2026-09-18 to {target}." in err
    assert "1 private item left out of this export." in err
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert rows[0][:3] == ["meeting_date", "owner", "action"]
    assert len(rows) == 3 and not any(r[0].startswith("#") for r in rows)  # pure CSV
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run(store, "export", meeting_id, "-o", str(tmp_path / "no" / "dir.md"))
    assert code == 1 and "cannot write" in err


def test_unknown_and_ambiguous_meeting_exit_2(store: Store, meeting_id: str) -> None:
    code, out, err = run(store, "export", "2031-01-01")
    assert code == 2 and out == ""
    assert "No meeting '2031-01-01'" in err and "2026-09-18" in err
    code, _, err = run(store, "export", "not-a-meeting")
    assert code == 2 and "Give a meeting id or date" in err
    record = store.meeting(meeting_id)
    assert record is not None
    store.create_meeting(msgspec.structs.replace(record, id="2026-09-18-again",
                                                 topic="Make-up session"))
    code, _, err = run(store, "export", "2026-09-18")
    assert code == 2
    assert "2 meetings on 2026-09-18" in err and "2026-09-18-again" in err and meeting_id in err
    code, out, _ = run(store, "export", "2026-09-18-again", "-f", "json")
    assert code == 0 and json.loads(out)["meeting"]["id"] == "2026-09-18-again"


def test_export_bad_format_is_a_usage_error(store: Store, meeting_id: str) -> None:
    code, _, err = run(store, "export", meeting_id, "-f", "pdf")
    assert code == 2 and "pdf" in err


def test_actions_table(store: Store, meeting_id: str) -> None:
    code, out, err = run(store, "actions", "--today", "2026-11-27")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["DUE", "OWNER", "ACTION", "FROM"]
    assert lines[1].startswith("overdue by 2 weeks  Priya Raman")
    assert lines[2].startswith("due in 2 weeks      Art Delgado")
    assert len(lines) == 3  # the table only: the note is on stderr
    assert "1 private item left out of this export." in err


def test_actions_owner_overdue_and_formats(store: Store, meeting_id: str) -> None:
    code, out, _ = run(store, "actions", "--owner", "art", "--format", "json",
                       "--today", "2026-11-27")
    doc = json.loads(out)
    assert code == 0 and [a["owner"] for a in doc["actions"]] == ["Art Delgado"]
    assert doc["left_out_private"] == 1
    code, out, _ = run(store, "actions", "--owner", "Art Delgado", "--include-private",
                       "-f", "json", "--today", "2026-11-27")
    assert len(json.loads(out)["actions"]) == 2
    code, out, err = run(store, "actions", "--overdue", "-f", "csv", "--today", "2026-11-27")
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[1] for r in rows[1:]] == ["Priya Raman"]  # the header, the row: nothing else
    assert "No private items were left out." in err
    code, out, err = run(store, "actions", "--overdue", "--today", "2026-11-01")
    assert out.splitlines() == ["DUE  OWNER  ACTION  FROM"]
    assert "No open action items match." in err


def test_actions_unknown_or_ambiguous_owner_exit_2(store: Store, meeting_id: str) -> None:
    code, _, err = run(store, "actions", "--owner", "Zelda")
    assert code == 2 and "no member called 'Zelda'" in err and "Art Delgado" in err
    group = store.groups()[0]
    extra = msgspec.structs.replace(group.members[1], id="m-priya-2", name="Priya Shah")
    group.members.append(extra)
    store.save_group(group)
    code, _, err = run(store, "actions", "--owner", "priya")
    assert code == 2 and "Priya Raman" in err and "Priya Shah" in err
