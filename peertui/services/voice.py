"""Share of voice across a group's recent meetings: what the roster and meeting views show.

The figures come from each meeting's own file (domain/voice.py reads its clock events), so
they cannot disagree with the timing table; nothing about voice is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from peertui.domain.voice import MeetingVoice, meeting_voice, quiet_members, voice_trend
from peertui.store import Store, StoreError
from peertui.store.store import MeetingDoc

#: How many of the latest ended meetings the trends look back over.
RECENT = 8


def recent_meetings(store: Store, group_id: str, last: int = RECENT) -> list[MeetingDoc]:
    """The group's latest *last* ended meetings with their items, oldest first; a damaged
    file is left out here (the review lists it, with what is wrong)."""
    ended = sorted((s for s in store.meetings(group_id) if s.status == "ended"),
                   key=lambda s: (s.date, s.started_at or ""))
    docs: list[MeetingDoc] = []
    for summary in ended[-last:] if last > 0 else []:
        try:
            doc = store.meeting_doc(summary.id)
        except StoreError:
            continue
        if doc is not None:
            docs.append(doc)
    return docs


def group_voices(docs: list[MeetingDoc]) -> list[MeetingVoice]:
    return [meeting_voice(meeting, items) for meeting, items in docs]


@dataclass(frozen=True)
class VoiceLine:
    """One member's share of voice over the recent meetings, and the quiet mark."""

    trend: tuple[float | None, ...]
    quiet: bool

    @property
    def last(self) -> float | None:
        return next((s for s in reversed(self.trend) if s is not None), None)


def voice_lines(voices: list[MeetingVoice], member_ids: list[str]) -> dict[str, VoiceLine]:
    """Each member's VoiceLine, by id."""
    quiet = quiet_members(voices)
    return {m: VoiceLine(tuple(voice_trend(voices, m)), m in quiet) for m in member_ids}


def roster_voices(store: Store, group_id: str, member_ids: list[str]) -> dict[str, VoiceLine]:
    """What the roster's Voice column shows, read from the recent meetings' files."""
    return voice_lines(group_voices(recent_meetings(store, group_id)), member_ids)
