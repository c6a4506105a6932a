"""CSV import: per-row reports with line numbers, whole-file problems, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from peertui.services.groups import load_group, new_group
from peertui.services.import_members import ImportFileError, import_members
from peertui.store import Store

GOOD = (
    "Name,Company,Size band,Role,Joined,Email,Status,Favourite colour\n"
    "Ann Lee,Acme,$250M-$1B,strategic,2025-01-15,ann@acme.test,member,blue\n"
    "Bob Ray,Bolt Inc,250m-1b,Tactical,,bob@bolt.test,,red\n"
    "Cy Dunn,Cobalt,$100M-$250M,strategic,,,candidate,\n"
)


def _csv(tmp_path: Path, text: str | bytes, name: str = "members.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_import_adds_members_and_candidates_then_nothing_twice(store: Store,
                                                                tmp_path: Path) -> None:
    group = new_group(store, "Smaller-company CIOs")
    path = _csv(tmp_path, GOOD)
    report = import_members(store, group.id, path)
    assert report.added == [(2, "Ann Lee"), (3, "Bob Ray"), (4, "Cy Dunn")]
    assert report.rejected == [] and report.ignored_columns == ["Favourite colour"]
    loaded = load_group(store, group.id)
    assert loaded is not None
    by_name = {m.name: m for m in loaded.members}
    assert by_name["Bob Ray"].size_band == "$250M-$1B"
    assert by_name["Bob Ray"].role_focus == "tactical"
    assert by_name["Ann Lee"].contact == "ann@acme.test"
    assert by_name["Ann Lee"].joined == "2025-01-15"
    assert by_name["Cy Dunn"].status == "candidate"
    assert [m.name for m in loaded.active_members] == ["Ann Lee", "Bob Ray"]

    again = import_members(store, group.id, path)
    assert again.added == [] and [n for _, n in again.skipped] == ["Ann Lee", "Bob Ray", "Cy Dunn"]
    assert again.lines()[0] == "Added 0, already on the roster 3, rejected 0."
    loaded = load_group(store, group.id)
    assert loaded is not None and len(loaded.members) == 3


def test_each_bad_row_is_reported_with_its_line_and_the_rest_import(store: Store,
                                                                     tmp_path: Path) -> None:
    group = new_group(store, "CIOs")
    text = (
        "name;company;size band;joined;status\n"  # semicolons, as European Excel writes
        ";Nameless Co;;;\n"                       # 2: missing name
        "Dee Fox;Fox;enormous;;\n"                # 3: unknown size band
        "Eve Gold;Gold;;2026-02-30;\n"            # 4: bad date
        "\"Fay\nHill\";Hill;;;\n"                 # 5-6: a quoted name over two lines: fine
        "Gus Ives;Ives;;;member\n"                # 7
        "gus  ives;IVES;;;\n"                     # 8: duplicate of line 7
        "Hal Jay;Jay;;;boss\n"                    # 9: unknown status
        "Ida Kay;Kay;;;;extra\n"                  # 10: more cells than columns
        "\n"                                      # 11: blank, skipped silently
    )
    report = import_members(store, group.id, _csv(tmp_path, text))
    assert [n for _, n in report.added] == ["Fay Hill", "Gus Ives"]
    assert report.added[0][0] == 5
    reasons = dict(report.rejected)
    assert sorted(reasons) == [2, 3, 4, 8, 9, 10]
    assert reasons[2] == "Missing name."
    assert reasons[3].startswith("Unknown size band 'enormous'")
    assert "Cannot read '2026-02-30'" in reasons[4]
    assert reasons[8] == "gus ives duplicates line 7."
    assert "Unknown status 'boss'" in reasons[9]
    assert "More cells than header columns" in reasons[10]
    lines = report.lines()
    assert lines[0] == "Added 2, already on the roster 0, rejected 6."
    assert lines[1].startswith("line 2: ")


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "binary file"),
    ("name,company\nJos\u00e9,Acme\n".encode("latin-1"), r"not UTF-8 text \(byte 0xe9 on line 2\)"),
    (b"", "is empty"),
    (b"company,size\nAcme,$1B-$5B\n", "must be a header with a 'name' column"),
    (b"\n\n  \n", "is empty"),
])
def test_unreadable_files_import_nothing_and_say_why(store: Store, tmp_path: Path,
                                                     content: bytes, message: str) -> None:
    group = new_group(store, "CIOs")
    with pytest.raises(ImportFileError, match=message):
        import_members(store, group.id, _csv(tmp_path, content))
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.members == []


def test_missing_file_and_folder_are_clear(store: Store, tmp_path: Path) -> None:
    group = new_group(store, "CIOs")
    with pytest.raises(ImportFileError, match="There is no file"):
        import_members(store, group.id, tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="is a folder"):
        import_members(store, group.id, tmp_path)


def test_utf16_with_bom_and_utf8_bom_are_read(store: Store, tmp_path: Path) -> None:
    group = new_group(store, "CIOs")
    utf16 = "name\tcompany\nZoë Ångström\tÅcme\n".encode("utf-16")
    report = import_members(store, group.id, _csv(tmp_path, utf16, "a.csv"))
    assert [n for _, n in report.added] == ["Zoë Ångström"]
    bom = "\ufeffName,Company\nYan Li,Yak\n".encode()
    report = import_members(store, group.id, _csv(tmp_path, bom, "b.csv"))
    assert [n for _, n in report.added] == ["Yan Li"]


def test_escape_sequences_in_a_file_never_reach_the_roster(store: Store, tmp_path: Path) -> None:
    group = new_group(store, "CIOs")
    report = import_members(store, group.id,
                            _csv(tmp_path, "name,company\n\x1b[31mRed\x1b[0m Ray,'=cmd()\n"))
    assert [n for _, n in report.added] == ["Red Ray"]
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.members[0].company == "=cmd()"
