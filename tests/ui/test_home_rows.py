"""Home's tables cut long text to fit; the highlighted row is read whole under its table
while that table has the focus (issue 13, part 2), and counts agree with their nouns."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Label, Static

from peertui.domain.models import Group
from peertui.services.groups import save_group
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.widgets.row_detail import counted
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import build_sample, settle

CHECKLIST = "Share the data-migration checklist"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_highlighted_open_item_is_shown_whole(store: Store, fake_time: FakeTime,
                                                       size: tuple[int, int]) -> None:
    build_sample(store)
    full = next(i.text for m in store.meetings() for i in store.items(m.id)
                if i.text.startswith(CHECKLIST))
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        table = home.query_one("#open-actions", DataTable)
        detail = home.query_one("#open-actions-detail", Static)
        assert not detail.display  # nothing taken from the screen until the table is used
        table.focus()
        await pilot.pause()
        row = next(i for i in range(table.row_count)
                   if str(table.get_row_at(i)[-1]).startswith(CHECKLIST))
        table.move_cursor(row=row)
        await pilot.pause()
        assert detail.display
        shown = " ".join(str(detail.render()).split())
        assert " ".join(full.split()) in shown
        assert "Priya Raman" in shown  # the owner, and the due date, too
        assert str(table.get_row_at(row)[0]) in shown
        assert detail.region.width > 0 and detail.region.bottom <= size[1]
        home.query_one("#new", Button).focus()
        await pilot.pause()
        assert not detail.display  # the table left: so does its detail line


async def test_past_meetings_row_is_shown_whole(store: Store, fake_time: FakeTime) -> None:
    build_sample(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        past = home.query_one("#past", DataTable)
        past.focus()
        await pilot.pause()
        topic = store.meetings()[0].topic
        shown = " ".join(str(home.query_one("#past-detail", Static).render()).split())
        assert " ".join(topic.split()) in shown


async def test_counts_agree_with_their_nouns(store: Store, fake_time: FakeTime) -> None:
    assert [counted(n, "member") for n in (0, 1, 2)] == ["0 members", "1 member", "2 members"]
    group = build_sample_group(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        title = str(app.screen.query_one("#group-title", Static).render())
        assert title.endswith("·  1 member")
        items = str(app.screen.query_one("#open-actions-title", Label).render())
        assert items == "Open action items: none"
    assert group.name in title


def build_sample_group(store: Store) -> Group:
    """The sample group with only its first member, and no meetings."""
    from peertui.services.sample import sample_group

    group = sample_group()
    group.members = group.members[:1]
    save_group(store, group)
    return group
