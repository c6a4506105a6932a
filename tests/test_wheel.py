"""The built wheel carries the stylesheet: a missing .tcss crashes the app at start."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_the_stylesheet_and_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("peertui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "peertui/ui/app.tcss" in names


def test_installed_wheel_starts(tmp_path: Path) -> None:
    """Install the wheel into a bare folder and start the app headless from there."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("peertui-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    code = (
        "import asyncio, peertui\n"
        "from peertui.store import Store\n"
        "from peertui.domain.timesource import SystemTime\n"
        "from peertui.ui.app import create_app\n"
        f"assert peertui.__file__.startswith({str(target)!r}), peertui.__file__\n"
        f"app = create_app(Store.open({str(tmp_path / 'store')!r}), SystemTime())\n"
        "async def main():\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        print(type(app.screen).__name__)\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WelcomeScreen"
