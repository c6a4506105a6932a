"""Roster, rating and schedule services against a real temporary store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from msgspec.structs import replace

from peertui.domain.clock import make_event
from peertui.domain.records import Rating
from peertui.services.groups import load_group, new_group
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.roster import (
    add_member,
    parse_rating,
    rating_trend,
    roster,
    save_rating,
    set_retired,
    sparkline,
    update_member,
    vet_candidate,
    withdraw_candidate,
)
from peertui.services.sample import load_sample
from peertui.services.schedule import (
    export_ics,
    move_next_meeting,
    next_meeting_for,
    save_cadence,
)
from peertui.store import Store
from tests.conftest import TODAY


def _form(**fields: str) -> dict[str, str]:
    return {"name": "", "company": "", "size_band": "", "role_focus": "", "joined": "",
            "contact": "", "notes": "", **fields}


def test_add_edit_retire_and_withdraw(store: Store) -> None:
    group = new_group(store, "CIOs")
    ann, problems = add_member(store, group.id, _form(name="Ann", company="Acme"), "member",
                               TODAY)
    assert problems == {} and ann is not None and ann.joined == TODAY.isoformat()
    twin, problems = add_member(store, group.id, _form(name="ann", company="ACME"), "candidate",
                                TODAY)
    assert twin is None and "already on the roster as a member" in problems["name"]
    bad, problems = add_member(store, group.id, _form(name="", joined="soon"), "member", TODAY)
    assert bad is None and set(problems) == {"name", "joined"}
    zed, _ = add_member(store, group.id, _form(name="Zed", joined="2020-01-01"), "candidate",
                        TODAY)
    assert zed is not None and zed.joined == ""  # joins only when vetted

    edited, problems = update_member(store, group.id, ann.id,
                                     _form(name="Ann Lee", company="Acme", size_band="$1B-$5B",
                                           role_focus="strategic", joined="2024-05-01",
                                           notes="Chair"))
    assert problems == {} and edited is not None
    loaded = load_group(store, group.id)
    assert loaded is not None
    saved = loaded.member(ann.id)
    assert saved is not None and (saved.name, saved.size_band, saved.notes) == \
        ("Ann Lee", "$1B-$5B", "Chair")

    set_retired(store, group.id, ann.id, True, TODAY)
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.active_members == []
    with pytest.raises(ValueError, match="not a current member"):
        set_retired(store, group.id, ann.id, True, TODAY)
    set_retired(store, group.id, ann.id, False, TODAY)
    withdraw_candidate(store, group.id, zed.id)
    loaded = load_group(store, group.id)
    assert loaded is not None and [m.name for m in loaded.members] == ["Ann Lee"]
    with pytest.raises(ValueError, match="Only a candidate"):
        withdraw_candidate(store, group.id, ann.id)


def test_vetting_through_the_store(store: Store) -> None:
    group = load_sample(store, TODAY)
    art, mei = group.members[0], group.members[4]
    zed, _ = add_member(store, group.id, _form(name="Zed", size_band=">$5B"), "candidate", TODAY)
    assert zed is not None
    data = roster(store, load_group(store, group.id))  # type: ignore[arg-type]
    row = next(r for r in data.rows if r.member.id == zed.id)
    assert row.turn is None and "size >$5B" in row.misfit
    assert data.rows[-1].member.id == zed.id  # candidates after members
    vet_candidate(store, group.id, zed.id, art.id, date(2026, 11, 20))
    after = vet_candidate(store, group.id, zed.id, mei.id, TODAY)
    assert after.status == "member"
    loaded = load_group(store, group.id)
    assert loaded is not None and zed.id in {m.id for m in loaded.active_members}


def test_roster_rows_carry_attendance_rotation_and_presenting_history(store: Store) -> None:
    group = load_sample(store, TODAY)
    data = roster(store, group)
    assert data.next_presenter is not None and data.next_presenter.name == "Dan Novak"
    art = next(r for r in data.rows if r.member.name == "Art Delgado")
    assert art.last_deep_dive == "2026-09-18" and art.turn == 8
    assert art.attendance.text() == "100% (1/1)"


@pytest.mark.parametrize("score, comment, expected", [
    ("8", "  More time  for the deep dive ", (8, "More time for the deep dive")),
    ("10", "", (10, "")),
    ("", "", (None, "")),
])
def test_parse_rating_accepts(score: str, comment: str, expected: tuple[int | None, str]) -> None:
    assert parse_rating(score, comment) == expected


@pytest.mark.parametrize("score, comment, message", [
    ("0", "", "from 1 to 10"), ("11", "", "from 1 to 10"), ("x", "", "from 1 to 10"),
    ("", "great", "Give a score"), ("5", "y" * 300, "one line"), ("٣", "", "from 1 to 10"),
])
def test_parse_rating_refuses(score: str, comment: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rating(score, comment)


def test_rating_is_saved_with_the_meeting_and_trends(store: Store) -> None:
    group = load_sample(store, TODAY)
    meeting = store.meetings(group.id)[0]
    ids = meeting.present
    assert rating_trend(store, group.id) == []
    save_rating(store, meeting.id, {ids[0]: Rating(score=8, comment="Shorter updates"),
                                    ids[1]: Rating(score=9)})
    record = store.meeting(meeting.id)
    assert record is not None and record.rating[ids[0]].comment == "Shorter updates"
    assert record.rating[ids[1]] == Rating(score=9, comment="")
    with pytest.raises(ValueError, match="score"):  # the store refuses a score out of range
        save_rating(store, meeting.id, {ids[0]: Rating(score=11)})
    assert store.meeting(meeting.id) == record
    assert rating_trend(store, group.id) == [("2026-09-18", 8.5, 2)]
    assert sparkline([1, 5.5, 10]) == "▁▅█"


def test_schedule_next_meeting_move_and_export(store: Store, tmp_path: Path) -> None:
    group = load_sample(store, TODAY)
    upcoming = next_meeting_for(store, group, TODAY)
    assert upcoming.moved and upcoming.day == date(2026, 12, 11)  # the sample's hand-set date
    assert move_next_meeting(store, group.id, "", TODAY) == ""  # back to the rhythm
    assert "has passed" in move_next_meeting(store, group.id, "2026-01-01", TODAY)
    assert "Cannot read" in move_next_meeting(store, group.id, "31/12", TODAY)
    errors = save_cadence(store, group.id, {"every_months": "2", "mode": "weekday", "week": "3",
                                            "weekday": "3", "day": "21", "start": "18:00",
                                            "minutes": "150", "timezone": "Europe/Berlin"})
    assert errors == {}
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.cadence is not None
    assert loaded.cadence.timezone == "Europe/Berlin" and loaded.cadence.start == "18:00"
    upcoming = next_meeting_for(store, loaded, TODAY)
    assert (upcoming.day, upcoming.moved) == (date(2027, 1, 21), False)
    assert upcoming.line() == "Thu 21 Jan 2027, in 8 weeks · 18:00 Europe/Berlin"
    bad = save_cadence(store, group.id, {"every_months": "0"})
    assert "every_months" in bad
    path = tmp_path / "next.ics"
    export_ics(store, loaded, TODAY, path, datetime(2026, 11, 27, tzinfo=UTC))
    assert "DTSTART;TZID=Europe/Berlin:20270121T180000" in path.read_text()
    with pytest.raises(ValueError, match="is a folder"):
        export_ics(store, loaded, TODAY, tmp_path, datetime(2026, 11, 27, tzinfo=UTC))
    with pytest.raises(ValueError, match="no folder"):
        export_ics(store, loaded, TODAY, tmp_path / "no" / "x.ics",
                   datetime(2026, 11, 27, tzinfo=UTC))
    # once the January meeting is held, the next one is two months on, on the rhythm's day
    held = new_meeting(loaded, loaded.template, [m.id for m in loaded.active_members],  # type: ignore[arg-type]
                       None, "", date(2027, 1, 21))
    at = datetime(2027, 1, 21, 17, tzinfo=UTC).timestamp()
    create_meeting(store, replace(held, events=(make_event("start", at),
                                                make_event("end", at + 9000))))
    assert next_meeting_for(store, loaded, date(2027, 1, 21)).day == date(2027, 3, 18)


def test_editing_saves_only_real_changes_and_never_a_failed_one(store: Store) -> None:
    from peertui.services.roster import editing

    group = new_group(store, "CIOs")
    token = store.change_token()
    with editing(store, group.id) as same:
        same.name = same.name  # no change: no write
    assert store.change_token() == token
    with pytest.raises(ValueError), editing(store, group.id) as changed:
        changed.name = "Half done"
        raise ValueError("the rule said no")
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.name == "CIOs"
    with pytest.raises(ValueError, match="no longer in the store"), \
            editing(store, "missing") as _gone:
        pass
