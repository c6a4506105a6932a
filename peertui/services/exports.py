"""Exports: minutes (md), action items (csv), the whole meeting (json), the next meeting (ics).

Private items never leave the store unless include_private is set, and every export says
how many it left out: the minutes in an italic line of the document, the JSON in its
"left_out_private" and "note" keys; CSV and iCalendar stay pure data, so the caller says it
(the CLI on stderr, the app in its dialog or a toast) from ExportResult.left_out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import msgspec

from peertui.domain.advice import experience_share
from peertui.domain.cadence import meeting_ics
from peertui.domain.ledger import reports_at
from peertui.domain.minutes import LOCK, group_minutes
from peertui.domain.models import Group
from peertui.domain.records import ClockEvent, Item, Meeting, MeetingSummary, OutcomeEntry
from peertui.domain.text import cell_width
from peertui.domain.topics import bank_topic, suggest
from peertui.domain.voice import meeting_voice
from peertui.services.actions import ActionRow, list_actions
from peertui.services.export_files import (
    default_export_path,
    exports_dir,
    make_exports_dir,
    write_export,
    write_failure,
)
from peertui.services.groups import load_group
from peertui.services.ledger import Ledger, read_ledger
from peertui.services.ledger_export import meeting_ledger_json
from peertui.services.schedule import cadence_of, next_meeting_for
from peertui.store import Store

FORMATS = ("md", "csv", "json", "ics")
ACTION_FORMATS = ("table", "csv", "json")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CSV_COLUMNS = ["meeting_date", "owner", "action", "due", "status", "segment", "private",
               "meeting_id", "item_id"]


class ExportError(Exception):
    """Something the user asked for that cannot be exported; the message says what to do."""


@dataclass(frozen=True)
class ExportResult:
    text: str
    left_out: int
    fmt: str
    filename: str

    @property
    def note(self) -> str:
        return left_out_note(self.left_out)


def left_out_note(count: int) -> str:
    """The sentence every export carries about private items."""
    if count == 0:
        return "No private items were left out."
    noun = "item" if count == 1 else "items"
    return f"{count} private {noun} left out of this export."


def cli_hint(count: int) -> str:
    """The note, plus how to include them, for the shell."""
    if count == 0:
        return left_out_note(0)
    pronoun = "it" if count == 1 else "them"
    return f"{left_out_note(count)} Use --include-private to include {pronoun}."


def resolve_meeting(store: Store, ref: str) -> MeetingSummary:
    """A meeting summary by id or by date; ExportError naming the candidates otherwise.

    A meeting whose file cannot be read is not listed: asked for by id, its StoreError is
    raised (naming the file); asked for by a date no readable meeting has, the error names
    the unreadable files too, since the one wanted may be among them.
    """
    ref = ref.strip()
    meetings = store.meetings()
    unreadable = store.unreadable()
    exact = [m for m in meetings if m.id == ref]
    if exact:
        return exact[0]
    damaged = next((e for e in unreadable if e.path.stem == ref), None)
    if damaged is not None:
        raise damaged
    if _DATE.fullmatch(ref):
        on_day = [m for m in meetings if m.date == ref]
        if len(on_day) == 1:
            return on_day[0]
        if len(on_day) > 1:
            listed = "\n".join(f"  {m.id}  {m.topic}" for m in on_day)
            raise ExportError(f"{len(on_day)} meetings on {ref}; give one of their ids:\n{listed}")
    known = ", ".join(m.date for m in meetings[-8:]) or "none yet"
    message = (f"No meeting '{ref[:40]}'. Give a meeting id or date (YYYY-MM-DD); "
               f"meetings in this store: {known}.")
    if unreadable:
        message += "".join(f"\nNot listed, its file cannot be read: {e}" for e in unreadable)
    raise ExportError(message)


def _names(group: Group | None) -> dict[str, str]:
    return group.names if group else {}


def _load(store: Store, meeting_id: str) -> tuple[Meeting, tuple[Item, ...], Group | None]:
    """The meeting, its items and its group; StoreError if its file is damaged."""
    doc = store.meeting_doc(meeting_id)
    if doc is None:
        raise ExportError(f"No meeting '{meeting_id}'.")
    meeting, items = doc
    return meeting, items, load_group(store, meeting.group_id)


def export_meeting(store: Store, meeting_id: str, fmt: str, include_private: bool = False,
                   now: float | None = None) -> ExportResult:
    """One meeting in one format. `now` stamps the ics (DTSTAMP); defaults to the clock.

    ExportError for what cannot be exported; StoreError if the meeting's file is damaged.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    meeting, items, group = _load(store, meeting_id)
    day = meeting.date
    if fmt == "md":
        text, left = group_minutes(meeting, items, group, include_private=include_private,
                                   mark_private=include_private,
                                   reports=reports_at(read_ledger(store, meeting.group_id).rows,
                                                      meeting.id))
        return ExportResult(text, left, fmt, f"minutes-{day}.md")
    if fmt == "csv":
        rows = [ActionRow(meeting_id=meeting.id, meeting_date=day, item=i)
                for i in items if i.kind == "action"]
        text, left = actions_csv(rows, _names(group), include_private)
        return ExportResult(text, left, fmt, f"actions-{day}.csv")
    if fmt == "json":
        text, left = _meeting_json(meeting, items, group, include_private,
                                   read_ledger(store, meeting.group_id))
        return ExportResult(text, left, fmt, f"meeting-{day}.json")
    stamp = now if now is not None else datetime.now(UTC).timestamp()
    text, left = _next_meeting_ics(store, meeting, group, include_private, stamp)
    return ExportResult(text, left, fmt, "next-meeting.ics")


