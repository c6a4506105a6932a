"""Property test: any text survives a save and a fresh read unchanged, but for control
characters, which the file keeps and a read shows as U+FFFD, one for one (see
tests/reliability/test_escapes.py): what is read is always safe to draw."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.domain.records import ITEM_KINDS, Item, Meeting, Outcome, OutcomeEntry
from peertui.domain.text import neutral
from peertui.store import Store

T = TypeVar("T")

# Every character, including control characters and RTL marks.  Lone surrogates are no
# characters: test_durability checks they are kept as U+FFFD.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
ID = ANY_TEXT.filter(bool)
_counter = itertools.count()


def _neutral_strings(value: Any) -> Any:
    if isinstance(value, str):
        return neutral(value)
    if isinstance(value, (list, tuple)):
        return [_neutral_strings(v) for v in value]
    if isinstance(value, dict):
        return {_neutral_strings(k): _neutral_strings(v) for k, v in value.items()}
    return value


def as_read(record: T) -> T:
    """The record as a read returns it: every string through domain.text.neutral."""
    return msgspec.convert(_neutral_strings(msgspec.to_builtins(record)), type=type(record))

ITEMS = st.builds(
    Item,
    id=ID,
    kind=st.sampled_from(ITEM_KINDS),
    text=ANY_TEXT,
    private=st.booleans(),
    at=ANY_TEXT,
    slot_index=st.integers(-(2**40), 2**40),
    segment_key=ANY_TEXT,
    segment_title=ANY_TEXT,
    speaker_id=st.none() | ANY_TEXT,
    owner_id=st.none() | ANY_TEXT,
    due_text=ANY_TEXT,
    by=ANY_TEXT,
    outcome=st.none() | st.builds(Outcome, status=st.sampled_from(["adopted", "tried"]),
                                  why=ANY_TEXT, at=ANY_TEXT),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    items=st.lists(ITEMS, max_size=4, unique_by=lambda i: i.id),
    topic=ANY_TEXT,
    framing=st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=3),
    log=ANY_TEXT,
)
def test_records_of_any_text_round_trip(
    tmp_path: Path, items: list[Item], topic: str, framing: dict[str, str], log: str
) -> None:
    store = Store.open(tmp_path / "prop")  # reopened each example: reads come from disk
    meeting_id = f"m{next(_counter)}"
    record = Meeting(id=meeting_id, group_id="g", date="2026-11-27", topic=topic,
                     framing=framing,
                     outcome_log=(OutcomeEntry(id="o", at="", text=log),))
    store.create_meeting(record)
    for item in items:
        store.add_item(meeting_id, item)
    for doc in (store.meeting_doc(meeting_id), Store.open(store.root).meeting_doc(meeting_id)):
        assert doc is not None
        saved, kept = doc
        assert saved == as_read(record)
        assert sorted(kept, key=msgspec.json.encode) == sorted(
            (as_read(item) for item in items), key=msgspec.json.encode)
        moments = [i.at for i in kept if i.at]  # in time order, as read back
        assert moments == sorted(moments)
    (summary,) = [m for m in Store.open(store.root).meetings() if m.id == meeting_id]
    assert summary.topic == neutral(topic) and sum(summary.counts.values()) == len(items)
