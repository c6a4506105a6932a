"""Where things live inside a store folder, and how the folders get made.

One small file per meeting keeps a live-meeting save proportional to that meeting, not to the
whole history; ``index.json`` holds only groups and one-line meeting summaries.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from peertui.domain.records import MEETING_ID_PATTERN

from .errors import StoreError, from_os_error

ENV_VAR = "PEERTUI_STORE"
INDEX_NAME = "index.json"
MEETINGS_DIR = "meetings"
LOCK_NAME = ".lock"
#: What syncing keeps beside them (services/sync.py): the git folder, this copy's sync
#: state, and the lock that lets one sync run at a time.
SYNC_DIR = "sync"
SYNC_STATE_NAME = "sync.json"
SYNC_LOCK_NAME = ".sync.lock"
#: The one file of the sync folder kept plain, even on an encrypted store: it tells a
#: remote for a peertui store, whose, and how it is sealed (services/sync_state.py).
SYNC_MARKER_NAME = "peertui-remote.json"
LEASE_SUFFIX = ".driver"
DIR_MODE = 0o700
FILE_MODE = 0o600

_MEETING_ID = re.compile(MEETING_ID_PATTERN)


def default_store_path() -> Path:
    """The store folder to use when none is given; pure (creates nothing) so it is safe to call."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: most runs name the store, and the import costs start-up time

    return platformdirs.user_data_path("peertui") / "store"


def check_meeting_id(meeting_id: object) -> str:
    """Reject ids that are not a plain file name, so no id can escape the meetings folder."""
    if not isinstance(meeting_id, str) or _MEETING_ID.fullmatch(meeting_id) is None:
        raise ValueError(
            f"meeting id {meeting_id!r} must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'"
        )
    return meeting_id


def index_path(root: Path) -> Path:
    """The index file: groups and meeting summaries."""
    return root / INDEX_NAME


def meetings_dir(root: Path) -> Path:
    """The folder holding one file per meeting."""
    return root / MEETINGS_DIR


def meeting_path(root: Path, meeting_id: str) -> Path:
    """The file for one meeting; the id is validated first so it is always inside the store."""
    return meetings_dir(root) / f"{check_meeting_id(meeting_id)}.json"


def lease_path(root: Path, meeting_id: str) -> Path:
    """The clock-driver lease of one meeting, beside its file: the heartbeat rewrites this
    tiny file, so the meeting file (which every other screen polls) stays untouched."""
    return meetings_dir(root) / f"{check_meeting_id(meeting_id)}{LEASE_SUFFIX}"


def lock_path(root: Path) -> Path:
    """The lock file that serialises writers across processes."""
    return root / LOCK_NAME


#: Advice for a folder peertui will not make a store in.
OTHER_FOLDER_ADVICE = ("Give a new or empty folder (peertui makes it), or the folder of an "
                       "existing store. Nothing was created.")
_LISTED = 3  # how many of a foreign folder's entries a refusal names


def _store_leftover(name: str) -> bool:
    """Whether *name* is something a store folder holds before it has an index: a store
    being made, or one whose index was lost (its meetings, its lock, index backups, temp
    files, what syncing and encryption keep).  The index itself is not listed: with it,
    the folder is a store anyway."""
    from .sealing import MARKER_NAME as ENCRYPTION_MARKER

    kept = (MEETINGS_DIR, LOCK_NAME, SYNC_DIR, SYNC_STATE_NAME, SYNC_LOCK_NAME,
            ENCRYPTION_MARKER)
    return name in kept or name.startswith((f"{INDEX_NAME}.", f".{INDEX_NAME}.tmp-"))


def store_root(given: Path | str) -> Path:
    """The absolute store folder for *given*, refusing (before anything is created) what
    cannot be meant as a store: an empty path (it would silently mean the current folder),
    the root of the file system, the home folder itself, or a folder that already holds
    other things and no store.  A missing or empty folder becomes a new store; a folder
    that is a symbolic link is judged by the folder it points to, and then works as usual."""
    if not str(given).strip():
        raise StoreError('""', "the path is empty, which would silently mean the current "
                         "folder", "Name a folder, or leave it out to use the default store. "
                         "Nothing was created.", "folder")
    root = Path(os.path.abspath(Path(given).expanduser()))
    _check_root(root)
    return root


def _check_root(root: Path) -> None:
    real = Path(os.path.realpath(root))
    if real.parent == real:
        raise StoreError(root, "it is the root of the file system, and peertui will not "
                         "write into it", OTHER_FOLDER_ADVICE, "folder")
    if not real.is_dir() or os.path.lexists(real / INDEX_NAME):
        return  # missing (made by ensure_dir), not a folder (ensure_dir says so), or a store
    try:
        home: Path | None = Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):
        home = None
    if real == home:
        raise StoreError(root, "it is your home folder itself, and peertui will not write "
                         "its files among yours", OTHER_FOLDER_ADVICE, "folder")
    try:
        foreign = sorted(e.name for e in os.scandir(real) if not _store_leftover(e.name))
    except OSError as exc:
        raise from_os_error(root, exc, "read") from exc
    if foreign:
        shown = ", ".join(foreign[:_LISTED]) + (
            f" and {len(foreign) - _LISTED} more" if len(foreign) > _LISTED else "")
        raise StoreError(root, f"it is not empty and holds no peertui store (no {INDEX_NAME}; "
                         f"found {shown}), so peertui will not write into it",
                         OTHER_FOLDER_ADVICE, "folder")


def ensure_dir(path: Path) -> None:
    """Create *path* and any missing parents as 0700 (meeting notes are private).

    Existing folders keep their permissions: they may be the user's deliberate choice.
    """
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        if probe.is_symlink():  # dangling symlink: mkdir would fail confusingly
            raise StoreError(probe, "it is a broken symbolic link", "Fix or remove the link.")
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            if folder.is_dir():  # another process made it first: fine
                continue
            raise StoreError(
                folder, "it exists but is not a folder", "Move it aside.", "folder"
            ) from None
        except OSError as exc:
            raise from_os_error(folder, exc, "create") from exc
        try:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by umask
        except OSError as exc:
            raise from_os_error(folder, exc, "create") from exc
    if not path.is_dir():
        raise StoreError(path, "it exists but is not a folder", "Move it aside.", "folder")
