"""Experience vs advice: how a recommendation's opening reads, and the meeting's share."""

from __future__ import annotations

import pytest

from peertui.domain.advice import experience_line, experience_share, needs_nudge, read_tag
from peertui.domain.records import Item


@pytest.mark.parametrize("text", [
    "When we moved to the cloud we kept a rollback plan",
    "we did a pilot with two teams first",
    "In my experience the board wants one number",
    "At Acme we ran the restore test every quarter",
    "At Northwind Traders, we split the project",
    "What worked for us: a weekly steering call",
    "I once tried outsourcing the service desk",
    "  ‘When I joined, I met every VP’",
])
def test_experience_openings_read_as_experience(text: str) -> None:
    assert read_tag(text) == "experience"


@pytest.mark.parametrize("text", [
    "You should hire a CISO first",
    "you must tell the board now",
    "You need to talk to legal",
    "My advice: wait a quarter",
    "If I were you I'd wait",
    "Don't sign the three-year deal",
])
def test_telling_openings_read_as_advice(text: str) -> None:
    assert read_tag(text) == "advice"


@pytest.mark.parametrize("text", ["Budget 20% contingency", "The vendor is weak", "",
                                  "Atlas is a good tool", "Whenever possible, wait"])
def test_other_openings_say_nothing(text: str) -> None:
    assert read_tag(text) == ""


def test_the_nudge_answers_you_should_and_its_kin_only() -> None:
    assert needs_nudge("You should hire a CISO")
    assert needs_nudge("you  must tell them")
    assert needs_nudge("You’d better ask")
    assert not needs_nudge("When we hired a CISO it paid off")
    assert not needs_nudge("Don't sign")  # advice, but not the "you should" the nudge names
    assert not needs_nudge("Youth programmes help")


def _rec(tag: str, text: str = "x") -> Item:
    return Item(id=text + tag, kind="recommendation", text=text, giver_id="a",
                tag=tag)  # type: ignore[arg-type]


def test_the_share_counts_stored_tags_over_all_recommendations() -> None:
    items = [_rec("experience", "1"), _rec("advice", "2"), _rec("", "3"),
             _rec("experience", "4"), Item(id="n", kind="note", text="not a rec")]
    assert experience_share(items) == 0.5
    assert experience_line(items) == "2 of 4 recommendations were experience shares (50%)"
    assert experience_share([Item(id="n", text="note")]) is None
    assert experience_line([]) == ""
    untagged = [_rec("", "5"), _rec("", "6")]
    assert experience_share(untagged) is None and experience_line(untagged) == ""
    assert experience_line([_rec("experience")]) == \
        "1 of 1 recommendation was an experience share (100%)"
