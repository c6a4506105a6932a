"""Each copy's changes in files of its own: the layout that lets git sync copies (issue 16).

``changes/<device>/<sequence>.json`` holds one batch of changes (domain/changes.py), written
once through the store's atomic path and never rewritten, so two copies never write the same
file and git never merges inside one.  A copy reads every device's folder, its own and the
ones git brought, and views their union.  *seal* and *unseal* stand between the bytes and the
disk (the identity today; age encryption is to come), so the format does not change when the
files are sealed.

Not wired into the store yet: nothing writes here but the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec

from peertui.domain.changes import Change

from .atomic import atomic_write_bytes
from .errors import StoreError

FOLDER = "changes"
_BATCH = re.compile(r"(?P<sequence>[0-9]{8})\.json")
_DEVICE = re.compile(r"[A-Za-z0-9_-]{1,64}")
Seal = Callable[[bytes], bytes]

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(list[Change]).decode


def _same(data: bytes) -> bytes:
    return data


class ChangeLog:
    """The change logs under one store folder, this copy's device writing its own."""

    def __init__(self, root: Path, device: str, seal: Seal = _same,
                 unseal: Seal = _same) -> None:
        if not _DEVICE.fullmatch(device):
            raise ValueError(f"a device name of letters, digits, - and _: {device!r}")
        self.root = root / FOLDER
        self.device = device
        self.seal, self.unseal = seal, unseal

    @property
    def own(self) -> Path:
        return self.root / self.device

    def append(self, changes: list[Change]) -> Path:
        """Write *changes* as this device's next batch, all or nothing."""
        self.own.mkdir(parents=True, exist_ok=True)
        path = self.own / f"{self._next_sequence():08d}.json"
        atomic_write_bytes(path, self.seal(_encode(changes)))
        return path

    def _next_sequence(self) -> int:
        numbers = [int(m["sequence"]) for m in map(_BATCH.fullmatch, _names(self.own)) if m]
        return max(numbers, default=0) + 1

    def batches(self) -> Iterator[tuple[Path, list[Change]]]:
        """Every batch of every device, in name order; temp files left by a crash are not
        batches and are skipped."""
        if not self.root.is_dir():
            return
        for device in sorted(p for p in self.root.iterdir() if p.is_dir()):
            for name in sorted(_names(device)):
                if _BATCH.fullmatch(name):
                    path = device / name
                    yield path, self._read(path)

    def changes(self) -> list[Change]:
        return [change for _, batch in self.batches() for change in batch]

    def _read(self, path: Path) -> list[Change]:
        try:
            return _decode(self.unseal(path.read_bytes()))
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            raise StoreError(path, f"it is not a batch of changes ({error})",
                             "Restore it from another copy (peertui sync), or move it "
                             "aside.") from error


def _names(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except FileNotFoundError:
        return []
