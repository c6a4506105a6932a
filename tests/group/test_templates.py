"""Agenda templates: checks, the unbreakable built-in, and the group's own in the store."""

from __future__ import annotations

import copy

import pytest

from peertui.domain.agenda import default_template
from peertui.domain.models import Phase, SegmentTemplate
from peertui.domain.templates import (
    BUILTIN_ID,
    BUILTIN_NAME,
    all_templates,
    builtin_template,
    copy_of,
    new_segment,
    problems,
    total_verdict,
    unique_name,
)
from peertui.services.groups import load_group, new_group
from peertui.services.templates import (
    copy_template,
    default_for,
    delete_template,
    save_template,
    set_default,
    templates_of,
)
from peertui.store import Store


def test_builtin_is_the_design_agenda_and_passes_every_check() -> None:
    builtin = builtin_template()
    assert builtin.id == BUILTIN_ID and builtin.name == BUILTIN_NAME
    assert builtin.segments == default_template().segments
    assert problems(builtin, []) == {"name": "Another template has this name."}
    assert total_verdict(builtin, 8) == (148, "within")  # 2 h 28 min for 8 present
    assert total_verdict(builtin, 12)[1] == "over"


@pytest.mark.parametrize("minutes, message", [
    (0, "Minutes must be above 0."),
    (-5, "Minutes must be above 0."),
    (601, "At most 600 minutes."),
    (2.5, "Minutes must be a whole number."),
    ("10", "Minutes must be a whole number."),
])
def test_segment_minutes_must_be_positive_whole_and_sane(minutes: object, message: str) -> None:
    template = copy_of(builtin_template(), [])
    template.segments[0].minutes = minutes  # type: ignore[assignment]
    assert problems(template, []) == {"s0": message}


def test_every_kind_of_problem_is_keyed_to_where_it_shows() -> None:
    template = copy_of(builtin_template(), [])
    template.name = "  "
    template.target_min_minutes, template.target_max_minutes = 150, 120
    template.segments[2].minutes = 61  # per speaker, in a round
    template.segments[4].phases[1].title = ""
    template.segments[5].title = "\x1b[2J"  # only an escape sequence: empty
    template.segments[6].key = template.segments[7].key
    found = problems(template, [])
    assert found == {
        "name": "The name cannot be empty.",
        "target": "The shortest target is above the longest.",
        "s2": "At most 60 minutes.",
        "s4p1": "The name cannot be empty.",
        "s5": "The name cannot be empty.",
        "s6": "Two segments share a key.",
        "s7": "Two segments share a key.",
    }
    template.segments = []
    assert problems(template, [])["segments"] == "A meeting needs at least one segment."
    dive = SegmentTemplate("dd", "Deep dive", "deep_dive", phases=[])
    template.segments = [dive]
    assert problems(template, [])["s0"] == "A deep dive needs at least one phase."


def test_names_are_unique_without_regard_to_case() -> None:
    template = copy_of(builtin_template(), ["Short"])
    template.name = "short"
    assert problems(template, ["Short"]) == {"name": "Another template has this name."}
    assert unique_name("Short", ["short", "Short (2)"]) == "Short (3)"
    keys = [s.key for s in template.segments]
    assert new_segment("Updates", "round", 3, [*keys, "updates2"]).key == "updates3"


def test_copies_are_deep_and_the_builtin_is_never_stored(store: Store) -> None:
    group = new_group(store, "Smaller-company CIOs")
    twin = copy_template(store, group.id, BUILTIN_ID)
    assert twin.id != BUILTIN_ID and twin.name == "Standard meeting (copy)"
    twin.segments[0].minutes = 7
    assert builtin_template().segments[0].minutes == 5
    # saving the built-in id makes a copy; the built-in stays first and unchanged
    edited = builtin_template()
    edited.segments[0].minutes = 1
    saved, found = save_template(store, group.id, edited)
    assert found == {} and saved is not None and saved.id != BUILTIN_ID
    loaded = load_group(store, group.id)
    assert loaded is not None
    listed = templates_of(loaded)
    assert listed[0].id == BUILTIN_ID and listed[0].segments[0].minutes == 5
    assert [t.name for t in listed] == [BUILTIN_NAME, "Standard meeting (copy)",
                                        "Standard meeting (copy) (2)"]
    with pytest.raises(ValueError, match="built-in template stays"):
        delete_template(store, group.id, BUILTIN_ID)
    # a stored template that claims the built-in id is ignored, never shown as built-in
    assert len(all_templates([builtin_template()])) == 1


def test_invalid_template_is_not_saved_and_nothing_is_lost(store: Store) -> None:
    group = new_group(store, "CIOs")
    good = copy_template(store, group.id, BUILTIN_ID)
    bad = copy.deepcopy(good)
    bad.segments[1].minutes = 0
    bad.segments.append(SegmentTemplate("x", "", "single", minutes=5))
    saved, found = save_template(store, group.id, bad)
    assert saved is None and found == {"s1": "Minutes must be above 0.",
                                       "s8": "The name cannot be empty."}
    loaded = load_group(store, group.id)
    assert loaded is not None and loaded.templates == [good]


def test_default_template_choice_and_delete(store: Store) -> None:
    group = new_group(store, "CIOs")
    short = copy_template(store, group.id, BUILTIN_ID)
    short.name = "Short meeting"
    short.segments[4].phases = [Phase("Presentation", 10), Phase("Questions", 20, True)]
    assert save_template(store, group.id, short)[1] == {}
    set_default(store, group.id, short.id)
    loaded = load_group(store, group.id)
    assert loaded is not None and default_for(loaded).name == "Short meeting"
    delete_template(store, group.id, short.id)
    loaded = load_group(store, group.id)
    assert loaded is not None and default_for(loaded).id == BUILTIN_ID
    with pytest.raises(ValueError, match="no longer there"):
        set_default(store, group.id, short.id)
