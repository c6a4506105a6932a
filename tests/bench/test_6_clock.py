"""Bar 6: the clock shows planned minus elapsed, to the second, at every tick and for real.

Part one replays a simulated 2.5-hour meeting with 500 pauses, extensions and skips on a
fake clock, through the store and LiveMeeting as the screen uses them, and compares what
the countdown and the meeting clock would show at every 0.25 s tick with an independent
model counting whole microseconds (clock_model.py).

Part two runs the app in a real terminal for CLOCK_S seconds (10 minutes by default) in a
meeting whose events fall at awkward fractions of a second, and reads the screen every two
seconds: the meeting clock, the big countdown digits, the rail's time for the current slot
and the deep-dive hour, each compared with the wall clock.
"""

from __future__ import annotations

import math
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from peertui.domain.clock import countdown_text, format_clock
from peertui.domain.timesource import FakeTime
from peertui.store import Store
from tests.bench import results, screen_read, terminal
from tests.bench.clock_model import US, Model, acceptable, clock_text, script
from tests.bench.config import CLOCK_S
from tests.bench.stores import copy_store, running_meeting

BAR = "6"
EVENTS = 500
LENGTH_S = 150 * 60
TICK_US = 250_000
SAMPLE_S = 2.0


def test_clock_replay(tmp_path: Path) -> None:
    rng = random.Random(6)
    start_us = int(datetime(2026, 11, 27, 16, 0, tzinfo=UTC).timestamp()) * US
    start_us += rng.randrange(US)
    live = running_meeting(Store.open(tmp_path / "store"), start_us / US)
    clock = FakeTime(start_us / US)
    live.time = clock
    model = Model([slot.planned * US for slot in live.slots])
    model.apply("start", start_us)
    plan = script(rng, start_us, LENGTH_S, EVENTS)
    plan.append((start_us + LENGTH_S * US, "end", 0))
    begun = time.perf_counter()
    ticks = wrong = 0
    first_wrong = ""
    pending = iter(plan)
    upcoming = next(pending, None)
    tick_us = start_us + rng.randrange(TICK_US)
    while model.status != "ended":
        while upcoming is not None and upcoming[0] <= tick_us:
            at_us, kind, seconds = upcoming
            clock.set(at_us / US)
            live.act(kind, **({"seconds": seconds} if kind == "extend" else {}))  # type: ignore[arg-type]
            model.apply(kind, at_us, seconds)
            upcoming = next(pending, None)
        clock.set(tick_us / US)
        state = live.state()
        ticks += 1
        shown = countdown_text(state.current) if state.current else ""
        meeting = format_clock(state.meeting_elapsed)
        ok = (state.index == model.index and state.status == model.status
              and shown in acceptable(model.remaining_us(tick_us))
              and meeting in {clock_text((model.meeting_us(tick_us) + d) // US)
                              for d in (-1000, 0, 1000)})
        if not ok:
            wrong += 1
            if not first_wrong:
                first_wrong = (f"first at +{(tick_us - start_us) / US:.2f} s: showed {shown} / "
                               f"{meeting}, expected {acceptable(model.remaining_us(tick_us))} / "
                               f"{clock_text(model.meeting_us(tick_us) // US)}")
        tick_us += TICK_US
    seconds = time.perf_counter() - begun
    stored = live.store.get_meeting(live.meeting_id) or {}
    assert len(stored.get("events", [])) >= EVENTS + 2, "every event must have been saved"
    results.at_most(BAR, "clock replay: ticks not equal to planned - elapsed", wrong, "ticks", 0,
                    f"{ticks:,} ticks of 0.25 s over a {LENGTH_S // 60}-min meeting with "
                    f"{EVENTS} pauses/resumes, extensions, skips and backs ({seconds:.0f} s). "
                    f"{first_wrong}", limit_text="0 of all ticks")
    results.assert_bar(BAR)


def test_clock_real_terminal(histories: dict[str, Path], tmp_path: Path) -> None:
    store = copy_store(histories["empty"], tmp_path / "store")
    # Slots of the default agenda for 8 present: welcome, follow-ups, 8 updates, break, then
    # the deep dive's presentation (11), clarifying questions (12) and discussion (13).
    now = time.time()
    started = now - 2400.0 - 0.45
    offsets = [300.0 + 37.123 * k for k in range(10)] + [1600.31, 2000.62]
    disc = 2400.0 - 20.0 - 0.45 + 0.40  # the discussion began 20 s ago, 0.85 s out of phase
    steps = [(off, "next") for off in [*offsets, disc]]
    live = running_meeting(store, started, steps)
    assert live.state().current.slot.title.startswith("Discussion")  # type: ignore[union-attr]
    dd_start = started + offsets[-2]  # the presentation began at the 11th next
    disc_at = started + disc
    disc_allowed = live.state().current.allowed  # type: ignore[union-attr]
    errors: dict[str, list[int]] = {k: [] for k in ("meeting", "digits", "rail", "deep dive")}
    unread = 0
    with terminal.pane("clock", [terminal.PEERTUI], terminal.app_env(store.root)) as app:
        app.wait_for("planned end")
        deadline = time.monotonic() + CLOCK_S
        while time.monotonic() < deadline:
            before = time.time()
            screen = app.screen()
            after = time.time()
            readings = _read(screen, after, started, disc_at, dd_start, disc_allowed)
            for key, (shown, low, high) in readings.items():
                if shown is None:
                    unread += 1
                    continue
                errors[key].append(_error(shown, before, after, low, high))
            time.sleep(SAMPLE_S - (time.time() - before) % SAMPLE_S)
    worst = max(max(v) for v in errors.values() if v)
    last = {k: v[-1] for k, v in errors.items() if v}
    samples = len(errors["meeting"])
    results.at_most(BAR, f"clock in a real terminal after {CLOCK_S / 60:g} min: worst error",
                    worst, "s", 1.0,
                    f"{samples} readings every {SAMPLE_S:g} s of the meeting clock, big digits, "
                    f"rail and deep-dive hour; worst per display "
                    f"{ {k: max(v) for k, v in errors.items() if v} }; at the end {last}; "
                    f"unreadable {unread}", limit_text="<= 1 s of the wall clock")
    assert unread <= samples // 20, f"{unread} readings could not be read off the screen"
    results.assert_bar(BAR)


Expected = tuple[int | None, object, object]


def _read(screen: str, at: float, started: float, disc_at: float, dd_start: float,
          disc_allowed: float) -> dict[str, Expected]:
    """Each display's shown seconds, with functions giving the true value at a time."""
    def meeting(t: float) -> int:
        return math.floor(t - started)

    def countdown(t: float) -> int:
        return math.ceil(disc_allowed - (t - disc_at))

    def rail(t: float) -> int:
        return math.floor(t - disc_at)

    def deep_dive(t: float) -> int:
        return math.floor(3600 - (t - dd_start))

    return {
        "meeting": (screen_read.found(screen_read.MEETING, screen), meeting, meeting),
        "digits": (screen_read.big_digits(screen, countdown(at)), countdown, countdown),
        "rail": (screen_read.rail_actual(screen, "Discussion"), rail, rail),
        "deep dive": (screen_read.found(screen_read.DEEP_DIVE, screen), deep_dive, deep_dive),
    }


def _error(shown: int, before: float, after: float, truth: object, _same: object) -> int:
    """Whole seconds between what was shown and the truth while the screen was read.

    The truth moves while tmux reads the screen, so anything it took in that window is right.
    """
    values = sorted({truth(before), truth(after)})  # type: ignore[operator]
    if values[0] <= shown <= values[-1]:
        return 0
    return min(abs(shown - v) for v in values)
