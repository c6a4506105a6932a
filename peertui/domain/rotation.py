"""Whose turn it is to present: never presented first, then longest since their deep dive."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from peertui.domain.models import Member


def presenter_order(members: Sequence[Member], meetings: Iterable[dict[str, Any]]) -> list[Member]:
    """Active members in the order they should present next."""
    last: dict[str, str] = {}
    for meeting in meetings:
        presenter = meeting.get("presenter_id")
        if presenter and meeting.get("status") == "ended":
            last[presenter] = max(last.get(presenter, ""), meeting.get("date", ""))
    active = [m for m in members if m.active]
    return sorted(active, key=lambda m: (m.id in last, last.get(m.id, ""), m.name.lower()))


def next_presenter(members: Sequence[Member], meetings: Iterable[dict[str, Any]]) -> Member | None:
    order = presenter_order(members, meetings)
    return order[0] if order else None
