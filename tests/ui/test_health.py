"""The group's health and share of voice on screen: the health view (h on home), the
meeting detail's Voice tab and the roster's Voice column with its quiet mark, each at
80x24 and 200x60."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from msgspec.structs import replace
from textual.widgets import DataTable

from peertui.domain.clock import make_event
from peertui.domain.models import Group
from peertui.domain.records import Item, Meeting, Rating
from peertui.services.health import health_points
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.health import HealthScreen
from peertui.ui.screens.review.meeting import MeetingDetailScreen
from peertui.ui.screens.roster import RosterScreen
from peertui.ui.widgets.trend_chart import TrendChart, chart_rows
from peertui.ui.widgets.voice_chart import VoiceChart
from tests.conftest import TODAY
from tests.fakes import FakeTime

SIZES = [(80, 24), (200, 60)]


def _ran(group: Group, day: date, quiet_id: str, *, rating: int,
         tags: tuple[str, ...]) -> tuple[Meeting, list[Item]]:
    """An ended meeting of everyone: each timebox runs its plan, *quiet_id*'s only 10 s."""
    assert group.template is not None
    ids = [m.id for m in group.members if m.active]
    planned = new_meeting(group, group.template, ids, ids[0], "Topic", day)
    at = datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC).timestamp()
    events = [make_event("start", at)]
    for slot in planned.slots[:-1]:
        at += 10 if slot.speaker_id == quiet_id else slot.planned
        events.append(make_event("next", at))
    events.append(make_event("end", at + 60))
    items = [Item(id=f"{day}-{n}", kind="recommendation", text="x", giver_id=ids[1],
                  recipient_id=ids[0], tag=tag)  # type: ignore[arg-type]
             for n, tag in enumerate(tags)]
    rated = {m: Rating(score=rating) for m in ids}
    return replace(planned, events=tuple(events), rating=rated), items


def _store_with_history(store: Store) -> tuple[Group, str]:
    """The sample group plus two later meetings at which its last member barely spoke."""
    group = load_sample(store, TODAY)
    quiet = [m for m in group.members if m.active][-1].id
    for weeks, rating, tags in ((6, 7, ("advice", "experience")),
                                (2, 9, ("experience", "experience", "advice", ""))):
        meeting, items = _ran(group, TODAY - timedelta(weeks=weeks), quiet, rating=rating,
                              tags=tags)
        create_meeting(store, meeting)
        for item in items:
            store.add_item(meeting.id, item)
        refresh_summary(store, meeting.id)
    return group, quiet


def test_health_points_line_say_do_up_with_the_latest_meetings() -> None:
    old = Meeting(id="a", group_id="g", date="2026-07-01",
                  rating={"x": Rating(score=6), "y": Rating(score=8)})
    new = Meeting(id="b", group_id="g", date="2026-09-01")
    recs = [Item(id="1", kind="recommendation", text="t", giver_id="x", tag="experience"),
            Item(id="2", kind="recommendation", text="t", giver_id="y", tag="advice")]
    points = health_points([(old, ()), (new, tuple(recs))], say_do=[0.75])
    assert [(p.rating, p.experience, p.say_do) for p in points] == [
        (7.0, None, None), (None, 0.5, 0.75)]


def test_the_chart_draws_each_value_on_the_fixed_scale() -> None:
    rows = chart_rows([10.0, 1.0, None, 7.75], low=1, high=10, rows=2)
    assert rows == ["███         ▄▄▄",
                    "███      ·  ███"]
    assert chart_rows([1.5], 1, 10, rows=1) == ["▁▁▁"]  # above the floor always shows


