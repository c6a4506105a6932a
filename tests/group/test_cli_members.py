"""`peertui members` and `peertui import-members` through click's runner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from peertui.cli import cli
from peertui.services.groups import new_group
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY


def _run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_members_in_three_formats(store: Store) -> None:
    load_sample(store, TODAY)
    code, out, _ = _run(store, "members")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Mid-market CIOs: 8 members, 0 candidates"
    assert lines[1].split()[:2] == ["Name", "Status"]
    assert any(line.startswith("Art Delgado") and "2026-09-18" in line for line in lines)
    code, out, _ = _run(store, "members", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 8 and rows[0]["size_band"] == "$250M-$1B"
    code, out, _ = _run(store, "members", "--format", "json")
    data = json.loads(out)
    assert data["group"] == "Mid-market CIOs" and len(data["members"]) == 8
    assert data["members"][0]["attendance"]["attended"] == 1


def test_several_groups_need_a_name(store: Store) -> None:
    load_sample(store, TODAY)
    new_group(store, "Smaller-company CIOs")
    code, _, err = _run(store, "members")
    assert code == 2 and "several groups; add --group NAME" in err
    code, out, _ = _run(store, "members", "--group", "smaller-company cios")
    assert code == 0 and out.startswith("Smaller-company CIOs: 0 members")
    code, _, err = _run(store, "members", "--group", "Nope")
    assert code == 2 and "no group named 'Nope'" in err and "'Mid-market CIOs'" in err


def test_import_reports_rows_and_is_idempotent(store: Store, tmp_path: Path) -> None:
    new_group(store, "Smaller-company CIOs")
    path = tmp_path / "m.csv"
    path.write_text("name,company,size band\nAnn,Acme,$50M-$100M\n,NoName,\nBo,B,weird\n")
    code, out, _ = _run(store, "import-members", str(path))
    assert code == 1
    assert out.splitlines() == [
        "Smaller-company CIOs: Added 1, already on the roster 0, rejected 2.",
        "  line 3: Missing name.",
        "  line 4: Unknown size band 'weird'; use one of <$50M, $50M-$100M, $100M-$250M, "
        "$250M-$1B, $1B-$5B, >$5B.",
    ]
    code, out, _ = _run(store, "import-members", str(path), "--group", "Smaller-company CIOs")
    assert code == 1 and out.startswith("Smaller-company CIOs: Added 0, already on the roster 1")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    code, _, err = _run(store, "import-members", str(binary))
    assert code == 2 and "binary file" in err


def test_csv_export_imports_back_into_another_group(store: Store, tmp_path: Path) -> None:
    load_sample(store, TODAY)
    new_group(store, "Copy")
    _, out, _ = _run(store, "members", "--group", "Mid-market CIOs", "--format", "csv")
    path = tmp_path / "out.csv"
    path.write_text(out)
    code, out, _ = _run(store, "import-members", str(path), "--group", "Copy")
    assert code == 0 and out.startswith("Copy: Added 8, already on the roster 0, rejected 0.")


def test_members_says_one_member_and_one_candidate(store: Store) -> None:
    from peertui.services.roster import add_member

    group = new_group(store, "Pair")
    add_member(store, group.id, {"name": "Ana Ruiz"}, None, TODAY)  # founding: a member
    add_member(store, group.id, {"name": "Ben Ode"}, "candidate", TODAY)
    code, out, _ = _run(store, "members")
    assert code == 0 and out.splitlines()[0] == "Pair: 1 member, 1 candidate"
