"""Each copy's changes in files of its own: the layout that lets git sync copies (issue 16).

``changes/<device>/<sequence>.batch`` holds one batch of changes (domain/changes.py), written
once through the store's atomic path and never rewritten, so two copies never write the same
file and git never merges inside one.  A copy reads every device's folder, its own and the
ones git brought, and views their union.  The store's read_bytes and atomic_write_bytes
seal and unseal on an encrypted store, so a batch is ciphertext there like every other file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import msgspec

from peertui.domain.changes import Change

from .atomic import atomic_write_bytes, read_bytes
from .errors import StoreError
from .layout import ensure_dir

FOLDER = "changes"
_BATCH = re.compile(r"(?P<sequence>[0-9]{8})\.batch")
_DEVICE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(list[Change]).decode


class ChangeLog:
    """The change logs under one store folder, this copy's device writing its own."""

    def __init__(self, root: Path, device: str) -> None:
        if not _DEVICE.fullmatch(device):
            raise ValueError(f"a device name of letters, digits, - and _: {device!r}")
        self.root = root / FOLDER
        self.device = device

    @property
    def own(self) -> Path:
        return self.root / self.device

    def append(self, changes: list[Change]) -> Path:
        """Write *changes* as this device's next batch, all or nothing."""
        ensure_dir(self.own)
        path = self.own / batch_name(self._next_sequence())
        atomic_write_bytes(path, _encode(changes))
        return path

    def _next_sequence(self) -> int:
        numbers = [int(m["sequence"]) for m in map(_BATCH.fullmatch, _names(self.own)) if m]
        return max(numbers, default=0) + 1

    def counts(self) -> dict[str, int]:
        """How many batches each device has here (its highest sequence number)."""
        found: dict[str, int] = {}
        for device in self.devices():
            numbers = [int(m["sequence"]) for m in map(_BATCH.fullmatch, _names(device)) if m]
            if numbers:
                found[device.name] = max(numbers)
        return found

    def devices(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and _DEVICE.fullmatch(p.name))

    def batches(self, upto: dict[str, int] | None = None,
                after: dict[str, int] | None = None) -> Iterator[tuple[Path, list[Change]]]:
        """Every batch of every device in name order (with *upto*, only each device's
        first so many; with *after*, only those past so many); temp files left by a crash
        are not batches and are skipped."""
        for device in self.devices():
            limit = None if upto is None else upto.get(device.name, 0)
            skip = 0 if after is None else after.get(device.name, 0)
            for name in sorted(_names(device)):
                match = _BATCH.fullmatch(name)
                if match is None:
                    continue
                sequence = int(match["sequence"])
                if sequence <= skip or (limit is not None and sequence > limit):
                    continue
                path = device / name
                yield path, self._read(path)

    def changes(self, upto: dict[str, int] | None = None) -> list[Change]:
        return [change for _, batch in self.batches(upto) for change in batch]

    def _read(self, path: Path) -> list[Change]:
        raw = read_bytes(path)
        if raw is None:
            raise StoreError(path, "it vanished while it was being read", "Sync again.")
        try:
            return _decode(raw)
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            raise StoreError(path, f"it is not a batch of changes ({error})",
                             "Restore it from another copy (peertui sync), or move it "
                             "aside.") from error


def batch_name(sequence: int) -> str:
    return f"{sequence:08d}.batch"


def _names(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except FileNotFoundError:
        return []
