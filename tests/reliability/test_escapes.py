"""Nothing stored reaches the terminal as a control sequence (issue 12, point 5).

A store is hand-edited the way an older version, an import or a curious user could leave
it: every text field of the meeting files and the index (topic, items, slots, group and
member names) and the clock lease hold a window-title OSC, a clear-screen CSI, a C1 CSI
(U+009B), BEL, backspace, carriage return and DEL.  Then every screen is drawn and each
character it drew is read back from the compositor; the command line runs as a real
process and its output is read byte by byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from peertui.cli.messages import own_terminal, safe_stderr
from peertui.domain.records import Lease
from peertui.domain.text import neutral, printable
from peertui.domain.timesource import to_iso
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.store import Store
from peertui.store.codec import decode_meeting
from peertui.ui.app import create_app
from peertui.ui.display_app import create_display
from peertui.ui.widgets.followups import FollowupsPanel
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.reliability.pty_app import REPO
from tests.review.conftest import build_sample, settle

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b2J\x07\x08\r\x7f"
#: What must never be drawn: ESC, BEL, backspace, carriage return, DEL and the C1 controls.
FORBIDDEN = frozenset("\x1b\x07\x08\r\x7f") | {chr(c) for c in range(0x80, 0xA0)}
#: The text fields poisoned in every stored file (item texts, topics, names, slot titles).
POISONED = frozenset({"text", "topic", "name", "title", "segment_title", "company", "why",
                      "due_text"})
SIZE = (140, 44)
OWNED = "]0;owned"  # what is left of the title sequence once neutralised: it was drawn


def forbidden_in(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch in FORBIDDEN})


def _poison(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v + HOSTILE if k in POISONED and isinstance(v, str) and v else _poison(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v) for v in value]
    return value


def hand_edit(path: Path, *, ascii_only: bool) -> None:
    """Append HOSTILE to every text field; as json.dumps writes it (\\u001b escapes), or with
    the C1 and DEL characters as raw UTF-8 bytes."""
    data = _poison(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")


def running_meeting(store: Store, fake_time: FakeTime) -> str:
    """A meeting in its Follow-ups segment, with items of every kind, some private."""
    group = store.groups()[0]
    assert group.template is not None
    ids = [m.id for m in group.members]
    record = new_meeting(group, group.template, ids, ids[1], "Pricing deep dive", TODAY)
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, fake_time)
    live.act("start")
    fake_time.advance(60)
    live.act("next")  # Follow-ups
    live.new_item("note", "Public feed note about pricing")
    live.new_item("note", "Private feed note about layoffs", private=True)
    live.new_item("action", "Feed action to call the bank", owner_id=ids[0], due=TODAY)
    live.new_item("recommendation", "Feed recommendation to raise prices", giver_id=ids[2],
                  recipient_id=ids[1])
    fake_time.advance(30)
    return record.id


def make_hostile(root: Path, fake_time: FakeTime, *, running: bool) -> Store:
    """The sample store (with a running meeting if asked), then hand-edited."""
    store = Store.open(root)
    build_sample(store)
    meeting_id = running_meeting(store, fake_time) if running else None
    for path in sorted((root / "meetings").glob("*.json")):
        hand_edit(path, ascii_only=True)
    hand_edit(root / "index.json", ascii_only=False)
    if meeting_id is not None:
        now = to_iso(fake_time.now())
        store.write_lease(meeting_id, Lease(id="elsewhere", pid=4242, host="laptop" + HOSTILE,
                                            since=now, heartbeat=now))
    return Store.open(root)


@pytest.fixture
def hostile(tmp_path: Path, fake_time: FakeTime) -> Store:
    return make_hostile(tmp_path / "store", fake_time, running=False)


@pytest.fixture
def hostile_running(tmp_path: Path, fake_time: FakeTime) -> Store:
    return make_hostile(tmp_path / "store", fake_time, running=True)


def drawn(app: App[Any]) -> str:
    """Every character the screen (with its toasts and tooltips) would send the terminal."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for strip in line for segment in strip)
                     for line in update.strips)


