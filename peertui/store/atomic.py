"""Crash-safe files: write a 0600 temp file, fsync, rename over, fsync the folder.

The store's files (TinyDB JSON, the lease) go through atomic_write_bytes; exports through
replace_file, the same steps with the OSError left for the CLI or the screen to word.

Stock ``JSONStorage`` truncates and rewrites in place, so a crash or a full disk mid-write
leaves a torn file and the meeting's notes are gone.  Here a reader sees either the old file
or the new one, never half of each, and a file that is damaged anyway is refused, not replaced.
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .errors import CORRUPT_ADVICE, StoreError, from_os_error, read_only_error, shape_error
from .layout import FILE_MODE
from .raw_files import read_raw
from .sealing import seal_for_write, unseal_read

Tables = dict[str, dict[str, Any]]

STALE_TEMP_AGE_S = 60.0
_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.tmp-(?P<pid>[0-9]+)-(?P<rand>[0-9a-f]+)")
_DOC_ID = re.compile(r"[0-9]+")


def temp_name(target: Path) -> Path:
    """A temp file beside *target*; same folder so the final rename is atomic."""
    import secrets  # here: only writes need it, and start-up need not pay for hashlib

    return target.with_name(f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


def encode_tables(data: Tables) -> bytes:
    """Compact UTF-8 JSON.  A lone surrogate (half a UTF-16 pair: no character, and nothing
    a keyboard types) is written as U+FFFD, so every file stays valid UTF-8 text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        from .codec import without_surrogates

        clean = without_surrogates(data)
        return json.dumps(clean, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def check_tables(data: object, path: Path) -> Tables:
    """Insist on TinyDB's shape (tables of numbered docs) before anyone trusts or rewrites it."""
    if not isinstance(data, dict):
        raise shape_error(path, f"expected tables of records, found a JSON {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise shape_error(path, f"table {name!r} is not a set of records")
        for doc_id, doc in table.items():
            if _DOC_ID.fullmatch(doc_id) is None or not isinstance(doc, dict):
                raise shape_error(path, f"table {name!r} has a malformed record {doc_id!r}")
    return data


def decode_tables(raw: bytes, path: Path) -> Tables:
    """Parse and validate a store file; every kind of damage becomes a StoreError."""
    if not raw:
        raise StoreError(path, "it is empty (zero bytes), probably cut short by a crash")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(path, "it is not UTF-8 text (damaged?)", CORRUPT_ADVICE) from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise StoreError(path, "it is not valid JSON (truncated?)", CORRUPT_ADVICE) from None
    return check_tables(data, path)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None only when it does not exist (an empty file is not 'missing');
    unsealed when the store is encrypted (sealing.py)."""
    raw = read_raw(path)
    return None if raw is None else unseal_read(path, raw)


def _write_all(fd: int, data: bytes) -> None:
    """os.write may write less than asked; loop until done (tests patch this to fill the disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _sync_dir(directory: Path) -> None:
    """Make a rename durable; best effort where the platform cannot sync folders."""
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """_sync_dir, its failure worded as a StoreError."""
    try:
        _sync_dir(directory)
    except OSError as exc:
        raise from_os_error(directory, exc, "write") from exc


def replace_file(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Put *data* at *path* all-or-nothing, as a file only its owner can read (0600).

    A temp file beside the target (so the rename is atomic), 0600 from its creation (no
    other user can open it even for a moment, whatever the umask or the old file's mode),
    fsynced, then renamed over the target.  On any failure the temp file is removed and the
    old file is byte for byte as it was; the OSError is raised as is, for the caller to word.
    ``durable=False`` skips both fsyncs: still never torn, but a power cut may bring back the
    old version.
    """
    temp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temp, flags, FILE_MODE)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, FILE_MODE)  # umask could only narrow it, but be explicit
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _sync_dir(path.parent)


def refuse_symlink(path: Path) -> None:
    """A store file that is a symbolic link is refused, never replaced: the atomic rename
    would put a plain file where the link was and the link's target would silently stop
    updating; nor is it written through, since a link in a private store could point a
    save (or a purge that leaves the target behind) anywhere.  A symlinked store *folder*
    is fine: the rename then happens inside the folder it points to."""
    if os.path.islink(path):
        try:
            target = f" (to {os.readlink(path)})"
        except OSError:
            target = ""
        raise StoreError(
            path, f"it is a symbolic link{target}, and saving replaces store files whole, "
            "which would cut the link",
            "Put the file itself in its place (or link the whole store folder instead, "
            "which works), then start again.")


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace the store file *path* with *data* all-or-nothing (replace_file), sealed when
    the store is encrypted (sealing.py), so the temp file is sealed too; every failure,
    and a read-only file or a symbolic link in its place, is a StoreError and leaves the
    old file as it was."""
    refuse_symlink(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise read_only_error(path)
    data = seal_for_write(path, data)
    try:
        replace_file(path, data, durable=durable)
    except OSError as exc:
        raise from_os_error(path, exc, "write") from exc


def copy_file(source: Path, target: Path) -> None:
    """Copy *source* to *target* through the atomic path, so backups are 0600, never torn,
    and sealed like the file they copy."""
    raw = read_bytes(source)
    if raw is None:
        raise StoreError(source, "it vanished while being backed up", "Try again.")
    atomic_write_bytes(target, raw)


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, written atomically and read strictly.

    An instance is meant to live for ONE store operation (under the write lock for writes):
    it caches what it read or wrote so TinyDB's repeated reads cost no extra parsing, and that
    cache is only trustworthy while nobody else can change the file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.found = False  # did the file exist at the first read? (missing != empty)
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        """Load the file once per instance; a missing file is None, a damaged one raises."""
        if self._data is not None:
            return self._data
        raw = read_bytes(self.path)
        if raw is None:
            self.found = False
            return None
        self.found = True
        self._data = decode_tables(raw, self.path)
        return self._data

    def write(self, data: Tables) -> None:
        """Atomically replace the file; on failure forget the cache, which may be ahead of disk."""
        try:
            atomic_write_bytes(self.path, encode_tables(data))
        except BaseException:
            self._data = None
            raise
        self._data = data
        self.found = True


def pid_alive(pid: int) -> bool:
    """Whether *pid* is a running process on this machine; unknown counts as alive, so no
    one's live work (a temp file, a clock lease, a browser session) is taken for dead."""
    if pid <= 0 or os.name == "nt":  # os.kill on Windows would terminate the process
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def cleanup_stale_temps(directory: Path, max_age_s: float = STALE_TEMP_AGE_S) -> list[Path]:
    """Delete temp files a crashed writer left behind (dead pid, or older than *max_age_s*)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > max_age_s
            if old or not pid_alive(int(match["pid"])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # best effort: a leftover temp file harms nothing
    return removed