P = TypeVar("P", Item, OutcomeEntry, ActionRow)


def _private(thing: Item | OutcomeEntry | ActionRow) -> bool:
    return thing.item.private if isinstance(thing, ActionRow) else thing.private


def _split(things: Sequence[P], include_private: bool) -> tuple[list[P], int]:
    """What may leave the store, and how many private ones stayed behind."""
    kept = [t for t in things if include_private or not _private(t)]
    return kept, len(things) - len(kept)


def actions_csv(rows: Sequence[ActionRow], names: Mapping[str, str],
                include_private: bool) -> tuple[str, int]:
    """Action items as pure CSV (a header and one row each): what was left out is said
    beside it (stderr, a toast), never inside, so any CSV reader takes the file as it is."""
    kept, left = _split(rows, include_private)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in kept:
        item = row.item
        writer.writerow([row.meeting_date, names.get(str(item.owner_id), ""), item.text,
                         item.due, row.status, item.segment_title,
                         "yes" if item.private else "no", row.meeting_id, item.id])
    return out.getvalue(), left


def _plain(record: msgspec.Struct) -> dict[str, Any]:
    """A record as the JSON object the export writes (what the store keeps)."""
    data = msgspec.to_builtins(record)
    assert isinstance(data, dict)
    return data


def _event_json(event: ClockEvent) -> dict[str, Any]:
    """A clock event as it was always exported: type and time, plus only the arguments its
    kind takes (seconds of an extend, segment and order of a reorder)."""
    data = _plain(event)
    for spec in msgspec.structs.fields(ClockEvent):
        if spec.default is not msgspec.NODEFAULT and getattr(event, spec.name) == spec.default:
            data.pop(spec.encode_name, None)
    return data


def _item_json(item: Item, include_private: bool = True) -> dict[str, Any]:
    """An item as exported: a recommendation without an outcome has no "outcome" key; a
    private report back on it stays home unless asked (the ledger counts it left out)."""
    data = _plain(item)
    if item.outcome is None:
        data.pop("outcome", None)
    if not include_private:
        data["reports"] = [_plain(r) for r in item.reports if not r.private]
    return data


def _meeting_json(meeting: Meeting, items: Sequence[Item], group: Group | None,
                  include_private: bool, ledger: Ledger | None = None) -> tuple[str, int]:
    kept, left = _split(items, include_private)
    log, left_log = _split(meeting.outcome_log, include_private)
    record = _plain(meeting)
    # A clock lease from before leases had their own file names a process and a host:
    # machine details, not minutes.  The record type has no such field; never let one out.
    record.pop("driver", None)
    record["events"] = [_event_json(e) for e in meeting.events]
    record["outcome_log"] = [_plain(e) for e in log]
    record["status"] = meeting.status  # derived from the events, not stored; kept in exports
    # A private "what would make it a 10" stays home; its score is no secret and stays.
    hidden = [key for key, rating in meeting.rating.items()
              if rating.private and rating.comment and not include_private]
    for key in hidden:
        record["rating"][key]["comment"] = ""
    left_log += len(hidden)
    # The pulse is private by default: a member's self-ratings stay in the room.
    kept_pulse = {k: p for k, p in meeting.pulse.items() if include_private or not p.private}
    record["pulse"] = {k: _plain(p) for k, p in kept_pulse.items()}
    left_log += len(meeting.pulse) - len(kept_pulse)
    if meeting.needs_met is not None and meeting.needs_met.private and not include_private:
        record["needs_met"] = None
        left_log += 1
    doc = {
        "format": "peertui-meeting",
        "version": 1,
        "group": {"id": group.id, "name": group.name} if group else None,
        "members": _names(group),
        "meeting": record,
        "items": [_item_json(i, include_private) for i in kept],
        # derived, as "status" is: from the clock's events and the items exported
        "share_of_experience": experience_share(kept),
        "voice": [asdict(v) for v in meeting_voice(meeting, kept).members],
    }
    if ledger is not None:
        commitments, left_ledger = meeting_ledger_json(ledger, meeting, include_private)
        doc["commitments"] = commitments
        left_log += left_ledger
    doc["left_out_private"] = left + left_log
    doc["note"] = left_out_note(left + left_log)
    bank = _bank_topic_json(meeting, group)
    if bank is not None:  # only when its deep dive took one: older exports read the same
        doc["bank_topic"] = bank
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n", left + left_log


