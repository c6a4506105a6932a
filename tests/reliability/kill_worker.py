"""Run one store operation in a process that SIGKILLs itself at its N-th file-system step.

Used by test_kill_steps.py: ``python -m tests.reliability.kill_worker STORE MEETING OP N``.
A step is any call that changes the disk (open for writing, write, fsync, rename, unlink);
with N = 0 the operation runs to the end and the worker prints how many steps it took.
The counting is done here, by wrapping ``os`` functions in this process only: production
code has no hook for it.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

STEPS = ("open", "write", "fsync", "replace", "rename", "unlink")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _count_steps(kill_at: int) -> list[int]:
    counter = [0]

    def wrap(name: str) -> None:
        real = getattr(os, name)

        def step(*args: Any, **kwargs: Any) -> Any:
            if name == "open" and not (args[1] if len(args) > 1 else kwargs.get("flags", 0)) \
                    & WRITE_FLAGS:
                return real(*args, **kwargs)  # reading changes nothing
            counter[0] += 1
            if counter[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(os, name, step)

    for name in STEPS:
        wrap(name)
    return counter


def main() -> None:
    root, meeting_id, operation, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    from peertui.services.live import Draft, LiveMeeting
    from peertui.store import Store
    from tests.fakes import FakeTime

    store = Store.open(Path(root))
    live = LiveMeeting(store, meeting_id, FakeTime(time.time()))
    counter = _count_steps(kill_at)
    if operation == "end":
        live.act("end")
    elif operation == "item":
        owner = live.record.present[0]
        live.capture(Draft(kind="action", text="Run a restore test", owner_id=owner,
                           due_text="in 2 weeks"), date(2026, 12, 1))
    elif operation == "purge":
        store.purge_meeting(meeting_id)
    else:
        raise SystemExit(f"unknown operation {operation}")
    print(counter[0])


if __name__ == "__main__":
    main()
