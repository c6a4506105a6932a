"""Adding members from a CSV file with a header row, idempotently.

Each row is checked like the member form; a bad row is reported with its line number
and reason and the rest still import. People already on the roster (same name and
company, ignoring case) are skipped, so running the same import twice adds nothing.
The group is saved once, after every row is checked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from peertui.domain.models import Member
from peertui.domain.roster import clean_member_fields, member_from_fields, same_person
from peertui.services.roster import MEMBER_FIELDS, editing
from peertui.store import Store

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
ALIASES = {
    "name": "name", "full name": "name", "member": "name",
    "company": "company", "organisation": "company", "organization": "company",
    "size band": "size_band", "size": "size_band", "revenue band": "size_band",
    "company size": "size_band", "revenue": "size_band",
    "role focus": "role_focus", "role": "role_focus", "focus": "role_focus",
    "joined": "joined", "joined date": "joined", "joined on": "joined",
    "contact": "contact", "email": "contact", "e-mail": "contact", "phone": "contact",
    "notes": "notes", "note": "notes",
    "status": "status",
}


class ImportFileError(ValueError):
    """The whole file cannot be read: not found, binary, wrong encoding, no header."""


@dataclass
class ImportReport:
    added: list[tuple[int, str]] = field(default_factory=list)  # (line, name)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # already on the roster
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    ignored_columns: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as a person reads it: totals, then each row that did not import."""
        out = [f"Added {len(self.added)}, already on the roster {len(self.skipped)}, "
               f"rejected {len(self.rejected)}."]
        if self.ignored_columns:
            out.append(f"Ignored columns: {', '.join(self.ignored_columns)}.")
        notes = [(line, f"line {line}: {reason}") for line, reason in self.rejected]
        notes += [(line, f"line {line}: {name} is already on the roster (skipped)")
                  for line, name in self.skipped]
        return out + [text for _, text in sorted(notes)]


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", text.strip().casefold()).split())


def decode(data: bytes, name: str) -> str:
    """Text from the file's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"{name} says it is UTF-16 but is not readable as such.") \
                from None
    if b"\x00" in data[:8192]:
        raise ImportFileError(f"{name} looks like a binary file (a spreadsheet?), not CSV. "
                              "Save it as 'CSV UTF-8' and import that.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[:problem.start].count(b"\n") + 1
        raise ImportFileError(
            f"{name} is not UTF-8 text (byte 0x{data[problem.start]:02x} on line {line}). "
            "Save it as 'CSV UTF-8' and import that.") from None


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """(header fields used, [(line, row)], ignored columns), or ImportFileError."""
    try:
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a CSV file.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(f"{path} is {size // 1024 // 1024} MB; a member list is "
                                  "far smaller. Is it the right file?")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}.") from None
    except OSError as problem:
        raise ImportFileError(f"Cannot read {path}: {problem.strerror or problem}.") from None
    text = decode(data, str(path))
    if not text.strip():
        raise ImportFileError(f"{path} is empty.")
    first = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except csv.Error as problem:
        raise ImportFileError(f"{path}: cannot read the header row ({problem}).") from None
    columns = [ALIASES.get(_header_key(h), "") for h in header]
    if "name" not in columns:
        raise ImportFileError(
            f"{path}: the first row must be a header with a 'name' column "
            f"(found: {', '.join(h.strip()[:20] for h in header[:8]) or 'nothing'}).")
    ignored = [h.strip() for h, c in zip(header, columns, strict=True) if not c and h.strip()]
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"{path} has more than {MAX_ROWS} rows.")
            row = {"_extra": "yes"} if len(record) > len(columns) else {}
            for column, cell in zip(columns, record, strict=False):
                if column and not row.get(column):
                    row[column] = _unguarded(cell)
            rows.append((start, row))
    except csv.Error as problem:
        raise ImportFileError(f"{path}, line {reader.line_num}: {problem}.") from None
    return [c for c in columns if c], rows, ignored


def import_members(store: Store, group_id: str, path: Path) -> ImportReport:
    """Check every row, add the good new ones, save once; the report says what happened."""
    _, rows, ignored = read_rows(path)
    report = ImportReport(ignored_columns=ignored)
    with editing(store, group_id) as group:
        for line, member in _check_rows(rows, group.members, report):
            report.added.append((line, member.name))
            group.members.append(member)
    return report


def _check_rows(rows: list[tuple[int, dict[str, str]]], roster: list[Member],
                report: ImportReport) -> Iterator[tuple[int, Member]]:
    """The rows to add; rejected and already-there rows go into the report."""
    seen: list[tuple[int, Member]] = []
    for line, row in rows:
        values, errors = clean_member_fields({k: row.get(k, "") for k in MEMBER_FIELDS})
        status = (row.get("status") or "member").strip().casefold()
        if status not in ("member", "candidate"):
            errors["status"] = f"Unknown status '{status[:20]}'; use member or candidate."
        if row.get("_extra"):
            errors["row"] = "More cells than header columns (a stray comma?)."
        if errors:
            report.rejected.append((line, " ".join(_reason(k, v) for k, v in errors.items())))
            continue
        earlier = next((ln for ln, m in seen
                        if same_person(m, values["name"], values["company"])), None)
        if earlier is not None:
            report.rejected.append((line, f"{values['name']} duplicates line {earlier}."))
            continue
        if any(same_person(m, values["name"], values["company"]) for m in roster):
            report.skipped.append((line, values["name"]))
            continue
        if status == "candidate":
            values["joined"] = ""
        member = member_from_fields(values, "candidate" if status == "candidate" else "member")
        seen.append((line, member))
    yield from seen


def _reason(key: str, problem: str) -> str:
    if key == "name" and "empty" in problem:
        return "Missing name."
    return problem


def _unguarded(cell: str) -> str:
    """Undo the "'" our CSV export puts before = + - @ so formulas never run."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell
