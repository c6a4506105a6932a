"""First run: the name box has the focus, so typing the group's name just works; the sample
group is one key; the welcome text reflows to the width."""

from __future__ import annotations

from pathlib import Path

import pytest

from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.home import HomeScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime


async def test_typing_a_name_first_founds_the_group(tmp_path: Path,
                                                    fake_time: FakeTime) -> None:
    store = Store.open(tmp_path / "store")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "Great Lakes CIOs":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [g.name for g in store.groups()] == ["Great Lakes CIOs"]  # not the sample


async def test_ctrl_s_loads_the_sample(tmp_path: Path, fake_time: FakeTime) -> None:
    store = Store.open(tmp_path / "store")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(store.groups()[0].members) == 8


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_welcome_text_reflows(tmp_path: Path, fake_time: FakeTime,
                                        width: int) -> None:
    app = create_app(Store.open(tmp_path / "store"), fake_time, today=TODAY)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        intro = app.screen.query_one("#intro")
        lines = [s.text.rstrip() for s in intro.render_lines(intro.region.reset_offset)]
        words = [line for line in lines if line.strip()]
        # a paragraph's lines fill the box; a short line only ends a paragraph
        short = [n for n, line in enumerate(lines[:-1])
                 if line.strip() and len(line.strip()) < intro.region.width - 15
                 and lines[n + 1].strip()]
        assert words and not short, lines


def footer_keys(app: object) -> list[str]:
    from textual.widgets import Footer

    screen = app.screen  # type: ignore[attr-defined]
    footer = screen.query_one(Footer)
    return [str(key.description) for key in footer.query("FooterKey")]


async def test_a_new_groups_home_says_what_comes_next_and_offers_only_what_applies(
        tmp_path: Path, fake_time: FakeTime) -> None:
    from peertui.services.groups import new_group

    store = Store.open(tmp_path / "store")
    new_group(store, "Great Lakes CIOs")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = footer_keys(app)
        assert "Resume meeting" not in keys  # nothing runs
        assert "Rhythm" in keys
        shown = str(app.screen.query_one("#in-progress").render())
        assert "add your members" in shown
        assert "0 members" in str(app.screen.query_one("#group-title").render())
        from peertui.domain.models import Member

        group = store.groups()[0]
        group.members.append(Member(name="Priya Raman"))
        store.save_group(group)
        app.reload_group()
        await pilot.pause()
        assert str(app.screen.query_one("#group-title").render()).endswith("1 member")


async def test_resume_appears_when_a_meeting_is_in_progress(
        store: Store, fake_time: FakeTime) -> None:
    from peertui.services.live import LiveMeeting
    from peertui.services.meetings import create_meeting, new_meeting
    from peertui.services.sample import load_sample

    group = load_sample(store, TODAY)
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[0], "Resume me", TODAY)
    create_meeting(store, record)
    LiveMeeting(store, record.id, fake_time).act("start")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.pop_screen()  # the app reopened on the running meeting; home is under it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Resume meeting" in footer_keys(app)
