"""What one copy knows of its syncing, in files of the store (never sent to the remote).

``sync.json`` beside the index: this copy's device id, the store's id, the remote, how many
batches of each device have been written into this copy's files (``applied``), the batches
being written when a sync was cut short (``applying``), and the last result, which home
shows.  ``sync/peertui-remote.json`` in the synced folder: the plain marker that says a
remote is a peertui store, and whose.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import msgspec

from peertui.store.atomic import atomic_write_bytes, read_bytes
from peertui.store.errors import StoreError
from peertui.store.layout import SYNC_DIR, SYNC_MARKER_NAME, SYNC_STATE_NAME

STATE_NAME = SYNC_STATE_NAME
MARKER_NAME = SYNC_MARKER_NAME
FORMAT = "peertui-sync"


class SyncState(msgspec.Struct, kw_only=True):
    device: str
    store_id: str
    remote: str = ""
    applied: dict[str, int] = {}
    applying: dict[str, int] | None = None
    # each file's fingerprint when it last matched the logs: a file unchanged since holds
    # no edit, so a sync reads only the files that moved (services/sync_view.Scope)
    files: dict[str, list[int]] = {}
    last_synced: str = ""  # ISO UTC of the last sync that completed
    last_tried: str = ""
    last_error: str = ""  # why the last try failed ("" when it completed)
    last_summary: str = ""


class RemoteMarker(msgspec.Struct, kw_only=True):
    """The one plain file of a remote: what it is, whose, and how it is sealed."""

    format: str
    version: int = 1
    store_id: str
    sealed_with: str = ""  # the age recipient of an encrypted store ("" plain)
    # an encrypted store's keys as its own marker holds them (store/sealing.py): the
    # identity sealed with the passphrase, the data key sealed to the identity; so a
    # restore needs the remote and the passphrase, nothing else
    key: str = ""
    data_key: str = ""

    def words(self) -> str:
        return "encrypted" if self.sealed_with else "unencrypted"


def new_id() -> str:
    return secrets.token_hex(8)


def state_path(root: Path) -> Path:
    return root / STATE_NAME


def sync_dir(root: Path) -> Path:
    return root / SYNC_DIR


def read_state(root: Path) -> SyncState | None:
    """This copy's sync state, or None if it has never synced."""
    path = state_path(root)
    raw = read_bytes(path)
    if raw is None:
        return None
    try:
        return msgspec.json.decode(raw, type=SyncState)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise StoreError(path, f"it is not peertui's sync state ({error})",
                         "Move it aside and sync again: the copy's files and the remote are "
                         "untouched, and the next sync sends what differs.") from error


def write_state(root: Path, state: SyncState) -> None:
    atomic_write_bytes(state_path(root), msgspec.json.encode(state))


def decode_marker(raw: bytes) -> RemoteMarker | None:
    try:
        marker = msgspec.json.decode(raw, type=RemoteMarker)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    return marker if marker.format == FORMAT else None
