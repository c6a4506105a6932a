"""`peertui topics` through click's runner: the bank in three formats, stdout data only."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from click.testing import CliRunner

from peertui.cli import cli
from peertui.services.sample import load_sample
from peertui.services.topics import add_topic, take_topic
from peertui.store import Store
from tests.conftest import TODAY


def _run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store.root), *args,
                                      "--today", TODAY.isoformat()])
    return result.exit_code, result.stdout, result.stderr


def _bank(store: Store) -> None:
    group = load_sample(store, TODAY)
    art, priya = group.members[0], group.members[1]
    add_topic(store, group.id, art.id, "=Board reporting", "C", TODAY - timedelta(weeks=9))
    add_topic(store, group.id, priya.id, "ERP vendor exit", "A", TODAY - timedelta(weeks=5))
    old = add_topic(store, group.id, art.id, "Plant networks", "B", TODAY - timedelta(weeks=20))
    past = next(m for m in store.meetings(group.id))
    take_topic(store, group.id, old.id, past.id)


def test_topics_table_lists_what_waits_first_then_what_was_taken(store: Store) -> None:
    _bank(store)
    code, out, err = _run(store, "topics")
    assert code == 0 and err == ""
    lines = [line.split("  ")[0] for line in out.splitlines()]
    assert lines == ["Member", "Priya Raman", "Art Delgado", "Art Delgado"]
    assert out.splitlines()[1].split() == ["Priya", "Raman", "A", "ERP", "vendor", "exit",
                                           "5", "wk"]
    assert "taken 2026-09-18" in out.splitlines()[3]


def test_topics_csv_and_json_carry_the_same_fields(store: Store) -> None:
    _bank(store)
    code, out, _ = _run(store, "topics", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["member"], r["urgency"], r["status"], r["waiting_weeks"]) for r in rows] == [
        ("Priya Raman", "A", "waiting", "5"), ("Art Delgado", "C", "waiting", "9"),
        ("Art Delgado", "B", "taken", "")]
    assert rows[1]["issue"] == "'=Board reporting"  # never a spreadsheet formula
    code, out, _ = _run(store, "topics", "-f", "json", "--waiting")
    data = json.loads(out)
    assert data["group"] == "Mid-market CIOs"
    assert [(t["issue"], t["waiting_weeks"]) for t in data["topics"]] == [
        ("ERP vendor exit", 5), ("=Board reporting", 9)]


def test_an_empty_bank_says_so_on_stderr_only(store: Store) -> None:
    load_sample(store, TODAY)
    code, out, err = _run(store, "topics")
    assert (code, out) == (0, "")
    assert "no topics in the bank yet" in err
    code, out, _ = _run(store, "topics", "--format", "json")
    assert json.loads(out)["topics"] == []
