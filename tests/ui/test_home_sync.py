"""Sync from home (issue 16): y (or the palette) syncs in the background; the first time a
dialog asks for the remote; the steps, the result and "last synced" show on home."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from textual.widgets import Input

from peertui.domain.models import Member
from peertui.services.sync import Syncer, restore
from peertui.store import Store
from peertui.ui.app import create_app
from peertui.ui.sync_line import RemoteDialog, SyncLine, ago
from tests.conftest import TODAY
from tests.fakes import FakeTime
from tests.review.conftest import build_sample, settle


def _bare(path: Path) -> str:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return str(path)


async def _wait_for(pilot: object, line: SyncLine, words: str) -> str:
    for _ in range(200):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        shown = str(line.render())
        if words in shown:
            return shown
    raise AssertionError(f"{words!r} never showed; the line says {shown!r}")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_first_sync_asks_for_the_remote_then_says_when_it_synced(
        store: Store, fake_time: FakeTime, tmp_path: Path, size: tuple[int, int]) -> None:
    build_sample(store)
    remote = _bare(tmp_path / "remote.git")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        line = app.screen.query_one(SyncLine)
        assert not line.display  # never synced: no line
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RemoteDialog)
        app.screen.query_one(Input).value = remote
        await pilot.press("enter")
        shown = await _wait_for(pilot, line, "Last synced")
        assert line.display and "just now" in shown and remote in shown
        assert line.region.bottom <= size[1]
    assert restore(remote, tmp_path / "copy").received > 0


async def test_a_sync_from_home_brings_another_copys_member(
        store: Store, fake_time: FakeTime, tmp_path: Path) -> None:
    build_sample(store)
    remote = _bare(tmp_path / "remote.git")
    Syncer(store).run(remote)
    restore(remote, tmp_path / "copy")
    other = Store.open(tmp_path / "copy")
    group = other.groups()[0]
    other.save_group(msgspec.structs.replace(
        group, members=[*group.members, Member(name="Zoe Added-Elsewhere")]))
    Syncer(other).run()
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(SyncLine)
        assert "Last synced" in str(line.render())
        await pilot.press("y")
        await _wait_for(pilot, line, "Last synced just now")
        await pilot.pause(0.2)
        assert "Zoe Added-Elsewhere" in [m.name for m in app.screen.group.members]  # type: ignore[attr-defined]


async def test_a_failed_sync_says_why_on_home(store: Store, fake_time: FakeTime,
                                              tmp_path: Path) -> None:
    build_sample(store)
    remote = tmp_path / "remote.git"
    Syncer(store).run(_bare(remote))
    remote.rename(tmp_path / "gone.git")
    app = create_app(store, fake_time, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        shown = await _wait_for(pilot, app.screen.query_one(SyncLine), "Last sync failed")
        assert "does not appear to be a git repository" in shown and "y tries again" in shown


def test_ago_reads_like_a_person() -> None:
    ten = datetime(2026, 12, 2, 10, tzinfo=UTC).timestamp()
    assert ago("2026-12-02T10:00:00Z", ten + 30) == "just now"
    assert ago("2026-12-02T10:00:00Z", ten + 7300) == "2 h ago"
    assert ago("2026-12-02T10:00:00Z", ten + 86400 * 3) == "3 days ago"
    assert ago("not a time", 0.0) == "not a time"
