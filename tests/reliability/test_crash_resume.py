"""SIGKILL peertui at random moments of a running meeting; nothing shown as saved is lost.

The app runs as `python -m peertui --store DIR` on a real pty, 120x36, driven by the key bytes a
terminal sends.  A note counts as "shown as saved" once its row is on the emulated screen's feed
(the input echo never matches: a feed row starts with its time and kind).  After every kill the
app is started again and must: clean the temp files the crash left, open the store, still hold
every confirmed note, and resume the clock at the same slot with the meeting time still running.
"""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from peertui.domain.agenda import Slot
from peertui.domain.clock import ClockState, replay
from peertui.domain.timesource import SystemTime, from_iso
from peertui.services.live import LiveMeeting
from peertui.services.meetings import create_meeting, new_meeting
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.reliability.modes import loose_modes
from tests.reliability.pty_app import PtyApp

KILLS = int(os.environ.get("PEERTUI_KILLS", "50"))
BUDGET_S = float(os.environ.get("PEERTUI_KILL_BUDGET_S", "150"))
SEED = int(os.environ.get("PEERTUI_KILL_SEED", str(time.time_ns() % 1_000_000)))
RAIL_WIDTH = 44  # the agenda rail's columns at the left of the live screen
READY_S = 20.0
SHOWN_S = 10.0

TAILS = ["", " about the ERP cut-over", " — café ✓", " שלום עליכם", " 🚀 launch", " 数据迁移",
         " (50% over budget)", " \"quoted\" & <tagged>"]
TEMP = re.compile(r"\.(.+)\.tmp-([0-9]+)-[0-9a-f]+$")


@dataclass
class Run:
    """What the screen has shown so far, which is what the store owes us."""

    root: Path
    meeting_id: str
    slots: list[Slot]
    started_at: float
    texts: dict[str, str] = field(default_factory=dict)  # marker -> full text typed
    confirmed: dict[str, str] = field(default_factory=dict)  # the ones the feed showed
    index: int = 0  # the slot the screen last showed as current
    maybe_next: bool = False  # an F4 was pressed and the kill came before the screen showed it
    kills: int = 0
    typed: int = 0
    leftovers_seen: int = 0
    leftovers_planted: int = 0
    kill_modes: dict[str, int] = field(default_factory=dict)


def _setup(root: Path) -> Run:
    store = Store.open(root)
    group = load_sample(store, _today())
    ids = [m.id for m in group.members]
    assert group.template is not None
    record = new_meeting(group, group.template, ids, ids[0], "Crash-proof notes", _today())
    create_meeting(store, record)
    live = LiveMeeting(store, record.id, SystemTime())
    live.act("start")
    events = store.meeting(record.id).events
    return Run(root, record.id, list(live.record.slots), from_iso(events[0].at))


def _today() -> date:
    """The app's own idea of today (it runs on the system clock)."""
    return datetime.fromtimestamp(SystemTime().now()).date()


# -- reading the screen -----------------------------------------------------------------------

def live_ready(lines: list[str]) -> bool:
    """The live screen is painted (so its note input has focus)."""
    return any("Type a note" in line for line in lines) and any("▶" in line for line in lines)


def where_saved(root: Path, marker: str) -> str:
    """For a failure's message: which store file holds the marker, if any."""
    found = [p.name for p in (root / "meetings").glob("*.json")
             if marker in p.read_text(encoding="utf-8", errors="replace")]
    return f"in the store: {', '.join(found)}" if found else "not in the store"


def feed_has(lines: list[str], marker: str) -> bool:
    row = re.compile(r"\d\d:\d\d\s+note\s.*" + re.escape(marker) + r"(\s|$)")
    return any(row.search(line[RAIL_WIDTH:]) for line in lines)


def shown_slot(lines: list[str]) -> tuple[str, str | None] | None:
    """(segment, slot) the screen marks as current; slot only for multi-slot segments.

    The segment is the rail's ▶ row, with the words its title wraps onto below it; a deep
    dive's phase is the rail's › row, a round's speaker the ▶ row of the speaking order
    under the rail (the now panel)."""
    segment, slot = None, None
    wrapping = False
    panel = False
    for line in lines[2:]:
        rail = line[:RAIL_WIDTH]
        if rail.lstrip().startswith("─"):
            panel = True  # the now panel starts under the rail
            continue
        if not panel and segment is None and rail.lstrip().startswith("▶"):
            segment, wrapping = _title(rail.lstrip()[1:]), True
        elif wrapping and rail.strip() and rail[:3].strip() == "" \
                and not re.search(r"\d+:\d\d|›", rail):
            segment = f"{segment} {_title(rail)}"  # the title's next words
        elif slot is not None:
            if rail.strip() and rail[:4].strip() == "" and not re.search(r"\d+:\d\d", rail):
                slot = f"{slot} {_title(rail)}"  # a phase's title wraps in the rail too
                continue
            break
        elif segment is not None and (rail.strip().startswith("›")
                                      or (panel and rail.lstrip().startswith("▶"))):
            slot, wrapping = _title(rail.strip()[1:]), False
            if panel:
                break
        else:
            wrapping = False
    return None if segment is None else (segment, slot)