def _bank_topic_json(meeting: Meeting, group: Group | None) -> dict[str, Any] | None:
    """The topic bank's topic the deep dive took (meeting.topic_id), or None."""
    bank = bank_topic(group, meeting)
    if bank is None or group is None:
        return None
    return {**_plain(bank), "member": group.name_of(bank.member_id)}


def _next_meeting_ics(store: Store, meeting: Meeting, group: Group | None,
                      include_private: bool, stamp: float) -> tuple[str, int]:
    """An iCalendar event for the group's next meeting, built with the icalendar library.

    The next meeting as home shows it (services/schedule: a date moved by hand, else the
    rhythm), at the cadence's start time in the group's own time zone, so DTSTART carries
    its TZID and a VTIMEZONE: a 16:00 meeting in New York is 16:00 in any calendar there.
    """
    if group is None:
        raise ExportError("This meeting's group is not in the store; there is no next "
                          "meeting to export.")
    cadence = cadence_of(group)
    today = datetime.fromtimestamp(stamp, ZoneInfo(cadence.timezone)).date()
    upcoming = next_meeting_for(store, group, today)
    description, left = _ics_description(store, group, include_private, today)
    text = meeting_ics(cadence, upcoming.day, group_name=group.name, group_id=group.id,
                       stamp=datetime.fromtimestamp(int(stamp), UTC), description=description)
    return text, left


def _ics_description(store: Store, group: Group, include_private: bool,
                     today: date) -> tuple[str, int]:
    found = suggest(group, store.meetings(group.id), today)  # as home and setup suggest
    presenter = found.member if found else None
    names = _names(group)
    rows = list_actions(store, group.id, status="open", today=today, include_private=True)
    rows.sort(key=lambda r: (r.item.due or "9999-12-31", r.item.text))
    kept, left = _split(rows, include_private)
    lines = [f"Deep dive: {presenter.name if presenter else 'to be decided'}", "",
             "Open action items to follow up:"]
    lines += [f"- {names.get(str(r.item.owner_id), '?')}: {r.item.text}"
              f" (due {r.item.due or 'no date'})" for r in kept] or ["- none"]
    return "\n".join(lines), left  # the left-out count is said by the caller, not the event


def export_actions(rows: Sequence[ActionRow], fmt: str, names: Mapping[str, str],
                   today: date, include_private: bool = False) -> tuple[str, int]:
    """Open action items across meetings for the shell: an aligned table, csv or json.

    Data only, in each format: what was left out, or that nothing matched, is for the
    caller to say beside it (the CLI on stderr)."""
    if fmt == "csv":
        return actions_csv(rows, names, include_private)
    kept, left = _split(rows, include_private)
    if fmt == "json":
        doc = {"actions": [_action_json(r, names, today) for r in kept],
               "left_out_private": left, "note": left_out_note(left)}
        return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n", left
    if fmt != "table":
        raise ExportError(f"Unknown format '{fmt}'; choose one of {', '.join(ACTION_FORMATS)}.")
    table = [("DUE", "OWNER", "ACTION", "FROM")]
    for row in kept:
        text = " ".join(row.item.text.split())
        text = f"{LOCK} {text}" if row.item.private else text  # listed with --include-private
        table.append((row.due_words(today), names.get(str(row.item.owner_id), "?"),
                      text if len(text) <= 70 else text[:69] + "…", row.meeting_date))
    widths = [max(cell_width(r[c]) for r in table) for c in range(3)]  # the lock is 2 cells
    lines = ["  ".join(cell + " " * (widths[c] - cell_width(cell)) if c < 3 else cell
                       for c, cell in enumerate(r))
             for r in table]
    return "\n".join(line.rstrip() for line in lines) + "\n", left


def _action_json(row: ActionRow, names: Mapping[str, str], today: date) -> dict[str, Any]:
    item = row.item
    return {"meeting_id": row.meeting_id, "meeting_date": row.meeting_date, "id": item.id,
            "text": item.text, "owner": names.get(str(item.owner_id), ""),
            "owner_id": item.owner_id, "due": item.due,
            "due_words": row.due_words(today), "status": row.status,
            "overdue": row.overdue(today), "private": item.private,
            "history": [_plain(change) for change in item.history]}


__all__ = ["ACTION_FORMATS", "FORMATS", "ExportError", "ExportResult", "default_export_path",
           "export_actions", "export_meeting", "exports_dir", "left_out_note",
           "make_exports_dir", "resolve_meeting", "write_export", "write_failure"]