async def check_screen(pilot: Pilot[Any], where: str) -> str:
    await settle(pilot)
    text = drawn(pilot.app)
    assert forbidden_in(text) == [], f"{where} drew {forbidden_in(text)}"
    return text


# -- the store layer: the fast path and the slow one ------------------------------------


def test_decode_neutralises_every_string_and_leaves_the_file(hostile: Store) -> None:
    path = next((hostile.root / "meetings").glob("*.json"))
    before = path.read_bytes()
    meeting, items = hostile.meeting_doc(path.stem)  # type: ignore[misc]
    assert OWNED in meeting.topic and forbidden_in(meeting.topic) == []
    assert all(forbidden_in(i.text) == [] for i in items)
    assert any("\ufffd]0;owned\ufffd" in i.text for i in items)  # one for one, visibly
    assert path.read_bytes() == before, "reading changed the file"
    groups = hostile.groups()
    assert forbidden_in(groups[0].name) == [] and OWNED in groups[0].name
    assert all(forbidden_in(m.name) == [] for m in groups[0].members)


def test_newlines_and_tabs_of_an_item_are_kept() -> None:
    raw = (b'{"meeting":{"1":{"id":"m1","group_id":"g","date":"2026-01-01"}},'
           b'"items":{"1":{"id":"i","text":"line one\\n\\tline two\\u001b[2J"}}}')
    _, items = decode_meeting(raw, Path("m1.json"))
    assert items[0].text == "line one\n\tline two\ufffd[2J"
    assert neutral("a\nb\tc\x1b") == "a\nb\tc\ufffd"
    assert printable("a\nb\tc\x9b") == "a b c\ufffd"


# -- (a) every screen -------------------------------------------------------------------


async def test_home_and_review_screens_draw_no_control_character(
        hostile: Store, fake_time: FakeTime) -> None:
    app = create_app(hostile, fake_time, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert OWNED in await check_screen(pilot, "home")
        await pilot.press("p")
        assert OWNED in await check_screen(pilot, "past meetings")
        await pilot.press("enter")
        for tab in "123456":
            await pilot.press(tab)
            assert OWNED in await check_screen(pilot, f"meeting detail, tab {tab}")
        await pilot.press("escape", "escape", "slash")
        search = app.screen.query_one(Input)
        search.value = "owned"
        await pilot.pause(0.3)
        assert OWNED in await check_screen(pilot, "search")
        await pilot.press("escape", "o")
        assert OWNED in await check_screen(pilot, "action items")
        await pilot.press("escape", "m")
        assert OWNED in await check_screen(pilot, "roster")
        await pilot.press("escape", "t")
        assert OWNED in await check_screen(pilot, "agenda templates")
        await pilot.press("escape", "w")
        assert OWNED in await check_screen(pilot, "meeting rhythm")


async def test_live_screen_draws_no_control_character(
        hostile_running: Store, fake_time: FakeTime) -> None:
    """The feed, the follow-ups panel (last deep dive, earlier actions) and the toast that
    names the lease's holder."""
    app = create_app(hostile_running, fake_time, today=TODAY)
    # tall enough for the follow-ups and a feed whose rows wrap (the whole text, named)
    async with app.run_test(size=(SIZE[0], 60), notifications=True) as pilot:
        await pilot.pause(0.5)
        assert app.screen.query_one(FollowupsPanel).display
        text = await check_screen(pilot, "the live screen")
        assert "Public feed note" in text and OWNED in text
        assert "laptop" in text, "the toast naming the lease's holder is not on screen"


async def test_projector_view_draws_no_control_character(
        hostile_running: Store, fake_time: FakeTime) -> None:
    app = create_display(hostile_running, fake_time)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause(0.6)
        text = await check_screen(pilot, "peertui display")
        assert OWNED in text and "Public feed note" in text


# -- (b) command-line output, (c) messages that echo arguments --------------------------


def peertui(*args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "peertui", *args], input=stdin.encode(),
                          capture_output=True, env=env, timeout=60, check=False)


def printed(result: subprocess.CompletedProcess[bytes]) -> str:
    return (result.stdout + result.stderr).decode("utf-8", "replace")


@pytest.fixture
def meeting_ids(hostile_running: Store) -> Iterator[list[str]]:
    yield [m.id for m in hostile_running.meetings()]


