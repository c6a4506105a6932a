"""The ledger for the shell (`peertui ledger`): an aligned table, CSV or JSON.

Data only, in each format, as export_actions does: how many private commitments were left
out is for the caller to say beside it (the CLI on stderr).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from peertui.domain.ledger import SOURCE_WORDS, Commitment, SayDo, reports_at, trend_text
from peertui.domain.minutes import LOCK
from peertui.domain.records import Meeting
from peertui.domain.text import cell_width
from peertui.services.ledger import Ledger

LEDGER_FORMATS = ("table", "csv", "json")
CSV_COLUMNS = ("member", "agreed", "commitment", "kind", "due", "standing", "private",
               "meeting_id", "item_id")


def _due(row: Commitment) -> str:
    return row.due.isoformat() if row.due else ""


def _figure_json(figure: SayDo) -> dict[str, Any]:
    return {"kept": figure.kept, "fell_due": figure.fell_due}


def _members(ledger: Ledger, names: Mapping[str, str], member_id: str | None) -> list[str]:
    """The members to list, by name: one, or everyone with a commitment."""
    if member_id is not None:
        return [member_id]
    owners = {r.owner_id for r in ledger.rows if r.owner_id}
    return sorted(owners, key=lambda m: names.get(m, m).lower())


def _table(ledger: Ledger, members: list[str], names: Mapping[str, str], today: date) -> str:
    table = [("MEMBER", "AGREED", "DUE", "STANDING", "COMMITMENT")]
    for member in members:
        for row in ledger.of(member):
            text = " ".join(row.item.text.split())
            text = f"{LOCK} {text}" if row.private else text
            text = text if len(text) <= 60 else text[:59] + "…"
            table.append((names.get(member, "?"), row.meeting_date.isoformat(),
                          _due(row) or "next meeting", row.standing(today),
                          f"{text} ({SOURCE_WORDS[row.source]})"))
    widths = [max(cell_width(r[c]) for r in table) for c in range(4)]
    lines = ["  ".join(cell + " " * (widths[c] - cell_width(cell)) if c < 4 else cell
                       for c, cell in enumerate(r)) for r in table]
    lines += ["", "SAY/DO (kept by the due date, of those due; then at each of the last "
              "meetings)"]
    lines += [f"{names.get(m, '?')}: {ledger.figure(m, today).words()} · "
              f"{trend_text(ledger.trend(m, today))}" for m in members]
    if len(members) > 1:
        lines.append(f"Group: {ledger.figure(None, today).words()} · "
                     f"{trend_text(ledger.trend(None, today))}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _csv(ledger: Ledger, members: list[str], names: Mapping[str, str], today: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for member in members:
        for row in ledger.of(member):
            writer.writerow([names.get(member, ""), row.meeting_date.isoformat(), row.item.text,
                             row.source, _due(row), row.standing(today),
                             "yes" if row.private else "no", row.meeting_id, row.item.id])
    return out.getvalue()


def _json(ledger: Ledger, members: list[str], names: Mapping[str, str], today: date,
          left: int, include_private: bool) -> str:
    doc = {
        "format": "peertui-ledger", "version": 1, "as_of": today.isoformat(),
        "group_say_do": _figure_json(ledger.figure(None, today)),
        "members": [{
            "id": member, "name": names.get(member, ""),
            "say_do": _figure_json(ledger.figure(member, today)),
            "trend": [{"meeting_date": day.isoformat(), **_figure_json(figure)}
                      for day, figure in ledger.trend(member, today)],
            "commitments": [commitment_json(r, today, include_private)
                            for r in ledger.of(member)],
        } for member in members],
        "left_out_private": left,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def commitment_json(row: Commitment, today: date,
                    include_private: bool = False) -> dict[str, Any]:
    """One commitment as the JSON exports write it; private reports stay home unless asked."""
    return {"meeting_id": row.meeting_id, "item_id": row.item.id, "text": row.item.text,
            "kind": row.source, "owner_id": row.owner_id, "agreed": row.meeting_date.isoformat(),
            "due": _due(row), "standing": row.standing(today), "private": row.private,
            "reports": [{"at": r.at, "text": r.text, "captured_in": r.captured_in}
                        for r in row.item.reports if include_private or not r.private]}


def export_ledger(ledger: Ledger, fmt: str, names: Mapping[str, str], today: date, *,
                  member_id: str | None = None, include_private: bool = False
                  ) -> tuple[str, int]:
    """The ledger in one format, and how many private commitments were left out."""
    if fmt not in LEDGER_FORMATS:
        raise ValueError(f"Unknown format '{fmt}'; choose one of {', '.join(LEDGER_FORMATS)}.")
    shown = ledger if include_private else ledger.without_private()
    members = _members(shown, names, member_id)
    left = sum(len(ledger.of(m)) - len(shown.of(m)) for m in _members(ledger, names, member_id))
    if fmt == "csv":
        return _csv(shown, members, names, today), left
    if fmt == "json":
        return _json(shown, members, names, today, left, include_private), left
    return _table(shown, members, names, today), left



def meeting_ledger_json(ledger: Ledger, meeting: Meeting,
                        include_private: bool) -> tuple[dict[str, Any], int]:
    """The ledger as one meeting's JSON export holds it, as of that meeting's date: the
    commitments made there, the reports back said there, and the group's say/do since the
    meeting before; with how
    many private things were left out beyond the meeting's own items (a private
    commitment is its item, counted once by the caller; a private report is counted here)."""
    day = date.fromisoformat(meeting.date)
    made = [r for r in ledger.rows if r.meeting_id == meeting.id]
    said = reports_at(ledger.rows, meeting.id)
    shown_made = [r for r in made if include_private or not r.private]
    shown_said = [s for s in said if include_private or not s.private]
    doc = {
        "made": [commitment_json(r, day, include_private) for r in shown_made],
        "reported_back": [{"meeting_id": s.commitment.meeting_id,
                           "item_id": s.commitment.item.id, "owner_id": s.commitment.owner_id,
                           "commitment": s.commitment.item.text, "at": s.report.at,
                           "text": s.report.text} for s in shown_said],
        "kept_since_last": _figure_json(ledger.kept_since_last(day)),
    }
    hidden_reports = sum(1 for r in shown_made for rep in r.item.reports if rep.private) \
        if not include_private else 0
    return doc, (len(said) - len(shown_said)) + hidden_reports
