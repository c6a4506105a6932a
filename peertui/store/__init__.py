"""Durable storage for peertui: a folder of small, atomically written TinyDB files.

No UI imports here (textual is forbidden): the store must be usable from scripts and tests.
"""

from .errors import StoreError, StoreLocked, WrongPassphrase
from .layout import default_store_path
from .migrate import SCHEMA_VERSION
from .store import Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "StoreLocked", "WrongPassphrase",
           "default_store_path"]
