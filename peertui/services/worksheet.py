"""The presenter's worksheet: drafted on the member, moved into the meeting at setup, and
the presenter's answer a meeting later to "did you get what you needed?"."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec.structs import replace

from peertui.domain.records import Meeting, NeedsAnswer, NeedsMet
from peertui.domain.worksheet import clean_answers
from peertui.services.roster import editing
from peertui.store import Store

#: The presenter's answers, with the words shown for them.
NEEDS_ANSWERS: dict[NeedsAnswer, str] = {"yes": "Yes", "partly": "Partly", "no": "No"}


def save_worksheet(store: Store, group_id: str, member_id: str,
                   typed: Mapping[str, str]) -> dict[str, str]:
    """Keep a member's worksheet draft (cleaned); ValueError if they left the roster."""
    answers = clean_answers(typed)
    with editing(store, group_id) as group:
        member = group.member(member_id)
        if member is None:
            raise ValueError("That member is no longer in the group.")
        member.worksheet = answers
    return answers


def clear_worksheet(store: Store, group_id: str, member_id: str) -> None:
    """The draft was presented (setup copied it into the meeting): start the next one empty."""
    with editing(store, group_id) as group:
        member = group.member(member_id)
        if member is not None:
            member.worksheet = {}


def save_needs_met(store: Store, meeting_id: str, answer: NeedsAnswer, comment: str, *,
                   at: str = "", captured_in: str | None = None, by: str = "") -> Meeting:
    """The presenter's answer, kept on the deep dive's own meeting record (a later answer
    replaces an earlier one: it is one question)."""
    said = NeedsMet(answer=answer, comment=" ".join(comment.split())[:300], at=at,
                    captured_in=captured_in, by=by)
    return store.change_meeting(meeting_id, lambda m: replace(m, needs_met=said))


def needs_met_line(needs: NeedsMet | None) -> str:
    """'Partly: the vendor part, not the board part', or '' when not asked yet."""
    if needs is None:
        return ""
    word = NEEDS_ANSWERS[needs.answer]
    return f"{word}: {needs.comment}" if needs.comment else word
