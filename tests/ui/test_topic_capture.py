"""'t:' in the live note box: the topic goes to the bank, is confirmed under the box, and is
saved as no item."""

from __future__ import annotations

from textual.widgets import Input, Label

from peertui.store import Store
from peertui.ui.screens.live.screen import LiveScreen
from tests.fakes import FakeTime
from tests.reliability.test_forms import live_app
from tests.ui.helpers import live_screen, member_id, type_into


def _line(screen: LiveScreen) -> str:
    return str(screen.query_one("#note-error", Label).render())


async def test_a_topic_typed_in_the_meeting_goes_to_the_bank(store: Store,
                                                            fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        await type_into(pilot, "#note-text", "t: Priya: ERP vendor exit, A")
        await pilot.pause()
        assert _line(screen) == ("Topic for the bank: member Priya Raman · urgency A (needs "
                                 "the group now)")  # before Enter
        await pilot.press("enter")
        await pilot.pause()
        assert store.items(screen.meeting_id) == ()  # not a note
        group = store.group(screen.live.record.group_id)
        assert group is not None
        [topic] = group.topics
        assert (topic.member_id, topic.issue, topic.urgency, topic.taken_in) == (
            member_id(app, "Priya"), "ERP vendor exit", "A", "")
        assert _line(screen).startswith("Topic saved to the bank: Priya Raman, "
                                        "'ERP vendor exit' (A).")
        assert screen.query_one("#note-text", Input).value == ""


async def test_a_topic_with_no_member_and_no_speaker_says_whose(store: Store,
                                                              fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)  # the welcome: nobody holds the floor
        await type_into(pilot, "#note-text", "t: ERP vendor exit")
        await pilot.pause()
        assert "whose?" in _line(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert _line(screen).startswith("Whose topic? Start with their name")
        assert screen.query_one("#note-text", Input).value == "t: ERP vendor exit"  # kept
        assert store.group(screen.live.record.group_id).topics == []  # type: ignore[union-attr]
        assert store.items(screen.meeting_id) == ()


async def test_a_topic_goes_to_the_speaker_of_the_moment(store: Store,
                                                        fake_time: FakeTime) -> None:
    async with live_app(store, fake_time) as (app, pilot):
        screen = live_screen(app)
        screen.live.act("next")  # the follow-ups
        screen.live.act("next")  # the updates round: its first speaker holds the floor
        speaker = screen.live.state().current.slot.speaker_id  # type: ignore[union-attr]
        assert speaker
        await type_into(pilot, "#note-text", "t: succession plan, c")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        [topic] = store.group(screen.live.record.group_id).topics  # type: ignore[union-attr]
        assert (topic.member_id, topic.issue, topic.urgency) == (speaker, "Succession plan",
                                                                 "C")
