"""Pilot tests: the chair's work between meetings, driven from the keys."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, SelectionList, Static

from peertui.domain.records import Rating
from peertui.services.groups import load_group
from peertui.services.roster import add_member, rating_trend
from peertui.services.sample import load_sample
from peertui.services.templates import copy_template, set_default
from peertui.store import Store
from peertui.ui.app import PeerApp, create_app
from peertui.ui.screens.cadence import CadenceScreen
from peertui.ui.screens.group_switch import GroupSwitch
from peertui.ui.screens.home import HomeScreen
from peertui.ui.screens.live.rating import RatingForm
from peertui.ui.screens.member_form import MemberForm, VetForm
from peertui.ui.screens.roster import RosterScreen
from peertui.ui.screens.roster_import import ImportDialog
from peertui.ui.screens.setup import SetupScreen
from peertui.ui.screens.template_editor import TemplateEditor
from peertui.ui.screens.templates import TemplatesScreen
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.ui.helpers import type_into

SIZE = (120, 36)
CSV = (
    "name,company,size band,role,joined,status\n"
    "Lena Park,Parkside Dental,$50M-$100M,strategic,2025-03-01,member\n"
    "Omar Said,Said Plastics,$50M-$100M,tactical,2025-03-01,member\n"
    "Rita Chu,Chu Foods,$50M-$100M,strategic,2025-03-01,member\n"
    "Vic Amos,Amos Global,>$5B,strategic,,candidate\n"
    ",No Name Ltd,,,,\n"
)


def _text(screen: object, selector: str) -> str:
    """What a Static shows, as plain text (markup applied)."""
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def _row_of(editor: TemplateEditor, title: str) -> str:
    """The editor row whose title field shows *title* (its widgets' ids end in it)."""
    for field in editor.query(".editor-title").results(Input):
        if field.value == title:
            return (field.id or "").removeprefix("title-")
    raise AssertionError(f"no row titled {title!r}")


async def _highlight(pilot: Pilot[None], name: str) -> None:
    """Move the roster's cursor to a person, with the arrow keys."""
    table = pilot.app.screen.query_one("#roster-table", DataTable)
    table.focus()
    names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    await pilot.press("home")
    for _ in range(names.index(name)):
        await pilot.press("down")


async def _vet(pilot: Pilot[None], app: PeerApp, vetter: str) -> None:
    await pilot.press("v")
    assert isinstance(app.screen, VetForm)
    group = app.group
    assert group is not None
    app.screen.query_one("#vetter", Select).value = next(
        m.id for m in group.members if m.name == vetter)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_done_when_second_group_import_vet_rotation_rhythm_template(
        store: Store, fake_time: FakeTime, tmp_path: Path) -> None:
    """The issue's 'done when', as a new user would do it from what the screens show."""
    load_sample(store, TODAY)
    csv_path = tmp_path / "smaller.csv"
    csv_path.write_text(CSV)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen) and app.screen.sub_title == "Mid-market CIOs"
        await pilot.press("g")  # switch group: create a second one
        assert isinstance(app.screen, GroupSwitch)
        await type_into(pilot, "#new-group-name", "Smaller-company CIOs")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.sub_title == "Smaller-company CIOs"

        await pilot.press("m")  # roster
        assert isinstance(app.screen, RosterScreen)
        assert app.screen.sub_title == "Smaller-company CIOs · roster"
        await pilot.press("i")
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one("#import-path", Input).value = str(csv_path)  # a pasted path
        await pilot.press("enter")
        await pilot.pause()
        report = _text(app.screen, "#import-report")
        assert "Added 4, already on the roster 0, rejected 1." in report
        assert "line 6: Missing name." in report
        await pilot.press("enter")  # running it again adds nobody twice
        await pilot.pause()
        assert "Added 0, already on the roster 4" in _text(app.screen, "#import-report")
        await pilot.press("escape")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        summary = _text(roster, "#roster-summary")
        assert "3 members · 1 candidate" in summary
        assert "Does not fit:" in _text(roster, "#likeness")
        assert "Vic Amos (size >$5B, group mostly $50M-$100M)" in _text(roster, "#likeness")

        await _highlight(pilot, "Vic Amos")
        await _vet(pilot, app, "Lena Park")
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster-table", DataTable)
        vic_row = [str(c) for c in table.get_row(next(
            k for k in table.rows if "Amos" in str(table.get_row(k)[0])))]
        assert vic_row[1] == "candidate 1/2"
        assert "needs 1 more vetting" in _text(app.screen, "#member-detail")
        await _vet(pilot, app, "Omar Said")
        assert "4 members · 0 candidates" in _text(app.screen, "#roster-summary")
        group = app.group
        assert group is not None
        vic = next(m for m in group.members if m.name == "Vic Amos")
        assert vic.status == "member" and len(vic.vetted_by) == 2

        # who presents next, and when: nobody presented yet -> the longest-standing first
        summary = _text(app.screen, "#roster-summary")
        assert "Next to present: Lena Park" in summary
        assert "Next meeting: Thu 17 Dec, in 3 weeks · 16:00 UTC" in summary

        await pilot.press("t")  # this group's templates; edit the built-in -> a copy
        assert isinstance(app.screen, TemplatesScreen)
        assert app.screen.sub_title == "Smaller-company CIOs · agenda templates"
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, TemplateEditor)
        await type_into(pilot, "#template-name", "Short meeting")
        # the updates round: 4 -> 3 minutes per speaker
        uid = _row_of(editor, editor.draft.segments[2].title)
        editor.query_one(f"#min-{uid}", Input).value = "3"
        await pilot.pause()
        assert "with all 4 members present" in _text(editor, "#editor-total")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
        group = app.group
        assert group is not None
        assert [t.name for t in group.templates] == ["Short meeting"]
        assert group.templates[0].segments[2].minutes == 3
        other = load_group(store, next(g.id for g in store.groups()
                                       if g.name == "Mid-market CIOs"))
        assert other is not None and other.templates == []  # the other group is untouched


