"""Working copies of cached histories, and seeding a meeting that is running right now."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from peertui.domain.agenda import default_template
from peertui.domain.clock import EventType
from peertui.domain.models import Group, Member
from peertui.services.groups import load_groups, save_group
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.store import Store


def copy_store(source: Path, target: Path) -> Store:
    """A private, writable copy of a (read-only, cached) store."""
    shutil.copytree(source, target, symlinks=True)
    return Store.open(target)


def encrypted_copy(source: Path, target: Path) -> Store:
    """A private copy of a plain history, encrypted as `peertui encrypt` does it, its key
    given to the unlock agent (as the first unlock does), so the apps and probes started
    on it open it the way every peertui after the first does: asking the agent."""
    from peertui.store import keywrap, unlock_agent
    from peertui.store.conversion import begin_sealing, convert
    from peertui.store.sealing import Sealer

    store = copy_store(source, target)
    sealer = Sealer.generate()
    begin_sealing(store, sealer, keywrap.wrap(sealer.secret(), "bench", work_factor=10))
    convert(store, sealer, "sealed")
    if not unlock_agent.offer(sealer.recipient, sealer.secret()):
        raise RuntimeError("the unlock agent did not start")
    return store


class SetTime:
    """A time source the seeding code moves by hand, to write events in the past."""

    def __init__(self, now: float) -> None:
        self.at = now

    def now(self) -> float:
        return self.at


def the_group(store: Store) -> Group:
    """The store's first group (the one the app opens on), made if the store has none."""
    groups = load_groups(store)
    if groups:
        return groups[0]
    names = ["Art Delgado", "Priya Raman", "Tom Becker", "Grace Okafor", "Mei Lin",
             "Dan Novak", "Sofia Rossi", "Kwame Mensah"]
    group = Group(name="Bench group", members=[Member(name=n) for n in names],
                  template=default_template())
    save_group(store, group)
    return group


def running_meeting(store: Store, started: float,
                    steps: Sequence[tuple[float, EventType]] = ()) -> LiveMeeting:
    """A meeting started at *started* (epoch s) with *steps* (offset s, event) after it."""
    group = the_group(store)
    present = [m.id for m in group.active_members][:9]
    record = new_meeting(group, group.template or default_template(), present,
                         present[0], "Bench deep dive", _day(started))
    create_meeting(store, record)
    clock = SetTime(started)
    live = LiveMeeting(store, record.id, clock)
    live.act("start")
    for offset, kind in steps:
        clock.at = started + offset
        live.act(kind)
    return live


def _day(ts: float):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).date()
