"""Saving a member's pulse into the running meeting, and reading the group's pulse history.

The ratings live in each meeting's record (Meeting.pulse), never on the member: one source of
truth per meeting, and the trend and the drop mark are derived from them (domain/pulse.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from msgspec.structs import replace

from peertui.domain.pulse import Dated, Drop, last_drops, read_pulse, trend
from peertui.domain.records import Meeting, Pulse
from peertui.services.live import LiveMeeting
from peertui.store import Store


def save_pulse(store: Store, meeting_id: str, member_id: str, scores: Mapping[str, int], *,
               at: str = "", by: str = "") -> Meeting:
    """Add a member's ratings to the meeting, over any they gave in it already (a second
    `p: family 5` corrects one area and keeps the others); private as a pulse is."""
    def change(meeting: Meeting) -> Meeting:
        if meeting.status == "ended":
            raise ValueError("The meeting has ended: nothing more can be added to it.")
        earlier = meeting.pulse.get(member_id)
        merged = {**(earlier.scores if earlier else {}), **scores}
        pulse = Pulse(scores=merged, private=earlier.private if earlier else True, at=at, by=by)
        return replace(meeting, pulse={**meeting.pulse, member_id: pulse})

    return store.change_meeting(meeting_id, change)


def pulse_history(store: Store, group_id: str, *, before: str = "") -> list[Dated]:
    """Every meeting of the group with a pulse (before the date *before*, if given), oldest
    first: what the trend and the drop mark are made from."""
    history: list[Dated] = []
    for summary in sorted(store.meetings(group_id), key=lambda m: m.date):
        if before and summary.date >= before:
            continue
        record = store.meeting(summary.id)
        if record is not None and record.pulse:
            history.append((record.date, record.pulse))
    return history


def roll_call_drops(store: Store, group_id: str, member_ids: list[str],
                    before: str = "") -> dict[str, list[Drop]]:
    """The members whose last rating fell 3 or more in an area: the chair's check-in list."""
    history = pulse_history(store, group_id, before=before)
    found = {member_id: last_drops(history, member_id) for member_id in member_ids}
    return {member_id: drops for member_id, drops in found.items() if drops}


def member_trend(store: Store, group_id: str, member_id: str,
                 areas: list[str]) -> dict[str, list[int]]:
    """A member's ratings per area, oldest first, for their member view."""
    return trend(pulse_history(store, group_id), member_id, areas)


def speaker_pulse(live: LiveMeeting, typed: str, areas: list[str]) -> tuple[str, dict[str, int]]:
    """Who a `p:` line is for (the speaker of the moment) and the scores it gives;
    ValueError says what is wrong, in words for the line under the note box."""
    if live.record.status == "ended":
        raise ValueError("The meeting has ended: nothing more can be added to it.")
    current = live.state().current
    speaker = current.slot.speaker_id if current and current.slot.round else None
    if not speaker:
        raise ValueError("A pulse (p:) is the speaker's, in a round such as the updates: "
                         "start the round, or move to their turn.")
    return speaker, read_pulse(typed, areas)