async def test_member_form_shows_problems_and_keeps_what_was_typed(
        store: Store, fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "a")
        form = app.screen
        assert isinstance(form, MemberForm)
        assert str(form.query_one("#joins-as", Label).content).startswith(
            "Joins as a candidate")  # the group has met: newcomers are vetted first
        await type_into(pilot, "#company", "Quill & Co")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert str(form.query_one("#name-error", Label).content) == \
            "The member's name cannot be empty."
        assert form.query_one("#company", Input).value == "Quill & Co"
        await type_into(pilot, "#name", "Art Delgado")
        form.query_one("#company", Input).value = "Harbor Freight Lines"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already on the roster" in str(form.query_one("#name-error", Label).content)
        form.query_one("#company", Input).value = "Quill & Co"
        form.query_one("#name", Input).value = "Quinn [b]Q[/b]"
        form.query_one("#size_band", Select).value = "$250M-$1B"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        group = app.group
        assert group is not None
        quinn = next(m for m in group.members if m.name.startswith("Quinn"))
        assert quinn.status == "candidate" and quinn.size_band == "$250M-$1B"
        assert "Quinn [b]Q[/b]" in _text(app.screen, "#member-detail")  # shown literally

        await pilot.press("e")  # edit keeps the fields; a bad edit is refused inline
        assert isinstance(app.screen, MemberForm)
        assert app.screen.query_one("#name", Input).value == "Quinn [b]Q[/b]"
        app.screen.query_one("#name", Input).value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape")
        group = app.group
        assert group is not None and any(m.name == "Quinn [b]Q[/b]" for m in group.members)


async def test_retire_and_candidates_stay_off_the_roll_call(store: Store,
                                                            fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    add_member(store, group.id, {"name": "Cand Idate"}, "candidate", TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await _highlight(pilot, "Tom Becker")
        await pilot.press("x")
        await pilot.press("y")
        await pilot.pause()
        assert "7 members · 1 candidate · 1 retired" in _text(app.screen, "#roster-summary")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        rollcall = app.screen.query_one("#rollcall", SelectionList)
        names = {str(rollcall.get_option_at_index(i).prompt) for i in range(rollcall.option_count)}
        assert "Tom Becker" not in names and "Cand Idate" not in names and len(names) == 7


async def test_template_editor_refuses_bad_minutes_and_keeps_them(store: Store,
                                                                  fake_time: FakeTime) -> None:
    load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "enter")
        editor = app.screen
        assert isinstance(editor, TemplateEditor)
        first = _row_of(editor, editor.draft.segments[0].title)
        for bad, message in (("0", "Minutes must be above 0."), ("", "Enter a number"),
                             ("9999", "At most 600 minutes.")):
            editor.query_one(f"#min-{first}", Input).value = bad
            await pilot.pause()
            assert message in str(editor.query_one(f"#err-{first}", Label).content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)  # nothing saved
        group = app.group
        assert group is not None and group.templates == []

        # structure changes keep the bad text and its mark
        editor.query_one(f"#title-{first}", Input).focus()
        await pilot.press("f4")  # a round after the first segment
        await pilot.pause()
        assert editor.draft.segments[1].kind == "round"
        assert editor.query_one(f"#min-{first}", Input).value == "9999"
        assert "At most 600" in str(editor.query_one(f"#err-{first}", Label).content)
        editor.query_one(f"#min-{first}", Input).value = "6"
        await pilot.pause()
        new_round = _row_of(editor, "New round")
        editor.query_one(f"#title-{new_round}", Input).focus()
        await pilot.press("f6")  # move it to the top
        await pilot.pause()
        assert editor.draft.segments[0].title == "New round"
        await pilot.press("f5")  # and remove it again
        await pilot.pause()
        assert [s.key for s in editor.draft.segments][:2] == ["welcome", "followups"]
        await pilot.press("escape")  # unsaved: asks first
        await pilot.pause()
        await pilot.press("escape")  # cancel the question: still editing
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
        group = app.group
        assert group is not None and group.templates[0].segments[0].minutes == 6
        # the built-in is still first and still 5 minutes
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "Standard meeting (built in)"
        await pilot.press("home", "d")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)  # refused: no question asked


