"""The command line: help, version, and where the store is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from peertui import __version__
from peertui.cli import cli


def test_help_and_version() -> None:
    runner = CliRunner()
    help_result = runner.invoke(cli, ["--help"])
    assert help_result.exit_code == 0
    assert "--store" in help_result.output
    version = runner.invoke(cli, ["--version"])
    assert version.exit_code == 0
    assert __version__ in version.output


def test_where_honours_store_option_and_env(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(tmp_path / "s1"), "where"])
    assert result.exit_code == 0 and result.output.strip() == str(tmp_path / "s1")
    result = runner.invoke(cli, ["where"], env={"PEERTUI_STORE": str(tmp_path / "s2")})
    assert result.output.strip() == str(tmp_path / "s2")


def test_python_dash_m_runs(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "peertui", "--version"],
                            capture_output=True, text=True, check=True)
    assert __version__ in result.stdout


def test_unreadable_store_exits_2_and_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    index = root / "index.json"
    index.write_text('{"meta": {"1": {"schema": 1}}, "groups": {"1": {"na')
    before = index.read_bytes()
    result = CliRunner().invoke(cli, ["--store", str(root), "where"])
    assert result.exit_code == 2
    assert str(index) in result.output
    assert index.read_bytes() == before
