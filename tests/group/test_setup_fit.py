"""Pilot tests: setup fits the agenda to the target for those present, says what it did,
and shows the total live, also while a field cannot be read (at 80x24, in full)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from peertui.domain.models import Group
from peertui.services.roster import add_member
from peertui.services.sample import load_sample
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.screens.setup import SetupScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime

SMALL = (80, 24)
UPDATES, RECOMMENDATIONS = "#dur-2", "#dur-5"  # the built-in template's two rounds


def _eleven(store: Store) -> Group:
    group = load_sample(store, TODAY)
    for name in ("Nina Ninth", "Ted Tenth", "Eve Eleventh"):
        add_member(store, group.id, {"name": name}, "member", TODAY)
    return group


def _total(setup: SetupScreen) -> str:
    """The total as shown on screen, line by line joined: what a person can read."""
    total = setup.query_one("#total", Static)
    lines = [s.text.strip() for s in total.render_lines(total.region.reset_offset)]
    return " ".join(line for line in lines if line)


async def _open_setup(pilot: Pilot[None]) -> SetupScreen:
    await pilot.press("n")
    await pilot.pause()
    setup = pilot.app.screen
    assert isinstance(setup, SetupScreen)
    return setup


def _value(setup: SetupScreen, selector: str) -> str:
    return setup.query_one(selector, Input).value


async def test_eleven_present_are_fitted_to_the_target_and_the_meeting_runs_so(
        store: Store, fake_time: FakeTime) -> None:
    group = _eleven(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        setup = await _open_setup(pilot)
        assert (_value(setup, UPDATES), _value(setup, RECOMMENDATIONS)) == ("3", "2")
        assert _total(setup).startswith("Total 2 h 28 min for 11 present: within")
        assert ("Business updates trimmed to 3 min each and Recommendations to 2 min each "
                "to fit 2 h 30 min for 11 present.") in _total(setup)
        await pilot.press("f2")
        await pilot.pause()
        record = store.meeting(store.meetings(group.id)[-1].id)
        assert record is not None and record.planned_minutes == 148
        updates = [s.planned for s in record.slots if s.segment_key == "updates"]
        assert updates == [180] * 11
        assert sum(s.planned for s in record.slots) == 148 * 60


async def test_toggling_attendance_refits_and_updates_the_total(
        store: Store, fake_time: FakeTime) -> None:
    _eleven(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        setup = await _open_setup(pilot)
        rollcall = setup.query_one("#rollcall", SelectionList)
        rollcall.focus()
        await pilot.press("end")  # the three added last are not there today
        for _ in range(3):
            await pilot.press("space", "up")
        await pilot.pause()
        assert len(rollcall.selected) == 8
        assert (_value(setup, UPDATES), _value(setup, RECOMMENDATIONS)) == ("4", "3")
        assert _total(setup) == ("Total 2 h 28 min for 8 present: within the 2 h 00 min "
                                 "to 2 h 30 min target")
        await pilot.press("down", "space")  # a ninth comes after all
        await pilot.pause()
        assert _value(setup, UPDATES) == "3"
        assert _total(setup).startswith("Total 2 h 26 min for 9 present")
        assert "Business updates trimmed to 3 min each to fit" in _total(setup)


async def test_a_round_typed_by_hand_is_kept_and_the_other_is_fitted(
        store: Store, fake_time: FakeTime) -> None:
    _eleven(store)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        setup = await _open_setup(pilot)
        field = setup.query_one(UPDATES, Input)
        field.focus()
        await pilot.press("end", "backspace", "4")
        await pilot.pause()
        assert _value(setup, UPDATES) == "4"  # what was typed stays
        assert _value(setup, RECOMMENDATIONS) == "2"
        # 95 fixed + 11 x 4 + 10 x 2 = 159: the floor stops the trim, and it says so
        assert _total(setup).startswith("Total 2 h 39 min for 11 present: over")
        assert "Cannot fit 2 h 30 min for 11 present: even with Recommendations trimmed " \
               "to 2 min each (the floor is 2 min a speaker), the agenda is 2 h 39 min." \
               in _total(setup)


async def test_the_total_counts_the_fields_it_can_read_and_names_the_one_it_cannot(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)  # eight present: 2 h 28 min
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        setup = await _open_setup(pilot)
        field = setup.query_one(UPDATES, Input)
        field.focus()
        await pilot.press("end", "backspace")  # typing: the field is empty for a moment
        await pilot.pause()
        assert _total(setup) == ("Total 1 h 56 min for 8 present: under the 2 h 00 min to "
                                 "2 h 30 min target Not counted: Business updates: empty")
        field.value = "4x"  # pasted from somewhere: the keys refuse letters
        await pilot.pause()
        shown = _total(setup)
        assert "Total 1 h 56 min for 8 present" in shown
        assert "Not counted: Business updates: '4x' is not minutes" in shown
        total = setup.query_one("#total", Static)
        assert total.region.bottom <= SMALL[1] - 1  # above the footer, every line shown
        assert total.region.height >= len(total.render_lines(total.region.reset_offset))
        await pilot.press("f2")  # refused while a field is not read
        await pilot.pause()
        assert app.screen is setup
        field.value = "4"
        await pilot.pause()
        assert _total(setup) == ("Total 2 h 28 min for 8 present: within the 2 h 00 min "
                                 "to 2 h 30 min target")


async def test_another_template_chosen_is_fitted_too(store: Store, fake_time: FakeTime) -> None:
    from textual.widgets import Select

    from peertui.services.templates import copy_template, save_template

    group = _eleven(store)
    longer = copy_template(store, group.id, "builtin-standard")
    longer.segments[2].minutes = 6  # updates of 6 min each: far over for eleven
    save_template(store, group.id, longer)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        setup = await _open_setup(pilot)
        setup.query_one("#template", Select).value = longer.id
        await pilot.pause()
        assert setup.template.id == longer.id and setup.typed == set()
        assert (_value(setup, UPDATES), _value(setup, RECOMMENDATIONS)) == ("3", "2")
        assert "Business updates trimmed to 3 min each" in _total(setup)
        assert _total(setup).startswith("Total 2 h 28 min for 11 present")