async def test_setup_starts_from_the_default_template_and_can_switch(
        store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    short = copy_template(store, group.id, "builtin-standard")
    set_default(store, group.id, short.id)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        chooser = setup.query_one("#template", Select)
        assert chooser.value == short.id
        chooser.value = "builtin-standard"
        await pilot.pause()
        assert setup.template.id == "builtin-standard"
        assert setup.query_one("#dur-0", Input).value == "5"
        await pilot.press("f2")
        await pilot.pause()
        live = store.meetings(group.id)[-1]
        record = store.meeting(live.id)
        assert record is not None and record.template is not None
        assert record.template.name == "Standard meeting (built in)"


async def test_rating_at_wrap_up_is_saved_and_trends(store: Store, fake_time: FakeTime) -> None:
    group = load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f2")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RatingForm)
        ids = [m.id for m in group.members]
        form.query_one(f"#score-{ids[0]}", Input).value = "9"
        form.query_one(f"#comment-{ids[0]}", Input).value = "Keep the updates short"
        form.query_one(f"#score-{ids[1]}", Input).value = "11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RatingForm)
        assert "1 to 10" in str(form.query_one(f"#error-{ids[1]}", Label).content)
        form.query_one(f"#score-{ids[1]}", Input).value = "7"
        await pilot.pause()
        assert "Average 8.0 from 2 of 8 present" in _text(form, "#rating-average")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RatingForm)
        meeting = store.meetings(group.id)[-1]
        record = store.meeting(meeting.id)
        assert record is not None
        assert record.rating[ids[0]] == Rating(score=9, comment="Keep the updates short")
        # start the clock, then end the meeting: the trend counts ended meetings (a meeting
        # ends only once it ran: its status is a fold of the clock events)
        await pilot.press("f2", "f8", "y")
        await pilot.pause()
        assert rating_trend(store, group.id) == [(TODAY.isoformat(), 8.0, 2)]
        await pilot.press("m")
        assert "8.0  (2 rated)" in _text(app.screen, "#ratings")


async def test_rhythm_screen_saves_moves_and_exports(store: Store, fake_time: FakeTime,
                                                     tmp_path: Path) -> None:
    group = load_sample(store, TODAY)
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "w")
        screen = app.screen
        assert isinstance(screen, CadenceScreen)
        screen.query_one("#timezone", Input).value = "Mars/Base"
        await pilot.pause()
        assert "Unknown timezone" in str(screen.query_one("#timezone-error", Label).content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        loaded = load_group(store, group.id)
        assert loaded is not None and loaded.cadence is None  # nothing half-saved
        screen.query_one("#timezone", Input).value = "Europe/Berlin"
        screen.query_one("#moved-to", Input).value = ""
        await pilot.pause()
        assert "Thu 21 Jan 2027" in _text(screen, "#cadence-preview")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Thu 21 Jan 2027, in 8 weeks · 16:00 Europe/Berlin" in \
            _text(screen, "#cadence-next")
        screen.query_one("#ics-path", Input).value = str(tmp_path / "next")
        await pilot.press("f5")
        await pilot.pause()
        assert "DTSTART;TZID=Europe/Berlin:20270121T160000" in (tmp_path / "next.ics").read_text()
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert "Thu 21 Jan 2027, in 8 weeks" in _text(app.screen, "#next-meeting")


async def test_switch_group_from_the_palette_and_back(store: Store, fake_time: FakeTime) -> None:
    from peertui.services.groups import new_group

    load_sample(store, TODAY)
    new_group(store, "Smaller-company CIOs")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")  # from the roster, through the command palette
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "Switch group":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GroupSwitch)
        await pilot.press("enter")  # the highlighted one is the other group
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.sub_title == "Smaller-company CIOs"
        await pilot.press("g")
        await type_into(pilot, "#new-group-name", "mid-market cios")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GroupSwitch)  # that name exists: pick it instead
        assert "exists" in str(app.screen.query_one("#new-group-error", Label).content)
        await pilot.press("escape")
        assert app.screen.sub_title == "Smaller-company CIOs"
