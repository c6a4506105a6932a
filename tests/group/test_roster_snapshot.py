"""The roster screen at 120x36 on a frozen clock: members, a candidate who does not fit,
a retired member, rotation, attendance, deep dives and the rating trend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from peertui.domain.records import Rating
from peertui.services.roster import add_member, save_rating, set_retired, vet_candidate
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from tests.conftest import MEETING_START, TODAY
from tests.fakes import FakeTime

SIZE = (120, 36)


def test_roster_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "snap-store")
    group = load_sample(store, TODAY)
    art, priya, tom = group.members[0], group.members[1], group.members[2]
    fields = {"name": "Victor Amos", "company": "Amos Global", "size_band": ">$5B",
              "role_focus": "strategic", "contact": "victor@amos.test"}
    victor, _ = add_member(store, group.id, fields, "candidate", TODAY)
    assert victor is not None
    vet_candidate(store, group.id, victor.id, art.id, date(2026, 11, 20))
    set_retired(store, group.id, tom.id, True, TODAY)
    meeting = store.meetings(group.id)[0]
    save_rating(store, meeting.id, {art.id: Rating(score=9),
                                    priya.id: Rating(score=7, comment="More time")})
    app = create_app(store, FakeTime(MEETING_START), today=TODAY)

    async def open_roster(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.press(*["down"] * 7)  # the candidate, after the members
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_roster)
