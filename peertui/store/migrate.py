"""Schema versioning of ``index.json``: create it, refuse newer ones, upgrade older ones.

Rule: before any migration rewrites the index, the old file is copied to
``index.json.bak-v<old>`` (0600) beside it, so an upgrade bug can never cost the user data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .atomic import AtomicJSONStorage, Tables, copy_file
from .errors import NEWER_ADVICE, StoreError, shape_error

SCHEMA_VERSION = 2
META_TABLE = "meta"

Migration = Callable[[Tables], Tables]


def _typed_groups(data: Tables) -> Tables:
    """1 -> 2, the typed records: a group's rhythm is a record or null (an empty {} meant
    'the default every cadence_months'), and meeting summaries carry the fingerprint of
    the file they were made from (old ones have none, so the store rebuilds them: meeting
    files need no change; their old "status" key is no longer read, the events say it)."""
    for group in data.get("groups", {}).values():
        if not group.get("cadence"):
            group["cadence"] = None
    return data


#: Step N upgrades a version-N index to version N+1.
MIGRATIONS: dict[int, Migration] = {1: _typed_groups}


def new_index() -> Tables:
    """The content of a brand-new ``index.json``."""
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return {
        META_TABLE: {"1": {"schema": SCHEMA_VERSION, "created": created}},
        "groups": {},
        "meetings": {},
    }


def schema_of(data: Tables, path: Path) -> int:
    """The schema number in the meta table; anything odd is a shape error, never a guess."""
    meta = data.get(META_TABLE)
    if not meta or len(meta) != 1:
        raise shape_error(path, "it has no single meta record with a schema version")
    version = next(iter(meta.values())).get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise shape_error(path, f"its schema version {version!r} is not a whole number")
    return version


def _set_schema(data: Tables, version: int) -> None:
    """Record that *data* now matches *version*."""
    for doc in data[META_TABLE].values():
        doc["schema"] = version


def migrate(data: Tables, from_version: int) -> Tables:
    """Upgrade *data* step by step from *from_version* to SCHEMA_VERSION.

    Raises LookupError when a step is missing, so callers can refuse before touching anything.
    """
    for version in range(from_version, SCHEMA_VERSION):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        data = step(data)
        _set_schema(data, version + 1)
    return data


def backup_path(index: Path, version: int) -> Path:
    """Where the pre-migration copy of *index* goes."""
    return index.with_name(f"{index.name}.bak-v{version}")


def prepare_index(index: Path) -> None:
    """Create, validate or upgrade ``index.json``.  Caller holds the write lock."""
    storage = AtomicJSONStorage(index)
    data = storage.read()
    if data is None:
        storage.write(new_index())
        return
    version = schema_of(data, index)
    if version > SCHEMA_VERSION:
        raise StoreError(
            index,
            f"it was written by a newer peertui (schema {version}; "
            f"this one knows {SCHEMA_VERSION})",
            NEWER_ADVICE,
        )
    if version == SCHEMA_VERSION:
        return
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise StoreError(
            index,
            f"it uses schema {version}, which this peertui cannot upgrade",
            "Open it with an older peertui and export it, or restore a backup.",
        )
    backup = backup_path(index, version)
    if not backup.exists():  # an earlier, interrupted attempt already kept the original
        copy_file(index, backup)
    try:
        upgraded = migrate(data, version)
    except Exception as exc:
        raise StoreError(
            index,
            f"upgrading it from schema {version} failed ({exc})",
            f"The original is unchanged; a copy is in {backup.name}.",
        ) from exc
    storage.write(upgraded)
