"""Property test: any text the user types survives a save and a fresh read unchanged."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peertui.store import Store

# Every code point, including control characters, RTL marks and lone surrogates.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
VALUES = st.recursive(
    ANY_TEXT | st.booleans() | st.none() | st.integers(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
_counter = itertools.count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    fields=st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=8),
    extra=st.dictionaries(ANY_TEXT, VALUES, max_size=3),
)
def test_item_dicts_of_any_text_round_trip(
    tmp_path: Path, fields: dict[str, str], extra: dict[str, Any]
) -> None:
    store = Store.open(tmp_path / "prop")  # reopened each example: reads come from disk
    meeting = f"m{next(_counter)}"
    store.create_meeting({"id": meeting, "title": next(iter(fields), "")}, {})
    item = {**fields, **extra, "id": "item"}
    store.add_item(meeting, item)
    assert store.list_items(meeting) == [item]
    assert Store.open(store.root).list_items(meeting) == [item]
