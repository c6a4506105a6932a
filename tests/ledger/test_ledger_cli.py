"""`peertui ledger`: data on stdout, messages on stderr, private left out unless asked."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from peertui.cli import cli
from peertui.store import Store
from tests.ledger.seed import bare_meeting_today, seed


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store.root), "ledger",
                                      "--today", "2026-11-27", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_lists_each_member_with_say_do(store: Store) -> None:
    seed(store)
    bare_meeting_today(store)
    code, out, err = run(store)
    assert code == 0
    assert "Call two ERP references (action item)" in out
    assert "Decide phased or big-bang cutover (deep-dive commitment)" in out
    assert "retention bonus" not in out  # private
    assert "Priya Raman: 2 of 2 (100%) · — 100% 100%" in out
    assert "Tom Becker: 0 of 1 (0%) · — — 0%" in out
    assert "Group: 2 of 4 (50%) · — 100% 50%" in out  # Art's, due today, counts
    assert "2026-11-27  due today" in out
    assert "1 private item left out" in err


def test_member_json_with_trend_and_private_on_request(store: Store) -> None:
    seed(store)
    bare_meeting_today(store)
    code, out, _ = run(store, "--member", "Priya", "--format", "json", "--include-private")
    assert code == 0
    doc = json.loads(out)
    [member] = doc["members"]
    assert doc["group_say_do"] == {"kept": 2, "fell_due": 5}  # the private one too
    assert member["name"] == "Priya Raman"
    assert member["say_do"] == {"kept": 2, "fell_due": 3}
    assert [p["meeting_date"] for p in member["trend"]] == ["2026-07-16", "2026-09-17",
                                                           "2026-11-27"]
    assert {c["standing"] for c in member["commitments"]} == {"kept", "missed"}


def test_csv_is_pure_and_unknown_member_exits_2(store: Store) -> None:
    seed(store)
    code, out, err = run(store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["standing"] for r in rows} >= {"kept", "missed", "open"}
    assert "left out" in err and "left out" not in out
    code, out, err = run(store, "--member", "Nobody")
    assert code == 2 and out == ""
    assert "no member called 'Nobody'" in err


def test_a_meeting_that_cannot_be_read_is_named_and_exits_2(store: Store) -> None:
    seed(store)
    path = next((store.root / "meetings").glob("m-july*.json"))
    path.write_text("{ not json", encoding="utf-8")
    code, out, err = run(store)
    assert code == 2
    assert "Send the board deck to Tom" in out  # what could be read is listed
    assert "Share the vendor scorecard" not in out
    assert "m-july" in err