@pytest.mark.parametrize("size", SIZES)
async def test_the_health_view_charts_the_last_meetings(store: Store, fake_time: FakeTime,
                                                        size: tuple[int, int]) -> None:
    _store_with_history(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HealthScreen)
        rating = str(screen.query_one("#health-rating", TrendChart).render())
        top, middle, foot = rating.splitlines()
        assert foot == " 1 ┤ ·  ███ ███"  # the sample meeting is unrated; then 7 and 9
        assert (top, middle) == ("10 ┤        ▅▅▅", "   ┤    ███ ███")  # 7 and 9 of 10
        table = screen.query_one(DataTable)
        # say/do from the ledger: Priya's checklist fell due on the day of the last meeting,
        # not done (0 of 1); nothing had fallen due at the two before it
        say_do = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert say_do == ["0%", "—", "—"]
        assert screen.query_one("#health-say-do", TrendChart).display
        assert table.row_count == 3  # the sample's meeting and the two after it
        assert [str(c) for c in table.get_row_at(0)] == [
            (TODAY - timedelta(weeks=2)).isoformat(), "9.0/10", "0%", "50%"]
        words = str(screen.query_one("#health-rating-words").render())
        assert words == "Meeting rating: 9.0/10 last, from 7.0/10 (2 meetings)"
        for widget in screen.query("#health-title, .health-trend, #health-nudge"):
            assert widget.region.right <= size[0]  # nothing drawn past the edge


async def test_n_turns_the_advice_nudge_on_and_off_and_saves_it(store: Store,
                                                                fake_time: FakeTime) -> None:
    group, _ = _store_with_history(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "n")
        await pilot.pause()
        saved = store.group(group.id)
        assert saved is not None and saved.advice_nudge
        assert app.group is not None and app.group.advice_nudge  # the form sees it now
        assert "is on" in str(app.screen.query_one("#health-nudge").render())
        await pilot.press("n")
        await pilot.pause()
        saved = store.group(group.id)
        assert saved is not None and not saved.advice_nudge


@pytest.mark.parametrize("size", SIZES)
async def test_the_meeting_detail_draws_the_share_of_voice(store: Store,
                                                           fake_time: FakeTime,
                                                           size: tuple[int, int]) -> None:
    group, quiet = _store_with_history(store)
    latest = max(store.meetings(group.id), key=lambda s: s.date)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        app.push_screen(MeetingDetailScreen(latest.id))
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        chart = app.screen.query_one(VoiceChart)
        assert chart.region.width > 0
        text = chart.render().plain  # type: ignore[union-attr]
        lines = text.splitlines()
        names = [m.name for m in group.members if m.active]
        assert len(lines) == 2 + len(names)  # title, legend, then one bar per member
        quiet_name = group.name_of(quiet)
        quiet_line = next(line for line in lines if line.startswith(quiet_name[:15]))
        assert quiet_line.rstrip().endswith("quiet")
        assert all(len(line) <= chart.region.width for line in lines)
        presenter_line = next(line for line in lines if line.startswith(names[0][:15]))
        assert presenter_line.count("█") > quiet_line.count("█")


async def test_the_roster_marks_a_member_quiet_two_meetings_running(
        store: Store, fake_time: FakeTime) -> None:
    group, quiet = _store_with_history(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(200, 60)) as pilot:
        app.push_screen(RosterScreen())
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        voice_col, flags_col = labels.index("Voice"), labels.index("Flags")
        quiet_row = [str(c) for c in table.get_row(quiet)]
        assert "quiet 2" in quiet_row[flags_col]
        assert len(quiet_row[voice_col]) == 3  # a spark per meeting: sample and two more
        others = [m.id for m in group.members if m.active and m.id != quiet]
        assert all("quiet" not in str(table.get_row(m)[flags_col]) for m in others)


async def test_member_voice_trend_is_one_line_for_any_screen(store: Store,
                                                            fake_time: FakeTime) -> None:
    """What the member view adds with `yield MemberVoiceTrend(member_id)`."""
    from textual.app import ComposeResult
    from textual.widgets import Label

    from peertui.ui.base import PeerScreen
    from peertui.ui.widgets.voice_chart import MemberVoiceTrend

    _, quiet = _store_with_history(store)

    class Holder(PeerScreen[None]):
        def compose(self) -> ComposeResult:
            yield MemberVoiceTrend(quiet)

    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(Holder())
        await pilot.pause()
        chart = app.screen.query_one("#member-voice-spark", TrendChart)
        top, foot = str(chart.render()).splitlines()  # three meetings, on a fixed 0-50% scale
        assert chart.display and top.startswith("50% ┤") and foot.startswith(" 0% ┤")
        assert len(foot.split("┤", 1)[1].split()) == 3
        words = str(app.screen.query_one("#member-voice-line", Label).render())
        assert words == "last 1% of the speaking time · quiet 2 meetings running"
