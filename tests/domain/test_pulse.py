"""The pulse: reading `p:` lines, the member's trend, and the rating alert (a drop of 3)."""

from __future__ import annotations

import json

import pytest

from peertui.domain.life_areas import parse_areas
from peertui.domain.minutes import render_minutes
from peertui.domain.pulse import (
    Drop,
    drop_mark,
    drops,
    is_pulse,
    last_drops,
    pulse_line,
    read_pulse,
    trend,
)
from peertui.domain.records import Meeting, Pulse
from peertui.services.exports import export_meeting
from peertui.services.pulse import member_trend, roll_call_drops, save_pulse
from peertui.store import Store

AREAS = ("work", "family", "personal")


def test_ratings_in_the_groups_order_of_areas() -> None:
    assert read_pulse("p: 7 8 6", AREAS) == {"work": 7, "family": 8, "personal": 6}
    assert read_pulse("P: 7 8", AREAS) == {"work": 7, "family": 8}


def test_ratings_by_area_name_in_any_order_and_case() -> None:
    assert read_pulse("p: Family 5 work 7", AREAS) == {"family": 5, "work": 7}
    assert read_pulse("p: health 3", ["health", "wealth"]) == {"health": 3}


@pytest.mark.parametrize(("typed", "says"), [
    ("p:", "Type the ratings after p:"),
    ("p: 7 8 6 5", "4 ratings for 3 areas"),
    ("p: 11 3", "from 1 to 10"),
    ("p: 0", "from 1 to 10"),
    ("p: work seven", "'seven' is not one of this group's areas"),
    ("p: mood 4", "'mood' is not one of this group's areas"),
    ("p: work", "A rating for work?"),
    ("p: 7 family 5", "Name each area before its rating"),
])
def test_a_bad_pulse_line_says_what_is_wrong(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read_pulse(typed, AREAS)


def test_only_a_p_colon_prefix_is_a_pulse() -> None:
    assert is_pulse("p: 7") and is_pulse("  P:7")
    assert not is_pulse("plan: 7") and not is_pulse("Priya: moved")


def test_pulse_line_lists_area_and_score() -> None:
    assert pulse_line({"work": 7, "family": 5}) == "work 7 · family 5"


def _pulse(**scores: int) -> Pulse:
    return Pulse(scores=scores)


def test_rating_alert_a_drop_of_three_or_more_is_marked() -> None:
    found = drops(_pulse(work=8, family=7, personal=6), _pulse(work=5, family=5, personal=1))
    assert found == [Drop("personal", 6, 1), Drop("work", 8, 5)]
    assert drop_mark(found) == "personal ↓5, work ↓3 since last time"


def test_rating_alert_a_drop_of_two_or_a_rise_is_not() -> None:
    assert drops(_pulse(work=8, family=2), _pulse(work=6, family=9)) == []
    assert drop_mark([]) == ""


def test_rating_alert_an_area_rated_only_once_cannot_drop() -> None:
    assert drops(_pulse(work=9), _pulse(family=1)) == []
    assert drops(None, _pulse(work=1)) == []


def test_rating_alert_compares_the_last_two_ratings_the_member_gave() -> None:
    """A meeting the member skipped does not count as 'last time'."""
    history = [
        ("2026-09-01", {"ann": _pulse(work=9)}),
        ("2026-05-01", {"ann": _pulse(work=2)}),  # given out of order: sorted by date
        ("2026-11-01", {"ann": _pulse(work=6), "bob": _pulse(work=1)}),
        ("2026-10-01", {"bob": _pulse(work=9)}),
    ]
    assert last_drops(history, "ann") == [Drop("work", 9, 6)]
    assert last_drops(history, "bob") == [Drop("work", 9, 1)]
    assert last_drops(history, "cat") == []
    assert last_drops(history[:1], "ann") == []


def test_trend_per_area_oldest_first_skipping_what_was_not_rated() -> None:
    history = [
        ("2026-11-01", {"ann": _pulse(work=6, family=8)}),
        ("2026-07-01", {"ann": _pulse(work=4)}),
        ("2026-09-01", {"bob": _pulse(work=1)}),
    ]
    assert trend(history, "ann", AREAS) == {"work": [4, 6], "family": [8]}
    assert trend(history, "cat", AREAS) == {}


# -- the pulse is private: out of the minutes and the exports unless asked for -----------

def _rated_meeting() -> Meeting:
    return Meeting(id="m1", group_id="g", date="2026-11-27",
                   pulse={"ann": Pulse(scores={"work": 7, "family": 4}),
                          "bob": Pulse(scores={"work": 9}, private=False)})


def test_the_minutes_leave_private_pulses_out_and_count_them() -> None:
    text, left = render_minutes(_rated_meeting(), [], {"ann": "Ann", "bob": "Bob"})
    assert "- Bob: work 9" in text
    assert "Ann" not in text and left == 1
    shown, left = render_minutes(_rated_meeting(), [], {"ann": "Ann", "bob": "Bob"},
                                 include_private=True, mark_private=True)
    assert "- 🔒 Ann: work 7 · family 4" in shown and left == 0


def test_the_json_export_leaves_private_pulses_out_unless_asked(store: Store) -> None:
    store.create_meeting(_rated_meeting())
    doc = json.loads(export_meeting(store, "m1", "json").text)
    assert set(doc["meeting"]["pulse"]) == {"bob"} and doc["left_out_private"] == 1
    full = json.loads(export_meeting(store, "m1", "json", include_private=True).text)
    assert full["meeting"]["pulse"]["ann"]["scores"] == {"work": 7, "family": 4}


def test_save_pulse_merges_a_correction_and_stays_private(store: Store) -> None:
    store.create_meeting(Meeting(id="m2", group_id="g", date="2026-11-27"))
    save_pulse(store, "m2", "ann", {"work": 7, "family": 8})
    record = save_pulse(store, "m2", "ann", {"family": 5})
    assert record.pulse["ann"].scores == {"work": 7, "family": 5}
    assert record.pulse["ann"].private


def test_the_trend_and_the_roll_call_read_every_meeting_of_the_group(store: Store) -> None:
    for ident, day, work in (("a", "2026-05-01", 9), ("b", "2026-07-01", 5)):
        store.create_meeting(Meeting(id=ident, group_id="g", date=day,
                                     pulse={"ann": Pulse(scores={"work": work})}))
    store.create_meeting(Meeting(id="other", group_id="h", date="2026-08-01",
                                 pulse={"ann": Pulse(scores={"work": 1})}))
    assert member_trend(store, "g", "ann", ["work", "family"]) == {"work": [9, 5]}
    assert roll_call_drops(store, "g", ["ann", "bob"]) == {"ann": [Drop("work", 9, 5)]}


def test_life_areas_are_renamed_as_single_lower_case_words() -> None:
    assert parse_areas(" Health, wealth ,love,, happiness ") == ["health", "wealth", "love",
                                                                 "happiness"]
    for typed, says in (("", "at least one"), ("work, work", "twice"),
                        ("deep work", "one word"), ("1, 2", "one word"),
                        ("a, b, c, d, e, f, g", "at most 6")):
        with pytest.raises(ValueError, match=says):
            parse_areas(typed)
