"""`peertui serve` listens on loopback unless told, loudly, otherwise, and prints a link that
carries a fresh key (and its QR code); `peertui display` opens."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from peertui.cli import cli
from peertui.cli.serve import app_command, is_loopback
from peertui.web.server import KeyedServer


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand-in for the server's blocking serve(): record what it was asked to do."""
    calls: list[dict[str, Any]] = []

    def fake_serve(self: KeyedServer, debug: bool = False) -> None:
        calls.append({"command": self.command, "host": self.host, "port": self.port,
                      "url": self.public_url, "key": self.key, "tls": self.ssl_context})

    monkeypatch.setattr(KeyedServer, "serve", fake_serve)
    return calls


def printed_link(stdout: str) -> str:
    """The one line of stdout: the link (scripts and tests read it)."""
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    return lines[0]


def test_serves_the_store_on_loopback_by_default(tmp_path: Path,
                                                 served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert served and served[0]["host"] == "127.0.0.1" and served[0]["port"] == 8000
    link = printed_link(result.stdout)
    key = served[0]["key"]
    assert link == f"http://127.0.0.1:8000/?key={key}" and len(key) >= 32
    assert "WARNING" not in result.output
    assert "\u2580" in result.stderr or "\u2584" in result.stderr  # the QR code's half blocks
    again = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "s")])
    assert served[1]["key"] != key, "each run makes a fresh key"
    assert printed_link(again.stdout).endswith(served[1]["key"])
    command = shlex.split(served[0]["command"])
    assert command[:4] == ["exec", sys.executable, "-m", "peertui"]  # no shell left over
    assert command[4:] == ["--store", str((tmp_path / "s").resolve())]


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
    assert "plain HTTP" in allowed.stderr and "--tls" in allowed.stderr
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 8123
    assert not served[0]["url"].startswith("http://0.0.0.0"), "a browser elsewhere needs a name"
    assert re.fullmatch(r"http://[^/]+:8123/\?key=[A-Za-z0-9_-]{32,}",
                        printed_link(allowed.stdout))


def test_tls_serves_https_and_prints_the_fingerprint(tmp_path: Path,
                                                    served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--public", "--tls",
                                      "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert printed_link(result.stdout).startswith("https://")
    assert served[0]["tls"] is not None
    assert re.search(r"SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}", result.stderr)
    assert "plain HTTP" not in result.stderr


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
