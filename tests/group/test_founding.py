"""Pilot tests: founding a group (its people join as members), adding someone once the
group has met (a candidate), and the status changes the edit form allows."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, Static

from peertui.services.groups import new_group
from peertui.services.roster import add_member
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.member_form import MemberForm
from peertui.ui.screens.roster import RosterScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import notifications, type_into

FOUNDERS = ["Ana Ruiz", "Ben Ode", "Cal Fry", "Dee Hart", "Eli Moss", "Fay Lund",
            "Gus Kirk", "Hal Penn", "Ivy Shaw"]


def _text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def _label(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Label).content)  # type: ignore[attr-defined]


async def _type(pilot: Pilot[None], text: str) -> None:
    for key in text:
        await pilot.press("space" if key == " " else key)


async def _highlight(pilot: Pilot[None], name: str) -> None:
    await pilot.pause()  # a form just closed: the roster shows itself anew first
    table = pilot.app.screen.query_one("#roster-table", DataTable)
    table.focus()
    names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    await pilot.press("ctrl+home")  # the top row (home alone is the first column)
    for _ in range(names.index(name)):
        await pilot.press("down")


async def _edit_status(pilot: Pilot[None], app: PeerApp, name: str, status: str) -> MemberForm:
    await _highlight(pilot, name)
    await pilot.press("e")
    form = app.screen
    assert isinstance(form, MemberForm)
    assert form.title_text == f"Edit {name}", form.title_text
    form.query_one("#status", Select).value = status
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form


def _status(app: PeerApp, name: str) -> str:
    group = app.group
    assert group is not None
    return next(m.status for m in group.members if m.name == name)


async def test_founders_typed_after_the_group_name_all_join_as_members(
        tmp_path: Path, fake_time: FakeTime) -> None:
    store = Store.open(tmp_path / "store")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        said = notifications(app)
        await _type(pilot, "Great Lakes CIOs")
        await pilot.press("enter")
        await pilot.pause()
        for count, name in enumerate(FOUNDERS, 1):
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, MemberForm)
            assert not form.query("#status")  # no choice to get wrong: the rule decides
            assert _label(form, "#joins-as").startswith(
                "Joins as a member: the group is being founded")
            await _type(pilot, name)
            if count == 1:  # a founder's joined date is checked, and what was typed stays
                form.query_one("#joined", Input).value = "31/12/2025"
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert "use YYYY-MM-DD" in _label(form, "#joined-error")
                assert form.query_one("#name", Input).value == name
                form.query_one("#joined", Input).value = ""
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert said[-1] == f"{name} added as a member."
            word = "member" if count == 1 else "members"
            assert f"{count} {word}" in _text(app.screen, "#group-title")
        group = app.group
        assert group is not None
        assert [(m.name, m.status, m.joined) for m in group.members] == \
            [(n, "member", TODAY.isoformat()) for n in FOUNDERS]
        await pilot.press("m")
        assert isinstance(app.screen, RosterScreen)
        assert "9 members · 0 candidates · 0 retired" in _text(app.screen, "#roster-summary")


async def test_once_the_group_has_met_a_new_person_is_a_candidate(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)  # eight members and one meeting held
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        said = notifications(app)
        await pilot.press("m", "a")
        form = app.screen
        assert isinstance(form, MemberForm)
        assert _label(form, "#joins-as").startswith("Joins as a candidate: since the group "
                                                    "first met, 2 members vet each newcomer")
        assert not form.query("#joined")  # a candidate joins at the vetting that admits them
        await type_into(pilot, "#name", "Newt Cole")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        assert _status(app, "Newt Cole") == "candidate"
        assert said[-1].startswith("Newt Cole added as a candidate: two members")
        assert "8 members · 1 candidate · 0 retired" in _text(app.screen, "#roster-summary")


async def test_edit_offers_the_status_changes_the_rules_allow(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    add_member(store, group.id, {"name": "Cand Idate"}, "candidate", TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        said = notifications(app)
        await pilot.press("m")
        await _highlight(pilot, "Cand Idate")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, MemberForm)
        offered = [value for _, value in form.query_one("#status", Select)._options]
        assert offered == ["candidate", "member"]  # never straight to retired
        await pilot.press("escape")

        form = await _edit_status(pilot, app, "Cand Idate", "member")  # not vetted: refused
        assert app.screen is form
        assert _label(form, "#status-error") == (
            "Cand Idate becomes a member once 2 members have vetted them; 2 more vettings "
            "needed (v on the roster).")
        await pilot.press("escape")
        assert _status(app, "Cand Idate") == "candidate"  # nothing was saved

        await _edit_status(pilot, app, "Tom Becker", "retired")
        assert isinstance(app.screen, RosterScreen)
        assert _status(app, "Tom Becker") == "retired"
        assert said[-1] == "Saved: Tom Becker is now retired."
        assert "7 members · 1 candidate · 1 retired" in _text(app.screen, "#roster-summary")

        await _highlight(pilot, "Tom Becker")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, MemberForm)
        assert [v for _, v in form.query_one("#status", Select)._options] == \
            ["retired", "member"]
        await pilot.press("escape")
        await _edit_status(pilot, app, "Tom Becker", "member")  # brought back
        assert isinstance(app.screen, RosterScreen)
        group_now = app.group
        assert group_now is not None
        tom = next(m for m in group_now.members if m.name == "Tom Becker")
        assert (tom.status, tom.retired_on) == ("member", "")


async def test_a_founder_added_as_a_candidate_by_mistake_is_made_a_member(
        store: Store, fake_time: FakeTime) -> None:
    """What the old default did to founders 3 to 9: while founding, editing mends it."""
    group = new_group(store, "Founders")
    for name in ("Ana Ruiz", "Ben Ode"):
        add_member(store, group.id, {"name": name}, None, TODAY)
    add_member(store, group.id, {"name": "Cal Fry"}, "candidate", TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("m")
        await _edit_status(pilot, app, "Cal Fry", "member")
        assert isinstance(app.screen, RosterScreen)
        group_now = app.group
        assert group_now is not None
        cal = next(m for m in group_now.members if m.name == "Cal Fry")
        assert (cal.status, cal.joined) == ("member", TODAY.isoformat())
        assert "3 members · 0 candidates" in _text(app.screen, "#roster-summary")
