"""Propagation, driver to follower: from the driver's key to the change on a follower's screen.

One measuring loop for every follower (a browser note-taker, a second terminal, the
projector view): it takes how to send the driver a key and how to watch the follower's
screen, so only those two differ.  A watch is armed *before* the key goes, and arming
fails if the follower already shows the change: a change that was there before the key
would be a time of zero, not a measurement.

    times = propagation_times(live_cycle("Art", "Priya", 52), driver.keys,
                              {"driver": polling(driver.screen),
                               "display": polling(display.screen)})
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

#: Arms a watch for a regular expression on the follower's screen and returns a waiter;
#: the waiter returns when the follower first showed it, in time.perf_counter() seconds.
Watch = Callable[[str], Callable[[], float]]


@dataclass(frozen=True)
class Change:
    """One driver key and what the follower shows once it has followed."""

    key: str  # as the send_key callable takes it (tmux key names: "F4")
    shown: str  # a regular expression (Python and JavaScript alike) on the whole screen
    what: str  # said in a failure


def live_cycle(current: str, following: str, count: int) -> list[Change]:
    """*count* changes on the live screen, cycling Next, Back, Pause, Resume in a round
    where *current* speaks and *following* is next: each one leaves the screen in a state
    the one before did not show (the speaker changed, PAUSED shown, PAUSED gone)."""
    now_a, now_b = _speaking(current), _speaking(following)
    steps = [Change("F4", now_b, f"next speaker ({following})"),
             Change("F3", now_a, f"back to {current}"),
             Change("F2", r"PAUSED[\s\S]*" + now_a + "|" + now_a + r"[\s\S]*PAUSED", "paused"),
             Change("F2", r"^(?![\s\S]*PAUSED)[\s\S]*" + now_a, "resumed")]
    return [steps[n % len(steps)] for n in range(count)]


def _speaking(name: str) -> str:
    """The countdown pane's "Speaking now: NAME · Next: ..." (screens/live, CountdownPane)."""
    return "Speaking now: " + re.escape(name) + " ·"


def propagation_times(changes: Sequence[Change], send_key: Callable[[str], None],
                      followers: Mapping[str, Watch], pause: tuple[float, float] = (0.25, 0.6),
                      seed: int = 15) -> dict[str, list[float]]:
    """Seconds from each key to each follower showing its change, in order, by follower.

    Every follower is watched for the same key at once (the driver's own screen is a good
    baseline beside the others).  Between changes it waits a random *pause* (s, seeded):
    keys land at every phase of a follower's polling or timers, as a person's would.
    """
    pacing = random.Random(seed)
    times: dict[str, list[float]] = {name: [] for name in followers}
    for change in changes:
        waiters = {name: watch(change.shown) for name, watch in followers.items()}
        sent = time.perf_counter()
        send_key(change.key)
        for name, waiter in waiters.items():
            try:
                shown = waiter()
            except TimeoutError as error:
                raise TimeoutError(f"{name} never showed {change.what} after "
                                   f"{change.key}: {error}") from error
            times[name].append(shown - sent)
        time.sleep(pacing.uniform(*pause))
    return times


def polling(read_text: Callable[[], str], timeout: float = 10.0, every: float = 0.005,
            output: Callable[[], int] | None = None) -> Watch:
    """A Watch for a screen that can only be read (a tmux pane): a thread reads it from the
    moment the watch is armed, every *every* s, until the change shows; its time is that of
    the first read that shows it (so a few ms late at most: one read and one pause).

    With *output* (the bytes the app has written so far, Pane.output_token) the screen is
    read only once the app has written something since the last read, looked at every
    millisecond: as precise, and it leaves the CPU to the apps being measured."""
    if output is not None:
        every = 0.001

    def watch(pattern: str) -> Callable[[], float]:
        wanted = re.compile(pattern)
        before = read_text()
        if wanted.search(before):
            raise AssertionError(f"the follower shows {pattern!r} before the key:\n{before}")
        found: list[float] = []
        last = [before]

        def poll() -> None:
            deadline = time.perf_counter() + timeout
            written = -2
            while time.perf_counter() < deadline:
                if output is not None:
                    now = output()
                    if now == written:
                        time.sleep(every)
                        continue
                    written = now
                last[0] = read_text()
                if wanted.search(last[0]):
                    found.append(time.perf_counter())
                    return
                time.sleep(every)

        reader = threading.Thread(target=poll, name="follower-poll", daemon=True)
        reader.start()

        def wait() -> float:
            reader.join()
            if not found:
                raise TimeoutError(f"not shown within {timeout:g} s; the screen was:\n"
                                   f"{last[0]}")
            return found[0]

        return wait

    return watch
