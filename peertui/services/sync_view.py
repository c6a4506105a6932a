"""A store seen as the entities a sync exchanges, and a merged view written back into it.

Entities, each a flat set of fields (domain/changes.py merges them field by field):

- ``group:<group>``: the group's own fields (name, cadence, templates...);
- ``member:<group>/<member>`` and ``topic:<group>/<topic>``: one per roster line and per
  topic, so members or topics added on two copies are all kept;
- ``meeting:<meeting>``: the meeting record (its plan, its clock events from its one driver,
  its ratings);
- ``item:<meeting>/<item>``: one per note, recommendation, action or decision.

Values are the records' own JSON (msgspec builtins), so a value read back from a log
compares equal to the same value read from the store.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from peertui.domain.changes import Merged
from peertui.domain.models import Group
from peertui.domain.records import Item, Meeting
from peertui.store import Store, StoreError
from peertui.store.layout import index_path, meeting_path
from peertui.store.listing import meeting_tokens

Fields = dict[str, Any]
GROUP, MEMBER, TOPIC, MEETING, ITEM = "group", "member", "topic", "meeting", "item"
_PARTS = {"members": MEMBER, "topics": TOPIC}  # a group's lists kept as entities of their own


GROUP_KINDS = frozenset((GROUP, MEMBER, TOPIC))
INDEX_KEY = "index"  # Scope.files' key for the index (the groups' file); meetings by id


def kind_of(entity: str) -> str:
    return entity.split(":", 1)[0]


def owner_of(entity: str) -> str:
    """The group or meeting an entity belongs to (its own id for a group or a meeting)."""
    return entity.split(":", 1)[1].split("/", 1)[0]


@dataclass(frozen=True)
class Scope:
    """The entities one step of a sync looks at: the files that changed since the last sync
    and the owners that other copies changed, so a sync of a ten-year history reads only
    what moved (a meeting file unchanged since it matched the logs holds no edit)."""

    everything: bool = False
    groups: bool = False  # every group, member and topic (the index changed)
    owners: frozenset[str] = frozenset()  # meetings and groups by id

    def __contains__(self, entity: object) -> bool:
        if self.everything:
            return True
        assert isinstance(entity, str)
        return (self.groups and kind_of(entity) in GROUP_KINDS) or owner_of(entity) in self.owners

    def meetings(self, found: Iterable[str]) -> list[str]:
        return sorted(found) if self.everything else sorted(set(found) & self.owners)

    def with_owners(self, owners: Iterable[str]) -> Scope:
        return Scope(self.everything, self.groups, self.owners | frozenset(owners))


ALL = Scope(everything=True)
Tokens = dict[str, list[int]]


def file_tokens(store: Store) -> Tokens:
    """The fingerprint of every file entities come from, as a sync state keeps it."""
    from peertui.store.records import stat_key

    found = {name: list(token) for name, token in meeting_tokens(store.root).items()
             if token is not None}
    index = stat_key(index_path(store.root))
    if index is not None:
        found[INDEX_KEY] = list(index)
    return found


def changed_since(before: Tokens, now: Tokens) -> Scope:
    """The files made, changed or gone since *before* (empty: everything is new)."""
    if not before:
        return ALL
    owners = {name for name in set(before) | set(now) if before.get(name) != now.get(name)}
    return Scope(groups=INDEX_KEY in owners, owners=frozenset(owners - {INDEX_KEY}))


@dataclass
class Snapshot:
    """What a store holds now, as entities in the store's own order, each with the moment
    its file was last saved (when its changes count as made)."""

    entities: dict[str, Fields] = field(default_factory=dict)
    saved_at: dict[str, float] = field(default_factory=dict)
    unreadable: list[StoreError] = field(default_factory=list)

    @property
    def skipped(self) -> set[str]:
        """Meetings whose file could not be read: a sync neither sends nor overwrites them."""
        return {error.path.stem for error in self.unreadable if error.path.suffix == ".json"}

    def put(self, entity: str, values: Fields, saved_at: float) -> None:
        self.entities[entity] = values
        self.saved_at[entity] = saved_at


def _mtime(path: os.PathLike[str]) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _builtins(record: object) -> Fields:
    """The record as its JSON reads back (tuples as lists), so it compares equal to the
    same value read from a log."""
    data = msgspec.json.decode(msgspec.json.encode(record))
    assert isinstance(data, dict)
    return data


def snapshot(store: Store, scope: Scope = ALL) -> Snapshot:
    """The entities the store holds (those in *scope*).  Call it under the store's lock, so
    no save lands between two files read."""
    found = Snapshot()
    saved = _mtime(index_path(store.root))
    for group in store.groups():
        fields = _builtins(group)
        parts = {name: fields.pop(name) for name in _PARTS}
        head = f"{GROUP}:{group.id}"
        if head not in scope:
            continue
        found.put(head, fields, saved)
        for name, kind in _PARTS.items():
            for part in parts[name]:
                found.put(f"{kind}:{group.id}/{part['id']}", part, saved)
    for meeting_id in scope.meetings(meeting_tokens(store.root)):
        try:
            doc = store.meeting_doc(meeting_id)
        except StoreError as error:
            found.unreadable.append(error)
            continue
        if doc is None:  # purged since the folder was listed
            continue
        meeting, items = doc
        saved = _mtime(meeting_path(store.root, meeting_id))
        found.put(f"{MEETING}:{meeting_id}", _builtins(meeting), saved)
        for item in items:
            found.put(f"{ITEM}:{meeting_id}/{item.id}", _builtins(item), saved)
    return found


@dataclass
class Applied:
    """What writing a merged view changed in the store."""

    meetings: int = 0
    groups: int = 0
    removed: int = 0


def apply_view(store: Store, merged: Merged, local: Snapshot) -> Applied:
    """Write into *store* every group and meeting whose merged entities differ from what it
    holds (*local*, read under the same lock), in the order entities were first made."""
    view = merged.view()
    touched = {owner_of(name) for name in set(view) | set(local.entities)
               if view.get(name) != local.entities.get(name)}
    touched -= local.skipped
    result = Applied()
    by_owner: dict[str, list[str]] = {}
    for name in view:
        by_owner.setdefault(owner_of(name), []).append(name)
    for owner in sorted(touched):
        names = by_owner.get(owner, [])
        heads = [n for n in names if kind_of(n) in (GROUP, MEETING)]
        if not heads:
            if any(kind_of(n) == MEETING for n in local.entities if owner_of(n) == owner):
                store.purge_meeting(owner)
                result.removed += 1
            continue  # parts whose group or meeting is gone stay in the logs, unshown
        head = heads[0]
        parts = _ordered([n for n in names if n != head], merged, view)
        if kind_of(head) == GROUP:
            fields = dict(view[head])
            for list_name, kind in _PARTS.items():
                fields[list_name] = [view[n] for n in parts if kind_of(n) == kind]
            store.save_group(msgspec.convert(fields, type=Group))
            result.groups += 1
        else:
            meeting = msgspec.convert(view[head], type=Meeting)
            items = tuple(msgspec.convert(view[n], type=Item) for n in parts)
            store.put_meeting(meeting, items)
            result.meetings += 1
    return result


def _ordered(names: Iterable[str], merged: Merged, view: dict[str, Fields]) -> list[str]:
    """Parts in one order on every copy: items by their moment (none last), then each
    entity by when it was first made."""
    def key(name: str) -> tuple[str, Any]:
        moment = view[name].get("at", "") if kind_of(name) == ITEM else ""
        return (moment or "\uffff", merged.first[name])

    return sorted(names, key=key)
