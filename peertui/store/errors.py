"""One error type for every way the store can be unusable, worded for the person at the keyboard.

The UI shows ``str(error)`` as-is, so each error names the file, says what is wrong with it
and what to do next.  Nothing in here guesses or repairs: a damaged file is left exactly as found.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Literal

from peertui.domain.text import printable

CORRUPT_ADVICE = "Move it aside or restore a backup, then start again."
NEWER_ADVICE = "Upgrade peertui, or point PEERTUI_STORE at another folder."
DISK_FULL_ADVICE = "Free some disk space, then try again. The last saved copy is unchanged."
READ_ONLY_ADVICE = (
    "Make it writable by you (chmod u+w), or point PEERTUI_STORE at another folder. "
    "The last saved copy is unchanged."
)
UNREADABLE_ADVICE = "Make it readable by you (chmod u+r), or point PEERTUI_STORE at another folder."
FOLDER_ADVICE = "Create the folder yourself, or point PEERTUI_STORE at a folder you can write to."
LOCK_ADVICE = "Close other peertui windows using this store, then try again."

Action = Literal["read", "write", "create", "lock"]


class StoreError(Exception):
    """The store cannot be used safely; carries the file, the problem and the advice separately.

    ``args`` mirrors the constructor so the error survives pickling (multiprocessing, logging).
    """

    def __init__(
        self, path: Path | str, problem: str, advice: str = CORRUPT_ADVICE, kind: str = "file"
    ) -> None:
        super().__init__(str(path), problem, advice, kind)
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        self.kind = kind

    def __str__(self) -> str:
        shown = printable(str(self.path))  # a path as given (--store): no escape echoed
        return f"peertui cannot use the store {self.kind} {shown}: {self.problem}. {self.advice}"


class LockBusy(StoreError):
    """Another process holds the write lock and the caller asked not to wait for it
    (Store.without_waiting): nothing was written, and the same write may be tried again."""


def from_os_error(path: Path | str, exc: OSError, action: Action) -> StoreError:
    """Translate an OSError into a StoreError that tells the user what to do about it."""
    code = exc.errno
    detail = exc.strerror or str(exc)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return StoreError(path, "the disk is full, so it could not be saved", DISK_FULL_ADVICE)
    if code == errno.EROFS:
        return StoreError(path, "it is on a read-only file system", READ_ONLY_ADVICE)
    if code in (errno.EACCES, errno.EPERM):
        if action == "read":
            return StoreError(path, "it cannot be read (permission denied)", UNREADABLE_ADVICE)
        if action == "create":
            return StoreError(
                path, "the folder cannot be created (permission denied)", FOLDER_ADVICE, "folder"
            )
        return StoreError(
            path, "the file or its folder is read-only (permission denied)", READ_ONLY_ADVICE
        )
    if action == "create" and code in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        return StoreError(
            path, f"the folder is missing and cannot be created ({detail})", FOLDER_ADVICE, "folder"
        )
    if code == errno.EISDIR:
        return StoreError(path, "it is a folder, not a file", CORRUPT_ADVICE)
    verb = {"read": "reading", "write": "saving", "create": "creating", "lock": "locking"}[action]
    return StoreError(path, f"{verb} it failed ({detail})", "Check the disk, then try again.")


def read_only_error(path: Path | str) -> StoreError:
    """The target file exists but its permission bits say not to modify it."""
    return StoreError(path, "the file is read-only", READ_ONLY_ADVICE)


def shape_error(path: Path | str, detail: str = "") -> StoreError:
    """Valid JSON that is not a peertui store: never guess what it is, never overwrite it."""
    extra = f" ({detail})" if detail else ""
    return StoreError(
        path, f"it is JSON, but not in the shape of a peertui store{extra}", CORRUPT_ADVICE
    )


UNLOCK_ADVICE = ("Start peertui (or any peertui command) in a terminal and give the store's "
                 "passphrase, or set PEERTUI_PASSPHRASE.")


class StoreLocked(StoreError):
    """The store is encrypted (peertui encrypt) and this process has not got its key yet:
    nothing was read or written.  The CLI unlocks (the agent, else a passphrase) and opens
    again; ``recipient`` is the store's public key, what the agent keys its identities by."""

    def __init__(self, path: Path | str, recipient: str, problem: str = "") -> None:
        super().__init__(path, problem or "the store is encrypted and not unlocked in this "
                         "process", UNLOCK_ADVICE, "encryption marker")
        self.recipient = recipient
        self.args = (str(path), recipient, self.problem)


class WrongPassphrase(StoreError):
    """The passphrase does not open the store's identity: nothing was changed."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "the passphrase is wrong (it does not open this store's key)",
                         "Nothing was changed. Try again with the passphrase given to "
                         "`peertui encrypt`.", "encryption marker")
        self.args = (str(path),)