def _title(cell: str) -> str:
    """The title column of a rail row, without the plan/actual times."""
    return re.split(r"\s{2,}|\s+\d+:\d\d", cell.strip(), maxsplit=1)[0]


def _same(shown: str | None, full: str) -> bool:
    if shown is None:
        return False
    return full.startswith(shown.rstrip("…")) if shown.endswith("…") else shown == full


def shows_slot(lines: list[str], slot: Slot) -> bool:
    got = shown_slot(lines)
    if got is None or not _same(got[0], slot.segment_title):
        return False
    multi = slot.round or slot.segment_key == "deepdive"
    return _same(got[1], slot.title) if multi else True


def shown_minutes(lines: list[str]) -> int | None:
    """The meeting time in the bar, in whole minutes ('<1 min', '12 min', '1 h 5 min')."""
    for line in lines[:3]:
        match = re.search(r"Meeting (<1 min|(\d+) min|(\d+) h(?: (\d+) min)?)", line)
        if match:
            _, minutes, hours, extra = match.groups()
            if hours:
                return int(hours) * 60 + int(extra or 0)
            return int(minutes) if minutes else 0
    return None


def minutes_agree(shown: int | None, elapsed: float, slack: float = 3.0) -> bool:
    """Whether *shown* whole minutes fit *elapsed* seconds, a few seconds either way."""
    return shown is not None and shown * 60 - slack <= elapsed < shown * 60 + 60 + slack


# -- the checks after each restart --------------------------------------------------------------

def temp_files(root: Path) -> list[Path]:
    return [p for d in (root, root / "meetings") for p in d.iterdir() if TEMP.search(p.name)]


def plant_leftover(run: Run, dead_pid: int) -> None:
    """What a kill halfway through a save leaves: a torn temp file beside the meeting."""
    target = run.root / "meetings" / f".{run.meeting_id}.json.tmp-{dead_pid}-deadbeef"
    target.write_bytes(b'{"meeting":{"1":{"id":"' + run.meeting_id.encode() + b'","ev')
    run.leftovers_planted += 1


def check_store(run: Run, context: str) -> ClockState:
    """The store opens and owes nothing: every confirmed note, every shown clock move."""
    store = Store.open(run.root)
    items = store.items(run.meeting_id)
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids)), f"{context}: duplicate item ids"
    texts = [i.text for i in items]
    lost = {m: t for m, t in run.confirmed.items() if t not in texts}
    assert not lost, f"{context}: notes shown as saved are gone: {sorted(lost)}"
    record = store.meeting(run.meeting_id)
    assert record is not None
    state = replay(run.slots, record.events, time.time())
    assert state.status == "running", f"{context}: clock is {state.status}"
    allowed = {run.index, run.index + 1} if run.maybe_next else {run.index}
    assert state.index in allowed, (
        f"{context}: clock at slot {state.index}, screen showed {run.index}")
    run.index, run.maybe_next = state.index, False
    return state


def check_resumed(run: Run, app: PtyApp, context: str) -> None:
    """The relaunched screen shows the slot the store says, with the meeting time running on."""
    state = check_store(run, context)
    slot = run.slots[state.index]
    assert app.wait_for(lambda lines: shows_slot(lines, slot), 5), (
        f"{context}: expected {slot.segment_title}/{slot.title}, read "
        f"{shown_slot(app.lines())} on screen:\n{app.text()}")
    expected = time.time() - run.started_at
    shown = None
    for _ in range(40):
        shown = shown_minutes(app.lines())
        if minutes_agree(shown, expected):
            break
        time.sleep(0.05)
        expected = time.time() - run.started_at
    assert minutes_agree(shown, expected), (
        f"{context}: meeting time shows {shown} min, expected about {expected:.0f} s")


# -- driving ----------------------------------------------------------------------------------

def type_note(app: PtyApp, run: Run, rng: random.Random, cycle: int, n: int) -> str:
    marker = f"K{cycle:03d}N{n}"
    text = marker + rng.choice(TAILS)
    app.write(text + "\r")
    run.typed += 1
    run.texts[marker] = text.strip()
    return text


