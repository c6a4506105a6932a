"""The group's rhythm and its next meeting, read from and saved to the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from peertui.domain.cadence import (
    Cadence,
    describe_when,
    meeting_ics,
    next_meeting,
    parse_cadence,
    start_of,
)
from peertui.domain.models import Group
from peertui.domain.records import MeetingSummary
from peertui.domain.roster import ended_meetings, parse_day
from peertui.services.export_files import write_export
from peertui.store import Store

if TYPE_CHECKING:
    import pendulum


def cadence_of(group: Group) -> Cadence:
    """The group's rhythm, checked again (a hand-edited value falls back to the default)."""
    return Cadence.checked(group.cadence, group.cadence_months)


@dataclass
class NextMeeting:
    day: date
    moved: bool  # set by hand rather than by the rhythm
    cadence: Cadence
    text: str  # 'Thu 21 Jan 2027, in 8 weeks'

    @property
    def start(self) -> pendulum.DateTime:
        """The aware start time (made on demand: pendulum is slow to import at start-up)."""
        return start_of(self.cadence, self.day)

    def line(self) -> str:
        """'Thu 21 Jan 2027, in 8 weeks · 16:00 Europe/Berlin (moved by hand)'."""
        how = " (moved by hand)" if self.moved else ""
        return f"{self.text} · {self.cadence.start} {self.cadence.timezone}{how}"


def last_meeting_day(meetings: list[MeetingSummary]) -> date | None:
    """The day of the last meeting held or under way: the next one comes after it."""
    held = [m for m in meetings if m.status != "setup"]
    held = ended_meetings(held) + [m for m in held if m.in_progress]
    try:
        return max(date.fromisoformat(m.date) for m in held) if held else None
    except ValueError:
        return None


def next_meeting_for(store: Store, group: Group, today: date,
                     meetings: list[MeetingSummary] | None = None) -> NextMeeting:
    """The group's next meeting, as home shows it.  It is also what "next meeting" means
    for an action item's due date, wherever one is typed (services/live, actions).
    *meetings*: the group's listing, when the caller has just read it."""
    cadence = cadence_of(group)
    last = last_meeting_day(store.meetings(group.id) if meetings is None else meetings)
    day, moved = next_meeting(cadence, last, today, group.next_meeting)
    return NextMeeting(day, moved, cadence, describe_when(day, today))


def save_cadence(store: Store, group_id: str, values: dict[str, str]) -> dict[str, str]:
    """Save the rhythm from form text; the problems by field if it is not valid."""
    from peertui.services.roster import editing  # saving only: home need not import it

    cadence, errors = parse_cadence(values)
    if cadence is None:
        return errors
    with editing(store, group_id) as group:
        group.cadence = cadence
        group.cadence_months = cadence.every_months
    return {}


def move_next_meeting(store: Store, group_id: str, text: str, today: date) -> str:
    """Set the next meeting by hand ('' goes back to the rhythm); a problem to show, or ''."""
    try:
        day = parse_day(text, "meeting date")
    except ValueError as problem:
        return str(problem)
    if day and date.fromisoformat(day) < today:
        return "That date has passed; choose today or later."
    from peertui.services.roster import editing

    with editing(store, group_id) as group:
        group.next_meeting = day
    return ""


def export_ics(store: Store, group: Group, today: date, path: Path,
               stamp: datetime) -> NextMeeting:
    """Write the next meeting as an .ics file, as every export is written (0600, all or
    nothing: services/export_files.write_export)."""
    upcoming = next_meeting_for(store, group, today)
    text = meeting_ics(upcoming.cadence, upcoming.day, group_name=group.name,
                       group_id=group.id, stamp=stamp,
                       description=f"{group.name}: {upcoming.cadence.describe()}")
    path = path.expanduser()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name ending in .ics.")
    if not path.parent.is_dir():
        raise ValueError(f"There is no folder {path.parent}.")
    write_export(path, text)
    return upcoming
