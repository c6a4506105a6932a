"""Exports on the fixed sample store: golden files per format, and no private text leaks.

Regenerate the golden files on purpose only: PEERTUI_UPDATE_GOLDEN=1 pytest tests/review.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import msgspec
import pytest
from click.testing import CliRunner

from peertui.cli import cli
from peertui.services.exports import FORMATS, ExportError, export_meeting, resolve_meeting
from peertui.store import Store
from peertui.store.layout import meeting_path
from tests.review.conftest import SECRET

GOLDEN = Path(__file__).parent / "golden"
STAMP = datetime(2026, 11, 27, 16, 0, tzinfo=UTC).timestamp()
PRIVATE_TEXTS = [SECRET, "Tom is weighing a move"]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PEERTUI_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_without_private(store: Store, meeting_id: str, fmt: str) -> None:
    result = export_meeting(store, meeting_id, fmt, now=STAMP)
    check_golden(f"meeting.{fmt}", result.text)


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden_with_private(store: Store, meeting_id: str, fmt: str) -> None:
    result = export_meeting(store, meeting_id, fmt, include_private=True, now=STAMP)
    assert result.left_out == 0
    check_golden(f"meeting-private.{fmt}", result.text)


def test_left_out_counts(store: Store, meeting_id: str) -> None:
    counts = {fmt: export_meeting(store, meeting_id, fmt, now=STAMP).left_out for fmt in FORMATS}
    # md/json: the private note, rec, action, decision and log entry; csv/ics: the action
    assert counts == {"md": 5, "json": 5, "csv": 1, "ics": 1}
    # the documents say it inside; csv and ics are pure data, their callers say it beside
    for fmt in ("md", "json"):
        assert "left out" in export_meeting(store, meeting_id, fmt, now=STAMP).text, fmt
    for fmt in ("csv", "ics"):
        flat = export_meeting(store, meeting_id, fmt, now=STAMP).text.replace("\r\n ", "")
        assert "left out" not in flat and "\n#" not in flat, fmt


def test_no_private_text_in_any_export_without_the_flag(store: Store, meeting_id: str,
                                                         tmp_path: Path) -> None:
    outputs: dict[str, str] = {}
    for fmt in FORMATS:
        outputs[f"service {fmt}"] = export_meeting(store, meeting_id, fmt, now=STAMP).text
    runner = CliRunner()
    root = ["--store", str(store.root)]
    for fmt in FORMATS:
        result = runner.invoke(cli, [*root, "export", meeting_id, "--format", fmt])
        assert result.exit_code == 0, result.output
        outputs[f"cli {fmt}"] = result.output
        target = tmp_path / f"out.{fmt}"
        runner.invoke(cli, [*root, "export", "2026-09-18", "-f", fmt, "-o", str(target)])
        outputs[f"file {fmt}"] = target.read_text(encoding="utf-8")
    for fmt in ("table", "csv", "json"):
        result = runner.invoke(cli, [*root, "actions", "--format", fmt, "--today", "2026-11-27"])
        assert result.exit_code == 0, result.output
        outputs[f"actions {fmt}"] = result.output
    for where, text in outputs.items():
        unfolded = text.replace("\r\n ", "")
        for secret in PRIVATE_TEXTS:
            assert secret not in unfolded, f"private text in {where}"
    # and with the flag, it is all there
    full = export_meeting(store, meeting_id, "json", include_private=True).text
    assert all(secret in full for secret in PRIVATE_TEXTS)


def test_ics_is_a_valid_calendar(store: Store, meeting_id: str) -> None:
    text = export_meeting(store, meeting_id, "ics", now=STAMP).text
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == datetime(2026, 12, 11, 16, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 11, 18, 30, tzinfo=UTC)  # cadence
    assert str(event["summary"]) == "Mid-market CIOs: peer group meeting"
    assert "Deep dive: Dan Novak" in str(event["description"])


def test_json_is_the_whole_meeting(store: Store, meeting_id: str) -> None:
    doc = json.loads(export_meeting(store, meeting_id, "json").text)
    assert doc["meeting"]["id"] == meeting_id
    assert len(doc["meeting"]["slots"]) == 23 and doc["meeting"]["events"]
    assert doc["left_out_private"] == 5
    assert {i["kind"] for i in doc["items"]} == {"note", "recommendation", "action", "decision"}
    assert doc["members"][doc["meeting"]["presenter_id"]] == "Art Delgado"


def test_resolve_by_id_date_and_ambiguity(store: Store, meeting_id: str) -> None:
    assert resolve_meeting(store, meeting_id).id == meeting_id
    assert resolve_meeting(store, "2026-09-18").id == meeting_id
    with pytest.raises(ExportError, match="No meeting '2026-09-19'"):
        resolve_meeting(store, "2026-09-19")
    record = store.meeting(meeting_id)
    assert record is not None
    store.create_meeting(msgspec.structs.replace(record, id="2026-09-18-second",
                                                 topic="Extra session"))
    with pytest.raises(ExportError) as problem:
        resolve_meeting(store, "2026-09-18")
    assert "2 meetings on 2026-09-18" in str(problem.value)
    assert meeting_id in str(problem.value) and "2026-09-18-second" in str(problem.value)


def test_ics_without_a_date_set_by_hand_follows_the_rhythm(store: Store,
                                                           meeting_id: str) -> None:
    """No date moved by hand: the next meeting is the rhythm's, as home shows it (3rd
    Thursday every 2 months from 2026-09-18: 19 Nov is past on 27 Nov, so 21 Jan)."""
    group = store.groups()[0]
    group.next_meeting = ""
    store.save_group(group)
    event = icalendar.Calendar.from_ical(
        export_meeting(store, meeting_id, "ics", now=STAMP).text).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2027, 1, 21, 16, 0, tzinfo=UTC)


def test_json_leaves_out_an_old_clock_lease(store: Store, meeting_id: str) -> None:
    """Records from before the lease file may still carry the driver's pid and host."""
    path = meeting_path(store.root, meeting_id)
    doc = json.loads(path.read_bytes())
    (record,) = doc["meeting"].values()
    record["driver"] = {"id": "x", "pid": 4242, "host": "laptop-7"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert b"laptop-7" in path.read_bytes()
    text = export_meeting(store, meeting_id, "json").text
    assert "laptop-7" not in text and "driver" not in json.loads(text)["meeting"]
