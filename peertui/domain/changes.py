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

The store keeps its own files as this copy's working view; services/sync.py turns what
changed in them since the last sync into changes, and writes the union's view back.
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


class Change(msgspec.Struct, frozen=True, array_like=True):
    """Some fields of one entity ("item:<meeting>/<id>", "member:<group>/<id>") set at one
    moment, or a deletion ({DELETED: True}).  Several fields to one change: a first sync
    of a long history writes one change per item, not one per field of every item."""

    stamp: Stamp
    entity: str
    values: dict[str, Any]

    @property
    def deletes(self) -> bool:
        return DELETED in self.values

    def __hash__(self) -> int:  # values is a dict: the stamp and entity say which change
        return hash((self.stamp, self.entity))


class HybridClock:
    """Stamps for one device: never behind its own last stamp or any stamp it has seen, so a
    change made after reading another copy's is ordered after it even if this machine's
    clock runs slow."""

    def __init__(self, device: str, now: Callable[[], float]) -> None:
        self.device = device
        self.now = now
        self.last = Stamp(0, 0, device)

    def stamp(self, at: float | None = None) -> Stamp:
        """The next stamp; *at* (seconds) is when the change was made if not now (a file's
        last save), never behind what this clock has already given or seen."""
        wall = int((self.now() if at is None else at) * 1000)
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

    def set(self, entity: str, field: str, value: Any, at: float | None = None) -> Change:
        return Change(self.stamp(at), entity, {field: value})

    def set_fields(self, entity: str, values: dict[str, Any],
                   at: float | None = None) -> Change:
        return Change(self.stamp(at), entity, dict(values))

    def delete(self, entity: str, at: float | None = None) -> Change:
        return Change(self.stamp(at), entity, {DELETED: True})


View = dict[str, dict[str, Any]]


class Merged:
    """The union of changes seen so far, per field the latest; adding changes in any order
    and any number of times ends in the same state (so it can be built up sync by sync)."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, tuple[Stamp, Any]]] = {}
        self.newest: dict[str, tuple[Stamp, bool]] = {}  # latest stamp, and is it a deletion
        self.first: dict[str, Stamp] = {}  # the earliest stamp: the order entities came in

    def add(self, changes: Iterable[Change]) -> None:
        for change in changes:
            stamp, entity = change.stamp, change.entity
            kept = self.fields.setdefault(entity, {})
            for field, value in change.values.items():
                old = kept.get(field)
                if old is None or stamp > old[0]:
                    kept[field] = (stamp, value)
            last = self.newest.get(entity)
            if last is None or stamp > last[0]:
                self.newest[entity] = (stamp, change.deletes)
            first = self.first.get(entity)
            if first is None or stamp < first:
                self.first[entity] = stamp

    def shown(self, entity: str) -> bool:
        last = self.newest.get(entity)
        return last is not None and not last[1]

    def entity(self, entity: str) -> dict[str, Any] | None:
        """The entity's fields, or None if it is not shown (never made, or deleted last)."""
        if not self.shown(entity):
            return None
        return {field: value for field, (_, value) in sorted(self.fields[entity].items())
                if field != DELETED}

    def view(self) -> View:
        found = {name: self.entity(name) for name in sorted(self.newest)}
        return {name: fields for name, fields in found.items() if fields is not None}

    def latest(self) -> Stamp | None:
        return max((stamp for stamp, _ in self.newest.values()), default=None)


def view_of(changes: Iterable[Change]) -> View:
    """The entities shown and their fields, from any collection of changes in any order
    (each counted once however often it arrived)."""
    merged = Merged()
    merged.add(changes)
    return merged.view()