def next_slot(app: PtyApp, run: Run, kill_soon: bool) -> None:
    """F4; the move counts once the rail shows the next slot."""
    if run.index >= len(run.slots) - 2:
        return
    app.press("f4")
    run.maybe_next = True
    if kill_soon:
        return
    target = run.slots[run.index + 1]
    assert app.wait_for(lambda lines: shows_slot(lines, target), SHOWN_S), (
        f"F4 did not move the clock on:\n{app.text()}")
    run.index, run.maybe_next = run.index + 1, False


def one_cycle(run: Run, rng: random.Random, cycle: int) -> None:
    """Launch, check the resume, work a little, kill at a random moment."""
    before = temp_files(run.root)
    app = PtyApp(["--store", str(run.root)])
    try:
        mode = rng.choices(["startup", "typing", "after-enter", "after-f4"], [1, 4, 5, 1])[0]
        if mode == "startup":  # mid Store.open / temp clean-up / first paint
            time.sleep(rng.uniform(0.0, 0.8))
        else:
            assert app.wait_for(live_ready, READY_S), (
                f"cycle {cycle}: no live screen:\n{app.text()}")
            left = [p for p in temp_files(run.root) if p in before]
            assert not left, f"cycle {cycle}: crash leftovers not cleaned at start: {left}"
            check_resumed(run, app, f"cycle {cycle}")
            if rng.random() < 0.3:
                next_slot(app, run, kill_soon=mode == "after-f4")
            if mode != "after-f4":
                notes = rng.randint(1, 4)
                for n in range(notes):
                    text = type_note(app, run, rng, cycle, n)
                    marker = text.split()[0]
                    if n == notes - 1 and mode == "after-enter":
                        time.sleep(rng.choice([0.0, rng.uniform(0, 0.01), rng.uniform(0, 0.08)]))
                        break
                    assert app.wait_for(lambda lines, m=marker: feed_has(lines, m), SHOWN_S), (
                        f"cycle {cycle}: note {marker} never appeared "
                        f"({where_saved(run.root, marker)}):\n{app.text()}")
                    run.confirmed[marker] = run.texts[marker]
                if mode == "typing":  # half a note in the box, never submitted
                    app.write(f"K{cycle:03d}unsent " * rng.randint(0, 2))
                    time.sleep(rng.uniform(0, 0.3))
        app.kill()
        run.kills += 1
        run.kill_modes[mode] = run.kill_modes.get(mode, 0) + 1
        lines = app.lines()  # all the dead app ever painted: anything on it was "shown"
        for n in range(4):
            marker = f"K{cycle:03d}N{n}"
            if marker not in run.confirmed and marker in run.texts and feed_has(lines, marker):
                run.confirmed[marker] = run.texts[marker]
        leftovers = [p for p in temp_files(run.root) if p not in before]
        run.leftovers_seen += len(leftovers)
        if cycle % 5 == 4:
            plant_leftover(run, app.pid)
    finally:
        app.close()


def test_sigkill_at_random_moments_loses_nothing_shown(tmp_path: Path,
                                                       figures: dict[str, Any]) -> None:
    rng = random.Random(SEED)
    run = _setup(tmp_path / "store")
    began = time.monotonic()
    cycle = 0
    try:
        while run.kills < KILLS and time.monotonic() - began < BUDGET_S:
            one_cycle(run, rng, cycle)
            cycle += 1
    except AssertionError as problem:
        raise AssertionError(f"{problem}\n(PEERTUI_KILL_SEED={SEED} replays this run)") from None
    # a last, gentle start: everything is there, and ctrl+q exits cleanly
    app = PtyApp(["--store", str(run.root)])
    try:
        assert app.wait_for(live_ready, READY_S), app.text()
        assert not temp_files(run.root), "crash leftovers survived a start"
        check_resumed(run, app, "final start")
        app.resize(40, 12)  # a real SIGWINCH: the notice, then the meeting again
        assert app.wait_for_text("Terminal too small", 10), app.text()
        app.resize(120, 36)
        assert app.wait_for(live_ready, 10), app.text()
        app.press("ctrl+q")
        assert app.proc.wait(10) == 0
    finally:
        app.close()
    items = Store.open(run.root).items(run.meeting_id)
    assert loose_modes(run.root) == [], "a file or folder others can read"
    figures.update({
        "kills": run.kills, "kill_seed": SEED, "kill_modes": run.kill_modes,
        "notes_typed": run.typed, "notes_confirmed": len(run.confirmed),
        "notes_in_store": len(items), "notes_lost": 0,
        "crash_leftovers_seen": run.leftovers_seen,
        "crash_leftovers_planted": run.leftovers_planted, "kill_seconds": round(
            time.monotonic() - began, 1),
    })
    assert run.kills >= min(KILLS, 10), f"only {run.kills} kills fit in {BUDGET_S:.0f} s"
