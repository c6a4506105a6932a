"""The fixed sample store the review tests share: the sample group, deterministic ids,
and a few extra items (private ones of every kind, a follow-through entry)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from msgspec.structs import replace

from peertui.domain.records import Item, ItemKind, OutcomeEntry
from peertui.services.meetings import refresh_summary
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from tests.conftest import TODAY
from tests.fakes import FakeTime

SIZE = (120, 36)
WORKER_GROUPS = ("actions-list", "followups-load", "search", "search-warm")
SECRET = "SECRET-"


@contextmanager
def fixed_ids() -> Iterator[None]:
    """new_id() returns 0000000000000001, ...0002, ... so exports can be compared to files."""
    counter = itertools.count(1)
    real = uuid.uuid4
    uuid.uuid4 = lambda: uuid.UUID(int=next(counter) << 64)  # type: ignore[assignment]
    try:
        yield
    finally:
        uuid.uuid4 = real  # type: ignore[assignment]


def _extra(kind: ItemKind, text: str, **fields: Any) -> Item:
    return Item(id=f"extra-{kind}-{len(text)}", kind=kind, text=text,
                at="2026-09-18T18:20:00.000000+00:00", slot_index=22,
                segment_key="reflection", segment_title="Reflection and commitments",
                status="open" if kind == "action" else "", **fields)


def build_sample(store: Store) -> dict[str, str]:
    """The sample plus private items of each kind; returns member ids by first name."""
    with fixed_ids():
        group = load_sample(store, TODAY)
    names = {m.name.split()[0]: m.id for m in group.members}
    meeting_id = store.meetings()[0].id
    extras = [
        _extra("recommendation", f"{SECRET}rec: talk to my lawyer first", private=True,
               giver_id=names["Tom"], recipient_id=names["Art"]),
        _extra("action", f"{SECRET}action: check the severance terms", private=True,
               owner_id=names["Art"], due="2026-12-01"),
        _extra("decision", f"{SECRET}decision: nobody mentions the sale", private=True),
        _extra("note", "Kwame's warehouse ran SAP since 1998; the oldest in the room.",
               speaker_id=names["Kwame"]),
    ]
    for item in extras:
        store.add_item(meeting_id, item)
    log = (
        OutcomeEntry(id="log-1", at="2026-10-20T09:00:00.000000+00:00", date="2026-10-20",
                     text="Board approved the phased plan."),
        OutcomeEntry(id="log-2", at="2026-10-21T09:00:00.000000+00:00", date="2026-10-21",
                     text=f"{SECRET}log: the CFO is leaving", private=True),
    )
    store.change_meeting(meeting_id, lambda record: replace(record, outcome_log=log))
    refresh_summary(store, meeting_id)
    return names


@pytest.fixture(autouse=True)
def exports_folder(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app's default exports folder, inside the test's own temporary folder."""
    folder = tmp_path / "exports"
    monkeypatch.setenv("PEERTUI_EXPORTS", str(folder))
    return folder


@pytest.fixture
def sample(store: Store) -> dict[str, str]:
    return build_sample(store)


@pytest.fixture
def meeting_id(store: Store, sample: dict[str, str]) -> str:
    return store.meetings()[0].id


@pytest.fixture
def app(store: Store, fake_time: FakeTime, sample: dict[str, str]) -> PeerApp:
    return create_app(store, fake_time, today=TODAY)


async def settle(pilot: Any) -> None:
    """Let the review screens' thread workers finish and their results reach the screen."""
    await pilot.pause()
    mine = [w for w in pilot.app.workers if w.group in WORKER_GROUPS]
    await pilot.app.workers.wait_for_complete(mine)
    await pilot.pause()
