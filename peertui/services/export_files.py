"""Where exports are written and how: all-or-nothing, 0600, in a named default folder,
and a failure said plainly with what it left behind.  Shared by the CLI and the app."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from peertui.store.atomic import replace_file


def write_export(path: Path, text: str) -> None:
    """Write an export all-or-nothing and readable by its owner only, like the store (0600).

    A temp file in the target's folder, 0600 from its creation, fsynced, then renamed over
    the target (store/atomic.replace_file): a full disk or any other failure leaves an old
    file byte for byte as it was and no temp file behind.  Always 0600, whatever mode an
    old file had: an export without private items is still the group's confidential
    minutes.  A symbolic link is written through (its target is replaced, the link kept),
    as the user named it; a read-only target is refused as a truncating write would be.
    Raises the OSError, for the caller to word.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    replace_file(target, text.encode("utf-8", "replace"))  # no lone surrogate can stop it


EXPORTS_ENV = "PEERTUI_EXPORTS"
DEFAULT_NAMES = {"md": "minutes-{day}.md", "csv": "actions-{day}.csv",
                 "json": "meeting-{day}.json", "ics": "next-meeting.ics"}
_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the folder is on a read-only disk",
        errno.EACCES: "you may not write in that folder or file",
        errno.EPERM: "you may not write in that folder or file",
        errno.ENOENT: "that folder does not exist", errno.ENOTDIR: "part of the path is a file",
        errno.EISDIR: "that is a folder; give a file name"}


def exports_dir() -> Path:
    """Where the app puts exports unless told otherwise: $PEERTUI_EXPORTS, else a peertui
    folder in the user's Documents.  A fixed place the dialog names, never the folder the
    app happened to be started from.  Pure: made only when an export is written there."""
    override = os.environ.get(EXPORTS_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: only the export dialog needs it

    return platformdirs.user_documents_path() / "peertui"


def default_export_path(fmt: str, day: str) -> Path:
    """The file an export of one meeting goes to by default, in exports_dir()."""
    return exports_dir() / DEFAULT_NAMES[fmt].format(day=day)


def make_exports_dir(folder: Path) -> None:
    """Make the default exports folder (private, like the store: 0700) if it is missing."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def write_failure(path: Path, error: OSError, lead: str = "Cannot write") -> str:
    """Why an export could not be written, and what that left behind, in one message
    (*lead* lower-case after the shell's 'peertui: ')."""
    reason = error.strerror or str(error)
    why = _WHY.get(error.errno or 0)
    left = "The file already there is unchanged." if path.exists() else "No file was written."
    return f"{lead} {path}: {reason}" + (f" ({why})" if why else "") + f". {left}"
