"""Turning a store's encryption on or off in place, crash-safely (peertui encrypt / decrypt).

The marker is the commit point.  Encrypting first writes it in state "sealing" (from then
on every write is sealed and reads take plain and sealed files alike), then seals the files
one by one, each replaced atomically (temp file, fsync, rename), and last sets "sealed".
Decrypting sets "opening" (writes plain, reads both), unseals file by file, and last
removes the marker.  A kill, a full disk or a damaged file part-way leaves each file
either as it was or converted, never torn, and a marker that says the job is unfinished:
the store opens with its key as before, and the next open (finish_interrupted) or the same
command finishes it.  All of it runs under the store's write lock, so no other process
writes while files change form.

What is converted: every regular file under the store folder except the marker itself,
the sync folder's remote marker (plain by design), empty files (a lock file holds nothing)
and anything inside a ``.git`` folder (the sync's repository: a store whose encryption
changed starts a fresh one at its next sync, services/sync.py).  Crash temp files
are deleted: they are never the only copy of anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .atomic import _TEMP_NAME, fsync_dir, replace_file
from .errors import StoreError, from_os_error
from .layout import SYNC_DIR, SYNC_MARKER_NAME
from .sealing import (
    FORMAT,
    MARKER_NAME,
    SEALED_HEADER,
    VERSION,
    Marker,
    Sealer,
    State,
    encode_marker,
    marker_path,
    read_marker,
    register,
)

if TYPE_CHECKING:
    from .store import Store

Target = Literal["sealed", "plain"]


@dataclass(frozen=True)
class Converted:
    """What a conversion did: files changed, files already in the wanted form, temp files
    deleted."""

    changed: int
    already: int
    temps: int


class ConversionStopped(StoreError):
    """A conversion stopped part-way: *error* says why, and how far it got."""

    def __init__(self, error: StoreError, done: int, total: int, target: Target) -> None:
        verb = "sealed" if target == "sealed" else "unsealed"
        command = "peertui encrypt" if target == "sealed" else "peertui decrypt"
        super().__init__(error.path, f"{error.problem}, after {done} of {total} files were "
                         f"{verb}", f"{error.advice} Nothing is lost: every file is whole, "
                         f"and the store opens with its passphrase as before; run `{command}` "
                         "again to finish.", error.kind)
        self.args = (error, done, total, target)


def write_marker(root: Path, marker: Marker) -> None:
    """Replace the marker atomically and durably: each state change is a commit."""
    path = marker_path(root)
    try:
        replace_file(path, encode_marker(marker))
    except OSError as exc:
        raise from_os_error(path, exc, "write") from exc


def new_marker(sealer: Sealer, wrapped: bytes) -> Marker:
    import base64

    return Marker(format=FORMAT, version=VERSION, recipient=sealer.recipient,
                  identity=base64.b64encode(wrapped).decode("ascii"),
                  data_key=base64.b64encode(sealer.wrapped_key).decode("ascii"),
                  state="sealing")


def store_files(root: Path) -> Iterator[Path]:
    """Every file a conversion looks at, in a stable order (see the module's docstring)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        here = Path(folder)
        for name in sorted(names):
            if here == root and name == MARKER_NAME:
                continue
            if here == root / SYNC_DIR and name == SYNC_MARKER_NAME:
                continue  # plain by design: it says what a remote is, before any unlock
            yield here / name


def _convert_one(path: Path, sealer: Sealer, target: Target) -> bool | None:
    """Put one file in the wanted form: True if it changed, False if it was so already,
    None if it was a crash temp file (deleted) or is no regular file (left alone)."""
    try:
        st = os.lstat(path)
        if not os.path.isfile(path) or os.path.islink(path):
            return None
        if _TEMP_NAME.fullmatch(path.name):
            os.unlink(path)
            return None
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(path, exc, "read") from exc
    sealed = raw.startswith(SEALED_HEADER)
    if not raw or sealed == (target == "sealed"):
        return False
    data = sealer.seal(raw) if target == "sealed" else sealer.unseal(raw, path)
    try:
        replace_file(path, data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # converting is not a save
    except OSError as exc:
        raise from_os_error(path, exc, "write") from exc
    return True


def _walk(root: Path, sealer: Sealer, target: Target) -> Converted:
    files = list(store_files(root))
    counts = {True: 0, False: 0, None: 0}
    for path in files:
        try:
            counts[_convert_one(path, sealer, target)] += 1
        except StoreError as error:
            raise ConversionStopped(error, counts[True], len(files), target) from error
    return Converted(counts[True], counts[False], counts[None])


def _set_state(store: Store, sealer: Sealer, marker: Marker, state: State) -> Marker:
    import msgspec

    if marker.state != state:
        marker = msgspec.structs.replace(marker, state=state)
        write_marker(store.root, marker)
    register(store.root, sealer, state)
    return marker


def begin_sealing(store: Store, sealer: Sealer, wrapped: bytes) -> None:
    """The first step of encrypting a plain store: the marker, in state "sealing".  Until
    it is written nothing has changed; from then on everything written is sealed."""
    with store.locked():
        if read_marker(store.root) is not None:
            raise StoreError(marker_path(store.root), "the store is encrypted already",
                             "Nothing was changed.", "encryption marker")
        write_marker(store.root, new_marker(sealer, wrapped))
        register(store.root, sealer, "sealing")


def convert(store: Store, sealer: Sealer, target: Target) -> Converted:
    """Bring every file of an encrypted store (in any state) to *target*, and commit it:
    state "sealed", or no marker at all.  ConversionStopped if a file fails."""
    root = store.root
    with store.locked():
        marker = read_marker(root)
        if marker is None:
            if target == "plain":
                return Converted(0, 0, 0)
            raise StoreError(marker_path(root), "the store is not encrypted",
                             "Run `peertui encrypt` to encrypt it.", "encryption marker")
        if marker.recipient != sealer.recipient:
            raise StoreError(marker_path(root), "the key given is not this store's",
                             "Nothing was changed.", "encryption marker")
        marker = _set_state(store, sealer, marker, "sealing" if target == "sealed"
                            else "opening")
        done = _walk(root, sealer, target)
        store.meetings()  # the index's summaries made again from the converted files
        if target == "sealed":
            _set_state(store, sealer, marker, "sealed")
            return done
        try:
            os.unlink(marker_path(root))
        except OSError as exc:
            raise from_os_error(marker_path(root), exc, "write") from exc
        fsync_dir(root)
        register(root, None)
        return done


def finish_interrupted(store: Store) -> StoreError | None:
    """At open: a conversion was cut short (the marker says "sealing" or "opening"), so
    finish it now, in the direction it was going, with the key this process holds.  If it
    stops again (a full disk, a damaged file) the store still opens as it is, every file
    readable: the reason is returned, for whoever can show it."""
    from .sealing import registered

    sealer = registered(store.root)
    if sealer is None:
        return None
    try:
        with store.locked():  # another process may have finished it meanwhile
            marker = read_marker(store.root)
            if marker is None:
                register(store.root, None)
            elif marker.state == "sealed":
                register(store.root, sealer, "sealed")
            else:
                convert(store, sealer, "sealed" if marker.state == "sealing" else "plain")
    except StoreError as stopped:
        return stopped
    return None
