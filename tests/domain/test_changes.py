"""Copies that change apart and sync in any order end with the same view (domain/changes.py).

The property of issue 16: any set of changes made on three copies, synced in any order and
any number of times, gives the same view on every copy, equal to applying all changes once.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.domain.changes import Change, HybridClock, view_of

ENTITIES = ("item:a", "item:b", "member:m")
FIELDS = ("text", "owner", "done")
DEVICES = ("chair", "notes", "laptop2")

#: One step: a copy sets a field, deletes an entity, pulls another copy's changes, or its
#: clock moves (by a few ms, or back: a machine whose clock is wrong).
step = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 2), st.sampled_from(ENTITIES),
              st.sampled_from(FIELDS), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.sampled_from(ENTITIES)),
    st.tuples(st.just("pull"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("clock"), st.integers(0, 2), st.integers(-50, 50)),
)


class Copy:
    def __init__(self, device: str) -> None:
        self.time = 1_000_000.0
        self.clock = HybridClock(device, lambda: self.time)
        self.known: set[Change] = set()

    def make(self, change: Change) -> None:
        self.known.add(change)

    def pull(self, other: Copy) -> None:
        new = other.known - self.known
        self.clock.witness(change.stamp for change in new)
        self.known |= new


def _run(steps: list[tuple[object, ...]]) -> list[Copy]:
    copies = [Copy(device) for device in DEVICES]
    for kind, who, *rest in steps:
        copy = copies[who]  # type: ignore[index]
        if kind == "set":
            entity, field, value = rest
            copy.make(copy.clock.set(entity, field, value))  # type: ignore[arg-type]
        elif kind == "delete":
            copy.make(copy.clock.delete(rest[0]))  # type: ignore[arg-type]
        elif kind == "pull":
            copy.pull(copies[rest[0]])  # type: ignore[index]
        else:
            copy.time += rest[0] / 1000  # type: ignore[operator]
    return copies


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(st.lists(step, max_size=60), st.randoms(use_true_random=False))
def test_copies_synced_in_any_order_agree_with_all_changes_applied_once(
        steps: list[tuple[object, ...]], order: random.Random) -> None:
    copies = _run(steps)
    everything = set().union(*(copy.known for copy in copies))
    # sync rounds in a random order until every copy has seen everything
    while any(copy.known != everything for copy in copies):
        a, b = order.sample(range(3), 2)
        copies[a].pull(copies[b])
    expected = view_of(everything)
    for copy in copies:
        changes = list(copy.known)
        order.shuffle(changes)
        assert view_of(changes + changes[: len(changes) // 2]) == expected  # repeats too


def test_a_change_made_after_syncing_wins_even_on_a_slow_clock() -> None:
    ahead, behind = Copy("chair"), Copy("notes")
    ahead.time += 3600  # an hour ahead of the other machine
    ahead.make(ahead.clock.set("item:a", "owner", "Mei"))
    behind.pull(ahead)
    behind.make(behind.clock.set("item:a", "owner", "Dan"))  # reassigned after seeing it
    ahead.pull(behind)
    assert view_of(ahead.known)["item:a"]["owner"] == "Dan"


def test_an_edit_after_a_deletion_brings_the_item_back_and_a_later_deletion_wins() -> None:
    here, there = Copy("chair"), Copy("notes")
    here.make(here.clock.set("item:a", "text", "Call two integrators"))
    there.pull(here)
    there.make(there.clock.delete("item:a"))
    here.time += 0.005
    here.make(here.clock.set("item:a", "done", True))  # marked done here, after the delete
    here.pull(there)
    assert view_of(here.known) == {"item:a": {"text": "Call two integrators", "done": True}}
    there.pull(here)
    there.time += 1
    there.make(there.clock.delete("item:a"))
    here.pull(there)
    assert view_of(here.known) == {} == view_of(there.known)
    assert any("text" in change.values for change in here.known), "kept in the log"


def test_members_added_on_both_copies_are_all_kept() -> None:
    one, two = Copy("chair"), Copy("notes")
    one.make(one.clock.set("member:x", "name", "Ada"))
    two.make(two.clock.set("member:y", "name", "Bo"))
    one.pull(two)
    two.pull(one)
    assert view_of(one.known) == view_of(two.known) == {
        "member:x": {"name": "Ada"}, "member:y": {"name": "Bo"}}
