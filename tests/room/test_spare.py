"""serve's warm spare (peertui/web/spare.py): loaded before a browser comes, told its size
and session on one line, and nothing after that line taken from the app's input."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from peertui.web.spare import SPARE_ENV, Spare

#: A stand-in for the app: waits as a spare does, then shows what it was told and the rest
#: of its stdin (which is the web driver's in the real app).
SHOW = ("from peertui.web.spare import wait_to_be_taken; wait_to_be_taken(); "
        "import os, sys; print(os.environ['COLUMNS'], os.environ.get('SESSION_X'), "
        f"os.environ.get('{SPARE_ENV}'), repr(sys.stdin.read()))")


def _environment() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "80", "ROWS": "24"}


def test_a_spare_takes_its_line_and_leaves_the_rest_to_the_app() -> None:
    told = json.dumps({"COLUMNS": "132", "SESSION_X": "s1"}) + "\n"
    shown = subprocess.run([sys.executable, "-c", SHOW], input=told + "first keys",
                           capture_output=True, text=True, timeout=60,
                           env={**_environment(), SPARE_ENV: "1"})
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "132 s1 None 'first keys'"


def test_a_spare_never_taken_ends_quietly_when_serve_stops() -> None:
    ended = subprocess.run([sys.executable, "-c", SHOW], input="", capture_output=True,
                           text=True, timeout=60, env={**_environment(), SPARE_ENV: "1"})
    assert ended.returncode == 0 and not ended.stdout and not ended.stderr


def test_taking_the_spare_tells_it_what_differs_and_starts_the_next() -> None:
    async def scenario() -> tuple[list[str], int | None]:
        command = f"exec {sys.executable} -c \"{SHOW}\""
        spare = Spare(command, _environment())
        await spare.start()
        shown = []
        for session in ("a", "b"):
            for _ in range(200):  # until the spare (the next, after "a") is started
                if spare._process is not None:
                    break
                await asyncio.sleep(0.05)
            process = await spare.take({**_environment(), "COLUMNS": "100",
                                        "SESSION_X": session})
            assert process is not None and process.stdin is not None and process.stdout
            process.stdin.write(b"typed")
            process.stdin.close()
            shown.append((await process.stdout.read()).decode().strip())
            await process.wait()
        assert spare._starting is not None
        await spare._starting  # the next spare, started when "b" took its own
        left = spare._process
        await spare.close()
        return shown, left.returncode if left is not None else -1

    shown, left = asyncio.run(scenario())
    assert shown == ["100 a None 'typed'", "100 b None 'typed'"]
    assert left == 0, "the spare left at the end was told to stop, and did"
