"""Changes from several copies of a store, merged into one view the same way on every copy.

The ground for syncing copies through git (issue 16): each copy appends the changes it makes
to a log of its own, so git only ever adds files and never merges inside one.  A copy's view
is rebuilt from the union of every log it has seen, by a rule per field that does not depend
on the order the logs arrived in:

- every change carries a Stamp from a hybrid logical clock: the wall clock in milliseconds,
  a counter for changes within one millisecond or behind a clock seen from elsewhere, and
  the device, so any two changes are ordered, on every copy alike;
- a field's value is the one of its latest change (the later change wins);
- a deletion is a change too, kept as a marker: an entity is shown when its latest change
  is not a deletion, so an edit made after it was deleted elsewhere brings it back with
  everything it had, and a deletion after every edit removes it.  Nothing is ever dropped
  from the logs, so a deleted entity stays recoverable.

Not wired into the store yet: the store still keeps one file per meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import msgspec

DELETED = "~deleted"  # the field a deletion marker is written to


class Stamp(msgspec.Struct, frozen=True, order=True):
    """When a change was made, in an order every copy agrees on."""

    wall_ms: int
    counter: int
    device: str


class Change(msgspec.Struct, frozen=True):
    """One field of one entity ("item:<id>", "member:<id>") set to a value, or a deletion."""

    stamp: Stamp
    entity: str
    field: str
    value: Any = None


class HybridClock:
    """Stamps for one device: never behind its own last stamp or any stamp it has seen, so a
    change made after reading another copy's is ordered after it even if this machine's
    clock runs slow."""

    def __init__(self, device: str, now: Callable[[], float]) -> None:
        self.device = device
        self.now = now
        self.last = Stamp(0, 0, device)

    def stamp(self) -> Stamp:
        wall = int(self.now() * 1000)
        if wall > self.last.wall_ms:
            self.last = Stamp(wall, 0, self.device)
        else:
            self.last = Stamp(self.last.wall_ms, self.last.counter + 1, self.device)
        return self.last

    def witness(self, seen: Iterable[Stamp]) -> None:
        """Changes from elsewhere were read: the next stamp comes after all of them."""
        latest = max(seen, default=None, key=lambda s: (s.wall_ms, s.counter))
        if latest is not None and (latest.wall_ms, latest.counter) > (self.last.wall_ms,
                                                                        self.last.counter):
            self.last = Stamp(latest.wall_ms, latest.counter, self.device)

    def set(self, entity: str, field: str, value: Any) -> Change:
        return Change(self.stamp(), entity, field, value)

    def delete(self, entity: str) -> Change:
        return Change(self.stamp(), entity, DELETED, True)


View = dict[str, dict[str, Any]]


def view_of(changes: Iterable[Change]) -> View:
    """The entities shown and their fields, from any collection of changes in any order
    (each counted once however often it arrived)."""
    latest: dict[tuple[str, str], Change] = {}
    newest: dict[str, Change] = {}  # each entity's latest change of any field
    for change in changes:
        key = (change.entity, change.field)
        kept = latest.get(key)
        if kept is None or change.stamp > kept.stamp:
            latest[key] = change
        last = newest.get(change.entity)
        if last is None or change.stamp > last.stamp:
            newest[change.entity] = change
    view: View = {}
    for (entity, field), change in sorted(latest.items()):
        if newest[entity].field == DELETED or field == DELETED:
            continue
        view.setdefault(entity, {})[field] = change.value
    for entity, last in newest.items():  # shown, though every field it had was deleted
        if last.field != DELETED:
            view.setdefault(entity, {})
    return dict(sorted(view.items()))
