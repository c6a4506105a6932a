"""Roster rules: member fields, vetting, how alike the group is, attendance, rotation."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from peertui.domain.models import Group, Member, Vetting
from peertui.domain.records import MeetingSummary, Status
from peertui.domain.roster import (
    attendance,
    clean_member_fields,
    likeness,
    parse_day,
    parse_size_band,
    same_person,
    vet,
    vetting_text,
)
from peertui.domain.rotation import deep_dives, last_presented, next_presenter, presenter_order


def _meeting(day: str, present: list[str], presenter: str | None = None,
             status: Status = "ended", topic: str = "") -> MeetingSummary:
    return MeetingSummary(id=f"m-{day}", group_id="g", date=day, present=tuple(present),
                          presenter_id=presenter, status=status, topic=topic)


def _people(*names: str, **fields: Any) -> list[Member]:
    return [Member(name=n, **fields) for n in names]


# fields ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["$250M-$1B", "250m-1b", "$250M – $1B", " $250m to $1b "])
def test_size_band_spellings_are_recognised(typed: str) -> None:
    assert parse_size_band(typed) == "$250M-$1B"


def test_unknown_size_band_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"Unknown size band 'huge'.*\$250M-\$1B"):
        parse_size_band("huge")
    assert parse_size_band("") == ""


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "26/11/2026", "1800-01-01"])
def test_bad_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_day(text, "joined date")


def test_member_fields_report_every_problem_at_once() -> None:
    values, errors = clean_member_fields({"name": "  ", "size_band": "big", "role_focus": "ceo",
                                          "joined": "2026-02-30", "company": "x" * 300})
    assert set(errors) == {"name", "size_band", "role_focus", "joined", "company"}
    assert errors["name"] == "The member's name cannot be empty."
    values, errors = clean_member_fields({"name": " Ann\x1b[31m  Lee ", "role_focus": "Tactical",
                                          "joined": "2025-01-31"})
    assert errors == {}
    assert values["name"] == "Ann Lee" and values["role_focus"] == "tactical"


def test_same_person_ignores_case_and_spacing() -> None:
    ann = Member(name="Ann Lee", company="Acme Corp")
    assert same_person(ann, "ann  lee", "ACME corp")
    assert not same_person(ann, "Ann Lee", "Other")


# vetting -------------------------------------------------------------------------------

def test_candidate_becomes_member_at_the_second_vetting() -> None:
    art, mei, tom = _people("Art", "Mei", "Tom")
    zed = Member(name="Zed", status="candidate")
    group = [art, mei, tom, zed]
    assert not zed.active  # a candidate is not on the roll call
    vet(group, zed.id, art.id, date(2026, 11, 2))
    assert zed.status == "candidate" and zed.joined == ""
    assert "needs 1 more vetting" in vetting_text(zed, {art.id: "Art"})
    vet(group, zed.id, mei.id, date(2026, 11, 20))
    assert zed.status == "member" and zed.active
    assert zed.joined == "2026-11-20"
    assert zed.vetted_by == [Vetting(member_id=art.id, date="2026-11-02"),
                             Vetting(member_id=mei.id, date="2026-11-20")]
    assert vetting_text(zed, {art.id: "Art", mei.id: "Mei"}) == \
        "vetted by Art (2026-11-02), Mei (2026-11-20)"


def test_vetting_refuses_what_would_be_untrue() -> None:
    art, mei = _people("Art", "Mei")
    old = Member(name="Old", status="retired")
    zed = Member(name="Zed", status="candidate")
    yan = Member(name="Yan", status="candidate")
    group = [art, mei, old, zed, yan]
    day = date(2026, 11, 2)
    with pytest.raises(ValueError, match=r"cannot vet themselves|Only a current member"):
        vet(group, zed.id, zed.id, day)
    with pytest.raises(ValueError, match="Only a current member"):
        vet(group, zed.id, yan.id, day)  # another candidate
    with pytest.raises(ValueError, match="Only a current member"):
        vet(group, zed.id, old.id, day)  # a retired member
    with pytest.raises(ValueError, match="not a candidate"):
        vet(group, art.id, mei.id, day)
    vet(group, zed.id, art.id, day)
    with pytest.raises(ValueError, match="already vetted"):
        vet(group, zed.id, art.id, day)
    assert len(zed.vetted_by) == 1 and zed.status == "candidate"


# likeness ------------------------------------------------------------------------------

def test_likeness_summarises_and_flags_who_does_not_fit() -> None:
    members = [Member(name=f"M{i}", size_band="$250M-$1B", role_focus="strategic")
               for i in range(5)]
    members += [Member(name="T", size_band="$100M-$250M", role_focus="tactical")]
    big = Member(name="Big", size_band=">$5B", role_focus="strategic", status="candidate")
    near = Member(name="Near", size_band="$1B-$5B", role_focus="strategic", status="candidate")
    odd = Member(name="Odd", size_band="$250M-$1B", role_focus="tactical", status="candidate")
    alike = likeness([*members, big, near, odd])
    assert alike.bands == [("$100M-$250M", 1), ("$250M-$1B", 5)]
    assert alike.typical_band == "$250M-$1B"
    assert "size >$5B, group mostly $250M-$1B" in alike.misfits[big.id]
    assert near.id not in alike.misfits  # one band away still fits
    assert alike.misfits[odd.id] == "tactical role, group mostly strategic"  # 1 of 6
    assert members[-1].id not in alike.misfits  # members are the group, never flagged
    assert alike.summary() == ("Size bands: $100M-$250M 1 · $250M-$1B 5   "
                               "Role focus: strategic 5 · tactical 1")


def test_likeness_of_an_empty_group_flags_nobody() -> None:
    alike = likeness([Member(name="Zed", size_band=">$5B", status="candidate")])
    assert alike.misfits == {} and alike.summary().startswith("Size bands: none set")


# attendance ----------------------------------------------------------------------------

def test_attendance_counts_meetings_since_joining_and_marks_two_misses() -> None:
    ann = Member(name="Ann", joined="2026-01-01")
    meetings = [
        _meeting("2025-11-20", []),  # before Ann joined: not counted
        _meeting("2026-01-21", [ann.id]),
        _meeting("2026-03-18", [ann.id]),
        _meeting("2026-05-20", []),
        _meeting("2026-07-15", []),
        _meeting("2026-09-16", [], status="running"),  # not held yet
    ]
    seen = attendance(ann, meetings)
    assert (seen.held, seen.attended, seen.last_attended) == (4, 2, "2026-03-18")
    assert seen.rate == 0.5 and seen.text() == "50% (2/4)"
    assert seen.missed_last_two
    meetings.append(_meeting("2026-09-17", [ann.id]))
    assert not attendance(ann, meetings).missed_last_two


def test_attendance_of_someone_new_is_a_dash_not_zero() -> None:
    new = Member(name="New", joined="2026-11-01")
    seen = attendance(new, [_meeting("2026-09-01", [])])
    assert seen.held == 0 and seen.rate is None and seen.text() == "—"
    assert not seen.missed_last_two


def test_retired_member_attendance_stops_at_retirement() -> None:
    old = Member(name="Old", joined="2025-01-01", status="retired", retired_on="2026-02-01")
    seen = attendance(old, [_meeting("2026-01-10", [old.id]), _meeting("2026-03-10", []),
                            _meeting("2026-05-10", [])])
    assert (seen.held, seen.attended) == (1, 1)


# rotation ------------------------------------------------------------------------------

def test_rotation_never_presented_first_then_longest_since() -> None:
    ann = Member(name="Ann", joined="2024-01-01")
    bob = Member(name="Bob", joined="2023-01-01")
    cat = Member(name="Cat", joined="2024-01-01")
    dan = Member(name="Dan", joined="2022-01-01")
    eve = Member(name="Eve", joined="2022-01-01")
    zed = Member(name="Zed", status="candidate")
    old = Member(name="Old", status="retired")
    meetings = [
        _meeting("2026-01-21", [], presenter=dan.id, topic="ERP"),
        _meeting("2026-03-18", [], presenter=eve.id, topic="Cloud"),
        _meeting("2026-05-20", [], presenter=dan.id, topic="Again"),
        _meeting("2026-07-15", [], presenter=ann.id, status="running"),  # not held: no turn used
    ]
    order = presenter_order([ann, bob, cat, dan, eve, zed, old], meetings)
    # never presented: longest in the group first (Bob), then by name; then Eve, then Dan
    assert [m.name for m in order] == ["Bob", "Ann", "Cat", "Eve", "Dan"]
    assert next_presenter([ann, bob, cat, dan, eve, zed, old], meetings) is bob
    assert last_presented(meetings) == {dan.id: "2026-05-20", eve.id: "2026-03-18"}
    dives = deep_dives(meetings)
    assert [(d.date, d.topic) for d in dives] == [("2026-05-20", "Again"), ("2026-03-18", "Cloud"),
                                                  ("2026-01-21", "ERP")]


def test_no_active_member_means_no_presenter() -> None:
    assert next_presenter([Member(name="Zed", status="candidate")], []) is None


# models --------------------------------------------------------------------------------

def test_old_group_records_still_load_and_round_trip() -> None:
    """A group saved before the rhythm, templates and vettings existed, with a field since
    dropped: the missing fields take their defaults, the unknown one is ignored."""
    old = {"id": "g1", "name": "Old group", "cadence_months": 3, "next_meeting": "",
           "members": [{"name": "Ann", "id": "a1", "status": "member", "pager": "555"}],
           "template": None}
    group = msgspec.json.decode(msgspec.json.encode(old), type=Group)
    assert group.cadence is None and group.templates == [] and group.default_template_id == ""
    assert group.members[0].retired_on == "" and group.members[0].vetted_by == []
    assert group.names == {"a1": "Ann"}
    again = msgspec.json.decode(msgspec.json.encode(group), type=Group)
    assert again == group


@pytest.mark.parametrize(("field", "value"), [("status", "emeritus"), ("name", ""),
                                              ("vetted_by", [{"date": "2026-01-01"}]),
                                              ("name", 7)])
def test_a_member_record_of_the_wrong_shape_is_refused(field: str, value: Any) -> None:
    record = {"name": "Ann", "id": "a1", field: value}
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(record, Member)


# joining and status changes ----------------------------------------------------------

def test_a_group_is_founded_until_it_holds_a_meeting() -> None:
    from peertui.domain.roster import admission, being_founded

    nine = _people(*"ABCDEFGHI")
    assert being_founded(nine, [])
    assert being_founded(nine, [_meeting("2026-01-10", ["x"], status="started")])
    assert not being_founded(nine, [_meeting("2026-01-10", ["x"])])
    assert admission(nine, []).status == "member"
    joins = admission(nine, [_meeting("2026-01-10", ["x"])])
    assert joins.status == "candidate" and "2 members vet each newcomer" in joins.why
    # a group down to one member cannot vet anyone, so newcomers join as members
    assert admission(_people("A"), [_meeting("2026-01-10", ["x"])]).status == "member"


def test_status_changes_follow_the_rules() -> None:
    from peertui.domain.roster import change_status, status_choices

    on = date(2026, 11, 27)
    cand = Member(name="Cand", status="candidate")
    assert status_choices(cand) == ("candidate", "member")
    with pytest.raises(ValueError, match="once 2 members have vetted them; 2 more vettings"):
        change_status(cand, "member", founding=False, on=on)
    assert cand.status == "candidate" and cand.joined == ""
    with pytest.raises(ValueError, match="cannot go from candidate to retired"):
        change_status(cand, "retired", founding=True, on=on)
    change_status(cand, "member", founding=True, on=on)  # a founder added by mistake
    assert (cand.status, cand.joined) == ("member", "2026-11-27")

    member = Member(name="Mem", joined="2025-01-01")
    assert status_choices(member) == ("member", "retired")
    change_status(member, "retired", founding=False, on=on)
    assert (member.status, member.retired_on) == ("retired", "2026-11-27")
    with pytest.raises(ValueError, match="cannot go from retired to candidate"):
        change_status(member, "candidate", founding=False, on=on)
    change_status(member, "member", founding=False, on=on)
    assert (member.status, member.retired_on, member.joined) == ("member", "", "2025-01-01")


def test_counts_say_one_member_and_two_members() -> None:
    from peertui.domain.roster import counted

    assert [counted(n, "member") for n in (0, 1, 2)] == ["0 members", "1 member", "2 members"]