def test_cli_output_holds_no_control_character(hostile_running: Store,
                                               meeting_ids: list[str]) -> None:
    root = str(hostile_running.root)
    past, current = meeting_ids
    runs = [
        ("actions",), ("actions", "--include-private"), ("actions", "-f", "csv"),
        ("actions", "-f", "json"), ("members",), ("members", "--format", "csv"),
        ("members", "--format", "json"), ("export", past), ("export", past, "-f", "csv"),
        ("export", past, "-f", "json", "--include-private"),
        ("export", current, "--include-private"), ("where",),
    ]
    started = time.monotonic()
    for args in runs:
        result = peertui("--store", root, *args)
        assert result.returncode == 0, (args, printed(result))
        assert forbidden_in(printed(result)) == [], (args, forbidden_in(printed(result)))
    seen = printed(peertui("--store", root, "export", past))
    assert OWNED in seen  # the hostile text was printed, neutralised
    purge = peertui("--store", root, "purge", past, stdin="n\n")
    assert purge.returncode == 1 and "Nothing was removed" in printed(purge)
    assert forbidden_in(printed(purge)) == []
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("args", [
    ("export", HOSTILE),
    ("purge", HOSTILE, "--yes"),
    ("actions", "--owner", HOSTILE),
    ("members", "--group", HOSTILE),
    ("actions", "--format", HOSTILE),  # click's own usage error quotes the value
    (HOSTILE,),  # no such command: click quotes it
    ("export",),  # missing argument: usage text
])
def test_cli_errors_quote_arguments_safely(hostile: Store, args: tuple[str, ...]) -> None:
    result = peertui("--store", str(hostile.root), *args)
    assert result.returncode != 0
    assert forbidden_in(printed(result)) == [], printed(result)


def test_a_hostile_store_path_is_echoed_safely(tmp_path: Path) -> None:
    folder = tmp_path / "x\x1b[2J\x07"
    shown_path = peertui("--store", str(folder), "where")
    assert shown_path.returncode == 0, printed(shown_path)
    assert forbidden_in(printed(shown_path)) == [] and "[2J" in printed(shown_path)
    (tmp_path / "file\x1b]0;t\x07").write_text("not a folder")
    refused = peertui("--store", str(tmp_path / "file\x1b]0;t\x07"), "actions")
    assert refused.returncode == 2
    assert "]0;t" in printed(refused) and forbidden_in(printed(refused)) == []


def test_a_hostile_members_csv_is_reported_safely(hostile: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(f"name,company,colour{HOSTILE}\n"
                        f"Nadia{HOSTILE},Acme{HOSTILE},blue\n"
                        f",nameless{HOSTILE},red\n", encoding="utf-8")
    result = peertui("--store", str(hostile.root), "import-members", str(csv_file))
    assert "Added 1" in printed(result), printed(result)
    assert forbidden_in(printed(result)) == [], printed(result)
    listed = peertui("--store", str(hostile.root), "members")
    assert "Nadia" in printed(listed) and forbidden_in(printed(listed)) == []


def test_messages_are_neutralised_but_an_app_gets_the_real_stderr(
        capsys: pytest.CaptureFixture[str]) -> None:
    """What the CLI writes to stderr is neutralised; a full-screen app (its crash report in
    Rich's colours) writes to the real stream."""
    with safe_stderr():
        print(f"No meeting '{HOSTILE}'", file=sys.stderr)
        with own_terminal():
            print("\x1b[1mbold\x1b[0m", file=sys.stderr)
        print("again\x1b[2J", file=sys.stderr)
    err = capsys.readouterr().err
    before, coloured, after = err.splitlines()
    assert forbidden_in(before) == [] and OWNED in before
    assert coloured == "\x1b[1mbold\x1b[0m"
    assert after == "again\ufffd[2J"


def test_one_line_surfaces_flatten_newlines_and_tabs() -> None:
    """A note typed on several lines is one row in the feed and on the projector."""
    from peertui.domain.records import Item
    from peertui.ui.widgets.feed import item_line

    note = Item(id="n", text="first line\n\tsecond line\r")
    assert item_line(note, {}) == "first line  second line "
