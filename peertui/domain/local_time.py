"""Clock times as the group reads them: a stored UTC moment in the group's own time zone
(its cadence's), with the zone named.  Pure: zoneinfo only (pendulum is slow to import)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, tzinfo

from peertui.domain.cadence import Cadence
from peertui.domain.models import Group
from peertui.domain.timesource import from_iso


def _timestamp(iso: str) -> float | None:
    try:
        return from_iso(iso)
    except ValueError:
        return None  # an unreadable time is shown as unknown, never a crash


def group_zone(group: Group | None) -> str:
    """The group's time zone (its cadence's, checked): every clock time shown is in it."""
    if group is None:
        return "UTC"
    return Cadence.checked(group.cadence, group.cadence_months).timezone


def _zone(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return zoneinfo.ZoneInfo("UTC")  # checked at the cadence already; never a crash


def local_time(iso: str, zone: str) -> datetime | None:
    """A stored UTC moment as the group's wall-clock time; None if it does not read."""
    moment = _timestamp(iso) if iso else None
    return None if moment is None else datetime.fromtimestamp(moment, _zone(zone))


def hhmm(moment: float | None, zone: str, unknown: str = "--:--") -> str:
    """'16:00' for a moment (seconds since the epoch) in *zone*; *unknown* when there is
    none or it does not read.  *zone* "" is this machine's own (a screen not yet told)."""
    if moment is None:
        return unknown
    try:
        local = datetime.fromtimestamp(moment, _zone(zone)) if zone else \
            datetime.fromtimestamp(moment)
    except (ValueError, OverflowError, OSError):
        return unknown
    return local.strftime("%H:%M")


def clock_time(iso: str | None, zone: str, unknown: str = "—") -> str:
    """A stored moment as '16:00' in *zone*, *unknown* when there is none or it does not
    read (a hand-edited file): the one way every screen and export writes a clock time."""
    return hhmm(_timestamp(iso) if iso else None, zone, unknown)


def zone_label(zone: str, iso: str | None = None) -> str:
    """'EST, America/New_York' (the abbreviation in force at *iso*), or just 'UTC' or the
    zone's name where it has no abbreviation of letters (many zones show only '+03')."""
    moment = local_time(iso, zone) if iso else None
    abbreviation = (moment or datetime.now(_zone(zone))).tzname() or ""
    if not abbreviation.isalpha() or abbreviation == zone:
        return zone
    return f"{abbreviation}, {zone}"


__all__ = ["clock_time", "group_zone", "hhmm", "local_time", "zone_label"]
