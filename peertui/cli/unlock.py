"""Opening an encrypted store: the key from the unlock agent, else the passphrase once.

Every way in (plain `peertui`, `peertui display`, `peertui serve` and its browser
processes, every subcommand) opens through open_unlocked: Store.open says StoreLocked, the
agent is asked for the store's identity, and only if it has none is the person asked
(PEERTUI_PASSPHRASE first, for scripts and tests); the identity then goes to the agent, so
the next process on this machine and account does not ask.  No click here: plain
`peertui` must not pay for importing it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peertui.store import Store
    from peertui.store.sealing import Marker, Sealer

PASSPHRASE_ENV = "PEERTUI_PASSPHRASE"


def can_ask() -> bool:
    """Whether a person at a terminal can be asked (not a browser's app process)."""
    return not os.environ.get("TEXTUAL_DRIVER") and sys.stdin.isatty()


def ask_passphrase(root: Path) -> str | None:
    """The passphrase, typed unseen at the terminal (PEERTUI_PASSPHRASE wins); None when
    nobody can be asked."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not can_ask():
        return None
    import getpass

    from peertui.domain.text import printable

    try:
        typed = getpass.getpass(f"Passphrase of the encrypted store {printable(str(root))}: ")
    except (EOFError, KeyboardInterrupt):
        return None
    return typed or None


def sealer_from_passphrase(root: Path, marker: Marker, passphrase: str) -> Sealer:
    """The store's key, opened with *passphrase*: WrongPassphrase if it does not open."""
    import base64
    import binascii

    from peertui.store.errors import StoreError
    from peertui.store.keywrap import unwrap
    from peertui.store.sealing import Sealer, marker_path

    path = marker_path(root)
    try:
        blob = base64.b64decode(marker.identity, validate=True)
    except (binascii.Error, ValueError):
        raise StoreError(path, "its identity is not base64 text", "Restore the file from a "
                         "backup of the store.", "encryption marker") from None
    try:
        return Sealer.for_marker(unwrap(blob, passphrase, path), marker)
    except ValueError as error:
        raise StoreError(path, f"its keys do not fit together ({error})", "Restore the file "
                         "from a backup of the store.", "encryption marker") from None


def _from_agent(marker: Marker) -> Sealer | None:
    from peertui.store import unlock_agent
    from peertui.store.sealing import Sealer

    secret = unlock_agent.fetch(marker.recipient)
    if secret is None:
        return None
    try:
        return Sealer.for_marker(secret, marker)
    except ValueError:
        return None


def unlock(root: Path, *, agent: bool = True) -> None:
    """Register the key of the encrypted store at *root* in this process: from the agent
    (unless *agent* is False), else from the passphrase, which then feeds the agent.
    StoreLocked when nobody can be asked; WrongPassphrase (nothing changed) if it is wrong."""
    from peertui.store import StoreLocked, unlock_agent
    from peertui.store.sealing import marker_path, read_marker, register

    marker = read_marker(root)
    if marker is None:
        return  # decrypted meanwhile: it opens as it is
    sealer = _from_agent(marker) if agent else None
    if sealer is None:
        passphrase = ask_passphrase(root)
        if passphrase is None:
            raise StoreLocked(marker_path(root), marker.recipient,
                              "the store is encrypted, the unlock agent does not hold its "
                              "key, and there is no terminal to ask for its passphrase")
        sealer = sealer_from_passphrase(root, marker, passphrase)
        unlock_agent.offer(sealer.recipient, sealer.secret())
    register(root, sealer, marker.state)


def open_unlocked(given: Path | str) -> Store:
    """Store.open, unlocking an encrypted store first if this process has not its key."""
    from peertui.store import Store, StoreLocked
    from peertui.store.layout import store_root

    try:
        return Store.open(given)
    except StoreLocked:
        unlock(store_root(given))
        return Store.open(given)
