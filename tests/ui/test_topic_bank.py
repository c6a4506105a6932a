"""Pilot tests: the topic bank from home, and setup's suggestion that reads it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, Label, Select, Static

from peertui.services.sample import load_sample
from peertui.services.topics import add_topic
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from peertui.ui.screens.dialogs import Confirm
from peertui.ui.screens.topic_form import TopicForm
from peertui.ui.screens.topics import TopicBankScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import notifications, type_into

SIZES = [(80, 24), (200, 60)]


def _app(store: Store, fake_time: FakeTime) -> PeerApp:
    return create_app(store, fake_time, today=TODAY)


def _rows(app: PeerApp) -> list[list[str]]:
    table = app.screen.query_one("#bank-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _fits(app: PeerApp, selector: str) -> None:
    """The widget is inside the terminal: nothing of it is cut at the right or bottom."""
    region = app.screen.query_one(selector).region
    width, height = app.size
    assert region.width > 0 and region.right <= width and region.bottom <= height, region


@pytest.mark.parametrize("size", SIZES)
async def test_the_bank_lists_waiting_then_taken_and_adds_a_topic(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    group = load_sample(store, TODAY)
    priya = group.members[1]
    add_topic(store, group.id, priya.id, "ERP vendor exit", "A", TODAY - timedelta(weeks=5))
    app = _app(store, fake_time)
    async with app.run_test(size=size) as pilot:
        said = notifications(app)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, TopicBankScreen)
        assert _rows(app) == [["Priya Raman", "A", "5 weeks", "ERP vendor exit"]]
        assert "Priya Raman: their topic 'ERP vendor exit' is marked A" in \
            str(app.screen.query_one("#bank-suggestion", Static).render())
        _fits(app, "#bank-table")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TopicForm)
        _fits(app, "#topic-form")
        await type_into(pilot, "#topic-issue", "Board wants AI")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # no member chosen: the form says so and keeps the words
        assert "Choose whose topic it is." in str(form.query_one("#topic-error", Label)
                                                  .render())
        assert form.query_one("#topic-issue", Input).value == "Board wants AI"
        form.query_one("#topic-member", Select).value = group.members[2].id
        form.query_one("#topic-urgency", Select).value = "C"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TopicBankScreen)
        assert _rows(app)[1] == ["Tom Becker", "C", "this week", "Board wants AI"]
        assert "Added to the bank: Tom Becker, 'Board wants AI' (C)." in said
    saved = store.group(group.id)
    assert saved is not None and [t.issue for t in saved.topics] == \
        ["ERP vendor exit", "Board wants AI"]


async def test_edit_and_drop_from_the_bank(store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    add_topic(store, group.id, group.members[0].id, "Cloud exit", "B", TODAY)
    app = _app(store, fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TopicForm)
        issue = form.query_one("#topic-issue", Input)
        issue.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Write the issue in one line" in str(form.query_one("#topic-error", Label)
                                                    .render())
        issue.value = "Cloud exit, phase two"
        form.query_one("#topic-urgency", Select).value = "A"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [_rows(app)[0][i] for i in (1, 3)] == ["A", "Cloud exit, phase two"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert _rows(app) == []
    assert store.group(group.id).topics == []  # type: ignore[union-attr]


async def test_a_taken_topic_is_not_dropped(store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    from peertui.services.topics import take_topic

    topic = add_topic(store, group.id, group.members[0].id, "Plants", "B", TODAY)
    past = store.meetings(group.id)[0]
    take_topic(store, group.id, topic.id, past.id)
    app = _app(store, fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        said = notifications(app)
        await pilot.press("b")
        await pilot.pause()
        assert _rows(app) == [["Art Delgado", "B", f"taken {past.date}", "Plants"]]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TopicBankScreen)
        assert any("stays, as the link to that meeting" in s for s in said)
    assert len(store.group(group.id).topics) == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("size", SIZES)
async def test_setup_suggests_the_a_topic_says_why_and_links_it(
        store: Store, fake_time: FakeTime, size: tuple[int, int]) -> None:
    from peertui.ui.screens.setup import SetupScreen

    group = load_sample(store, TODAY)
    priya = group.members[1]
    chosen = add_topic(store, group.id, priya.id, "ERP vendor exit", "A",
                       TODAY - timedelta(weeks=5))
    app = _app(store, fake_time)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert setup.presenter() == priya.id
        reason = str(setup.query_one("#presenter-reason", Label).render())
        assert reason.startswith("Priya Raman: their topic 'ERP vendor exit' is marked A "
                                 "(needs the group now), waiting 5 weeks")
        _fits(app, "#presenter-reason")
        assert setup.query_one("#topic", Input).value == "ERP vendor exit"
        # another presenter: their (empty) bank leaves no topic; back again fills it
        setup.query_one("#presenter", Select).value = group.members[3].id
        await pilot.pause()
        assert setup.query_one("#topic", Input).value == ""
        assert str(setup.query_one("#presenter-reason", Label).render()).startswith(
            "Suggested: Priya Raman")
        setup.query_one("#presenter", Select).value = priya.id
        await pilot.pause()
        assert setup.query_one("#topic", Input).value == "ERP vendor exit"
        await pilot.press("f2")
        await pilot.pause()
    meeting = store.meetings(group.id)[-1]
    record = store.meeting(meeting.id)
    assert record is not None and record.topic_id == chosen.id
    assert record.topic == "ERP vendor exit"
    taken = store.group(group.id).topics[0]  # type: ignore[union-attr]
    assert taken.taken_in == meeting.id


async def test_setup_with_typed_words_keeps_them_and_no_topic_no_link(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.ui.screens.setup import SetupScreen

    group = load_sample(store, TODAY)
    app = _app(store, fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        reason = str(setup.query_one("#presenter-reason", Label).render())
        suggested = group.name_of(setup.presenter())
        assert reason.startswith(f"{suggested}: ")  # the rotation's pick, and why
        await pilot.press("f2")
        await pilot.pause()
    record = store.meeting(store.meetings(group.id)[-1].id)
    assert record is not None and record.topic_id == ""
