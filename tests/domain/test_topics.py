"""The topic bank's rule: urgency weighed against the rotation (domain/topics.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from peertui.domain.models import Group, Member, Topic, Urgency
from peertui.domain.records import MeetingSummary
from peertui.domain.rotation import next_presenter, presenter_order
from peertui.domain.topics import (
    months_between,
    suggest,
    suggested_order,
    waiting,
    waiting_words,
    weeks_waiting,
)

TODAY = date(2026, 11, 27)


def member(name: str, joined: str = "2024-01-10", status: str = "member") -> Member:
    return Member(name=name, joined=joined, id=name.split()[0].lower(),
                  status=status)  # type: ignore[arg-type]


def dive(day: str, presenter: str) -> MeetingSummary:
    return MeetingSummary(id=f"{day}-m{presenter}", group_id="g", date=day,
                          presenter_id=presenter, status="ended")


def topic(who: str, urgency: Urgency, issue: str = "ERP vendor exit", added: str = "2026-10-23",
          taken_in: str = "") -> Topic:
    return Topic(member_id=who, issue=issue, urgency=urgency, added=added, taken_in=taken_in)


ART, PRIYA, TOM = member("Art Delgado"), member("Priya Raman"), member("Tom Becker")
#: Art presented longest ago, Tom at the last meeting.
HISTORY = [dive("2025-09-20", "art"), dive("2026-03-20", "priya"), dive("2026-09-18", "tom")]


def group(*topics: Topic, members: tuple[Member, ...] = (ART, PRIYA, TOM)) -> Group:
    return Group(name="Forum", members=list(members), topics=list(topics))


def test_with_no_topic_the_rotation_decides_and_says_how_long() -> None:
    found = suggest(group(), HISTORY, TODAY)
    assert found is not None
    assert found.member.id == "art"
    assert found.reason == "Art Delgado: longest since a deep dive (14 months)"
    assert found.topic is None


def test_an_a_topic_jumps_the_queue_and_says_why() -> None:
    found = suggest(group(topic("priya", "A")), HISTORY, TODAY)
    assert found is not None
    assert found.member.id == "priya"
    assert found.reason == ("Priya Raman: their topic 'ERP vendor exit' is marked A (needs the "
                            "group now), waiting 5 weeks; an A topic goes ahead of the rotation")
    assert found.topic is not None and found.topic.issue == "ERP vendor exit"


def test_an_a_topic_waits_when_its_member_presented_at_the_last_meeting() -> None:
    found = suggest(group(topic("tom", "A")), HISTORY, TODAY)
    assert found is not None
    assert found.member.id == "art"
    assert "Tom Becker's A topic waits: they presented last time" in found.reason


def test_several_a_topics_keep_the_rotation_order_among_them() -> None:
    bank = group(topic("priya", "A"), topic("art", "A", issue="Cloud exit"))
    assert [m.id for m in suggested_order(bank.members, HISTORY, bank.topics)] == \
        ["art", "priya", "tom"]


def test_b_breaks_a_tie_in_the_rotation_and_c_never_moves_anyone() -> None:
    newcomers = (member("Ann Lee"), member("Bo Chen"), member("Cy Diaz"))  # same day, never
    plain = [m.id for m in suggested_order(newcomers, [], [])]
    assert plain == ["ann", "bo", "cy"]  # by name: the rotation cannot tell them apart
    assert [m.id for m in suggested_order(newcomers, [], [topic("cy", "B")])] == \
        ["cy", "ann", "bo"]
    assert [m.id for m in suggested_order(newcomers, [], [topic("cy", "C")])] == plain
    # B does not beat the rotation itself: Art is still first, ahead of Priya's B
    assert [m.id for m in suggested_order(group().members, HISTORY, [topic("priya", "B")])] \
        == ["art", "priya", "tom"]


def test_a_taken_topic_moves_no_one_and_retired_members_are_never_suggested() -> None:
    assert [m.id for m in suggested_order(group().members, HISTORY,
                                          [topic("priya", "A", taken_in="2026-09-18-x")])] \
        == ["art", "priya", "tom"]
    gone = member("Zed Young", status="retired")
    found = suggest(group(topic("zed", "A"), members=(gone, PRIYA)), HISTORY, TODAY)
    assert found is not None and found.member.id == "priya"


def test_the_rotation_pick_names_their_own_waiting_topic() -> None:
    found = suggest(group(topic("art", "C", issue="Board reporting")), HISTORY, TODAY)
    assert found is not None
    assert found.reason == ("Art Delgado: longest since a deep dive (14 months); their topic "
                            "'Board reporting' is marked C (some day), waiting 5 weeks")


def test_a_newcomer_has_not_presented_yet() -> None:
    found = suggest(group(members=(member("Ann Lee", joined="2026-05-02"), ART)), HISTORY,
                    TODAY)
    assert found is not None
    assert found.reason == "Ann Lee: has not presented yet (in the group since May 2026)"


def test_no_active_member_no_suggestion() -> None:
    assert suggest(group(members=(member("Zed Young", status="retired"),)), [], TODAY) is None


def test_how_long_a_topic_waits() -> None:
    assert weeks_waiting(topic("art", "B", added="2026-10-23"), TODAY) == 5
    assert waiting_words(topic("art", "B", added="2026-11-25"), TODAY) == "added this week"
    assert waiting_words(topic("art", "B", added="2026-11-20"), TODAY) == "waiting 1 week"
    assert waiting_words(topic("art", "B", added=""), TODAY) == ""
    assert months_between(date(2025, 9, 20), TODAY) == 14
    assert months_between(date(2026, 10, 28), TODAY) == 0


def test_the_bank_lists_the_most_urgent_then_the_longest_waiting() -> None:
    bank = [topic("art", "C", "c", "2026-01-01"), topic("tom", "A", "a-new", "2026-11-01"),
            topic("priya", "A", "a-old", "2026-06-01"), topic("art", "B", "taken",
                                                              taken_in="m1")]
    assert [t.issue for t in waiting(bank)] == ["a-old", "a-new", "c"]


#: deterministic, and nothing written outside the test (no example database)
SETTINGS = settings(max_examples=200, deadline=None, database=None, derandomize=True)
names = st.sampled_from(["Art Delgado", "Priya Raman", "Tom Becker", "Ann Lee", "Bo Chen"])
statuses = st.sampled_from(["member", "member", "candidate", "retired"])
days = st.dates(date(2024, 1, 1), date(2026, 11, 1)).map(date.isoformat)


@st.composite
def forums(draw: st.DrawFn) -> tuple[Group, list[MeetingSummary]]:
    chosen = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    members = [Member(name=n, id=n.split()[0].lower(), joined=draw(days),
                      status=draw(statuses)) for n in chosen]
    ids = [m.id for m in members]
    meetings = [dive(day, who) for day, who in
                draw(st.lists(st.tuples(days, st.sampled_from(ids)), max_size=6,
                              unique_by=lambda pair: pair[0]))]
    bank = [topic(who, urgency) for who, urgency in
            draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(["A", "B", "C"])),
                          max_size=6))]
    return Group(name="Forum", members=members, topics=bank), meetings


@SETTINGS
@given(forums())
def test_the_suggestion_is_always_an_active_member(forum: tuple[Group, list[MeetingSummary]]
                                                   ) -> None:
    group_, meetings = forum
    found = suggest(group_, meetings, TODAY)
    if not group_.active_members:
        assert found is None
    else:
        assert found is not None and found.member.active and found.reason


@SETTINGS
@given(forums())
def test_with_no_topics_the_suggestion_is_the_rotation(
        forum: tuple[Group, list[MeetingSummary]]) -> None:
    group_, meetings = forum
    assert suggested_order(group_.members, meetings, []) == presenter_order(group_.members,
                                                                            meetings)
    found = suggest(Group(name="F", members=group_.members), meetings, TODAY)
    assert (found.member if found else None) == next_presenter(group_.members, meetings)
