"""`peertui serve` listens on loopback unless told, loudly, otherwise; `peertui display` opens."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from peertui.cli import cli
from peertui.cli.serve import app_command, is_loopback


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand-in for textual-serve's blocking serve(): record what it was asked to do."""
    from textual_serve import server

    calls: list[dict[str, Any]] = []

    def fake_serve(self: Any, debug: bool = False) -> None:
        calls.append({"command": self.command, "host": self.host, "port": self.port,
                      "url": self.public_url})

    monkeypatch.setattr(server.Server, "serve", fake_serve)
    return calls


def test_serves_the_store_on_loopback_by_default(tmp_path: Path,
                                                 served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert served and served[0]["host"] == "127.0.0.1" and served[0]["port"] == 8000
    assert "http://127.0.0.1:8000" in result.output
    assert "WARNING" not in result.output
    command = shlex.split(served[0]["command"])
    assert command[:3] == [sys.executable, "-m", "peertui"]
    assert command[3:] == ["--store", str((tmp_path / "s").resolve())]


def test_a_wider_address_needs_public_and_warns(tmp_path: Path,
                                               served: list[dict[str, Any]]) -> None:
    refused = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0",
                                       "--store", str(tmp_path / "s")])
    assert refused.exit_code == 2 and not served
    assert "--public" in refused.output
    allowed = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123",
                                       "--public", "--store", str(tmp_path / "s")])
    assert allowed.exit_code == 0, allowed.output
    assert "WARNING" in allowed.output and "anyone" in allowed.output
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 8123
    assert not served[0]["url"].startswith("http://0.0.0.0"), "a browser elsewhere needs a name"


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "example.org"]))


def test_app_command_quotes_odd_paths(tmp_path: Path) -> None:
    odd = tmp_path / "my store; rm -rf x"
    assert shlex.split(app_command(odd))[-1] == str(odd)


def test_display_opens_the_store_given_after_the_command(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from peertui.ui import display_app

    opened: list[Path] = []
    monkeypatch.setattr(display_app.DisplayApp, "run",
                        lambda self, **kw: opened.append(self.store.root))
    result = CliRunner().invoke(cli, ["display", "--store", str(tmp_path / "room")])
    assert result.exit_code == 0, result.output
    assert opened == [(tmp_path / "room").resolve()]
