"""Who sits at this machine: a name chosen once from the roster, so the others read "Priya
on chair-laptop" rather than a process number when this terminal drives the clock.

Kept in a small settings file in the user's config folder, not in the store: the store
is shared by every terminal of the room (and may be synced), while the name belongs to
this machine.  PEERTUI_CONFIG names another folder (tests never touch the real one).
No file means never asked; a file with no name means asked and skipped: asked once only.
"""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

from peertui.domain.text import clean_name
from peertui.store.atomic import atomic_write_bytes
from peertui.store.layout import ensure_dir

CONFIG_ENV = "PEERTUI_CONFIG"
SETTINGS_FILE = "machine.json"


class MachineSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """This machine's settings file."""

    name: str = ""  # who uses this machine; "" when the question was skipped


def config_dir() -> Path:
    """The folder of this machine's own settings (PEERTUI_CONFIG, else the user's config
    folder as the platform names it)."""
    given = os.environ.get(CONFIG_ENV, "")
    if given:
        return Path(given).expanduser()
    import platformdirs  # here: only a live meeting needs it, and the import costs start-up

    return platformdirs.user_config_path("peertui")


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_machine() -> MachineSettings | None:
    """The settings, or None if the name was never asked here (no file).  A damaged file
    counts as never asked, so the question comes back and its answer replaces the file."""
    try:
        raw = settings_path().read_bytes()
        return msgspec.json.decode(raw, type=MachineSettings)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def save_machine_name(name: str) -> MachineSettings:
    """Remember *name* ("" for skipped) as this machine's; ValueError if the name is not
    one (empty once cleaned, too long), StoreError or OSError if the file cannot be written."""
    settings = MachineSettings(name=clean_name(name) if name else "")
    folder = config_dir()
    ensure_dir(folder)
    atomic_write_bytes(folder / SETTINGS_FILE, msgspec.json.encode(settings))
    return settings
