"""Encryption at rest: which store folders are sealed, and with which key, in this process.

An encrypted store has one plain file, ``encryption.json`` in its root (MARKER_NAME): the
format, the store's age recipient (an X25519 public key), its identity sealed with the
passphrase (keywrap.py: a standard age scrypt file, scrypt paid once per unlock), its data
key sealed to that recipient by age (pyrage), and the state.  Every other file is sealed
with the data key: SEALED_HEADER, a random 16-byte salt, then AES-256-GCM under a key of
its own (HKDF-SHA-256 of the data key and the salt), the header and salt authenticated.

Why not an age file per store file: an age file costs an X25519 exchange to open and
pyrage's ChaCha20 runs at a third of AES-NI's speed, holding the GIL; the first search,
which opens all 600 files of 100,000 notes, took 3.5x as long as on a plain store (bar:
2x).  With the data key it costs 1.2x, while age still guards every key: the passphrase
opens the identity, the identity opens the data key, and other age recipients could be
added to the marker later.  Nothing here is home-made cryptography: HKDF (RFC 5869) over
hmac, AES-GCM from the cryptography package, age for the keys.

Nobody has to remember to seal.  The store's one write path (atomic.atomic_write_bytes)
and its reads (atomic.read_bytes, search_codec.read_file, leases.read_lease) ask this
module about the path (``seal_for_write``, ``unseal_read``): a file under a root
registered with a Sealer is sealed, whoever writes it (the sync's files too).

The marker's state makes the conversion crash-safe: "sealing" (peertui encrypt under way)
and "opening" (peertui decrypt under way) let plain and sealed files be read side by side,
so a store cut short still opens and the next open finishes the job (conversion.py);
"sealed" refuses a plain file, which nothing should have put there.  Each write also
checks the marker has not changed under this process (one stat): a process started
before `peertui encrypt` cannot write a plain file into the sealed store, nor one
started before `peertui decrypt` a sealed file nobody could open any more.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from .errors import StoreError, StoreLocked
from .raw_files import StatKey, read_raw, stat_key

if TYPE_CHECKING:
    from pyrage.x25519 import Identity, Recipient

MARKER_NAME = "encryption.json"
FORMAT = "peertui-encrypted"
VERSION = 1
#: What every sealed file starts with; then the salt and the AES-GCM ciphertext and tag.
SEALED_HEADER = b"peertui-sealed/v1\n"
_SALT = 16
_KEY_INFO = b"peertui-sealed/v1 file key"

State = Literal["sealed", "sealing", "opening"]
RESTART_ADVICE = "Nothing was saved here. Quit this peertui and start it again."


class Marker(msgspec.Struct, frozen=True, kw_only=True):
    """The plain file that says a store is encrypted, and with what."""

    format: str
    version: int
    recipient: str
    identity: str  # base64 of the age file keywrap.wrap made (scrypt, the passphrase)
    data_key: str  # base64 of the age file holding the data key, to the recipient
    state: State = "sealed"


def marker_path(root: Path) -> Path:
    return root / MARKER_NAME


def is_encrypted(root: Path | str) -> bool:
    """Whether the store at *root* is encrypted (or being converted either way)."""
    return os.path.lexists(marker_path(Path(root)))


def read_marker(root: Path) -> Marker | None:
    """The store's marker, or None for a plain store; a damaged one is a StoreError."""
    path = marker_path(root)
    raw = read_raw(path)
    if raw is None:
        return None
    try:
        marker = msgspec.json.decode(raw, type=Marker)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise StoreError(path, f"it is not peertui's encryption marker ({error})",
                         "Restore it from a backup of the store: without it the store's "
                         "files cannot be opened.", "encryption marker") from None
    if marker.format != FORMAT or marker.version != VERSION:
        raise StoreError(path, f"it is encryption format {marker.format!r} version "
                         f"{marker.version}, which this peertui does not know",
                         "Upgrade peertui.", "encryption marker")
    return marker


def encode_marker(marker: Marker) -> bytes:
    return msgspec.json.encode(marker)


_AESGCM: Any = None


def _aead(key: bytes) -> Any:
    """AES-256-GCM, imported at the first sealed file (it costs 13 ms of start-up)."""
    global _AESGCM
    if _AESGCM is None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        _AESGCM = AESGCM
    return _AESGCM(key)


def _file_key(data_key: bytes, salt: bytes) -> bytes:
    """HKDF-SHA-256 (RFC 5869, one block): each file its own key, so a zero nonce is safe."""
    prk = hmac.new(salt, data_key, hashlib.sha256).digest()
    return hmac.new(prk, _KEY_INFO + b"\x01", hashlib.sha256).digest()


class Sealer:
    """One store's keys, in this process's memory only: the age identity and the data key
    it opens (*wrapped_key*, from the marker; None makes a new data key, for a new store)."""

    def __init__(self, identity: str, wrapped_key: bytes | None = None) -> None:
        import pyrage
        from pyrage import x25519

        try:
            self._identity: Identity = x25519.Identity.from_str(identity)
        except Exception as error:  # pyrage.IdentityError: the text is no age identity
            raise ValueError("not an age X25519 identity") from error
        self._secret = identity
        public: Recipient = self._identity.to_public()
        self.recipient = str(public)
        if wrapped_key is None:
            import secrets

            self._data_key = secrets.token_bytes(32)
            wrapped_key = bytes(pyrage.encrypt(self._data_key, [public]))
        else:
            try:
                self._data_key = bytes(pyrage.decrypt(wrapped_key, [self._identity]))
            except pyrage.DecryptError as error:
                raise ValueError("the data key does not open with this identity") from error
            if len(self._data_key) != 32:
                raise ValueError("the data key is not 32 bytes")
        self.wrapped_key = wrapped_key

    @classmethod
    def generate(cls) -> Sealer:
        from pyrage import x25519

        return cls(str(x25519.Identity.generate()))

    @classmethod
    def for_marker(cls, identity: str, marker: Marker) -> Sealer:
        """The keys of the store *marker* describes; ValueError if they do not match it."""
        import base64
        import binascii

        try:
            wrapped = base64.b64decode(marker.data_key, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("the marker's data key is not base64 text") from None
        sealer = cls(identity, wrapped)
        if sealer.recipient != marker.recipient:
            raise ValueError("the identity is not the key of the marker's recipient")
        return sealer

    def secret(self) -> str:
        """The identity as text: for the unlock agent's memory and the passphrase wrap only."""
        return self._secret

    def seal(self, data: bytes) -> bytes:
        salt = os.urandom(_SALT)
        aad = SEALED_HEADER + salt
        return aad + bytes(_aead(_file_key(self._data_key, salt)).encrypt(bytes(12), data, aad))

    def unseal(self, data: bytes, path: Path | str) -> bytes:
        start = len(SEALED_HEADER)
        salt = data[start:start + _SALT]
        try:
            return bytes(_aead(_file_key(self._data_key, salt)).decrypt(
                bytes(12), data[start + _SALT:], data[:start + _SALT]))
        except Exception:  # cryptography's InvalidTag: damaged, cut short, another key
            raise StoreError(path, "it is sealed, but does not open with this store's key: "
                             "damaged, cut short, or from another store",
                             "Move it aside or restore a backup, then start again.") from None


class _Root:
    """A store folder this process opened: its key (None: plain) and the marker as seen.
    (A plain class: a dataclass costs a millisecond of start-up to make.)"""

    __slots__ = ("prefix", "root", "sealer", "seen", "state")

    def __init__(self, root: Path, prefix: str, sealer: Sealer | None, state: State | None,
                 seen: StatKey) -> None:
        self.root, self.prefix, self.sealer, self.state, self.seen = (
            root, prefix, sealer, state, seen)


_ROOTS: dict[str, _Root] = {}  # prefix -> entry, longest prefix first


def _normal(root: Path | str) -> Path:
    return Path(os.path.abspath(os.path.expanduser(root)))


def register(root: Path | str, sealer: Sealer | None, state: State | None = None) -> None:
    """From now on this process reads and writes the files under *root* with *sealer*
    (None: plain), the marker being in *state* (None: read from it)."""
    path = _normal(root)
    seen = stat_key(marker_path(path))
    if sealer is not None and state is None:
        marker = read_marker(path)
        state = marker.state if marker is not None else "sealed"
    prefix = str(path).rstrip(os.sep) + os.sep
    _ROOTS[prefix] = _Root(path, prefix, sealer, state if sealer else None, seen)
    for key in sorted(_ROOTS, key=len, reverse=True):  # nested roots: the deepest wins
        _ROOTS[key] = _ROOTS.pop(key)


def forget(root: Path | str) -> None:
    """Drop what this process knows of *root* (its key included)."""
    _ROOTS.pop(str(_normal(root)).rstrip(os.sep) + os.sep, None)


def sealer_for(path: Path | str) -> Sealer | None:
    """The key the files at *path* are sealed with in this process, or None (plain)."""
    entry = _entry(path)
    return None if entry is None else entry.sealer


def registered(root: Path | str) -> Sealer | None:
    """The key registered for exactly this store folder, if any."""
    entry = _ROOTS.get(str(_normal(root)).rstrip(os.sep) + os.sep)
    return None if entry is None else entry.sealer


def _entry(path: Path | str) -> _Root | None:
    if not _ROOTS:
        return None
    text = os.fspath(path)
    for prefix, entry in _ROOTS.items():
        if text.startswith(prefix):
            return entry
    return None


def _is_marker(entry: _Root, path: Path | str) -> bool:
    return os.fspath(path) == entry.prefix + MARKER_NAME


def _recheck(entry: _Root, path: Path | str) -> None:
    """The marker changed since this process last looked: go on only if it is still the
    same key (a conversion's state moving on); else the store was encrypted or decrypted
    under this process, which must not write or read a file more."""
    marker = read_marker(entry.root)
    if entry.sealer is None:
        if marker is not None:
            raise StoreError(path, "the store was encrypted (peertui encrypt) while this "
                             "peertui was running", RESTART_ADVICE)
    elif marker is None or marker.recipient != entry.sealer.recipient:
        raise StoreError(path, "the store was decrypted or re-encrypted while this peertui "
                         "was running", RESTART_ADVICE)
    else:
        entry.state = marker.state
    entry.seen = stat_key(marker_path(entry.root))


def seal_for_write(path: Path | str, data: bytes) -> bytes:
    """What to put on disk for *data* at *path*: sealed under an encrypted root (plain while
    a decrypt is under way), as is elsewhere.  Raises if the store's encryption changed
    under this process."""
    entry = _entry(path)
    if entry is None or _is_marker(entry, path):
        return data
    if stat_key(marker_path(entry.root)) != entry.seen:
        _recheck(entry, path)
    if entry.sealer is None or entry.state == "opening":
        return data
    return entry.sealer.seal(data)


def unseal_read(path: Path | str, raw: bytes) -> bytes:
    """The plain bytes of the file at *path* that holds *raw*: unsealed if sealed; a plain
    file refused where the store says everything is sealed; StoreLocked for a sealed file
    this process has no key for."""
    entry = _entry(path)
    if not raw.startswith(SEALED_HEADER):
        if entry is None or entry.sealer is None or entry.state != "sealed" or not raw \
                or _is_marker(entry, path):
            return raw
        _recheck(entry, path)  # a decrypt may have begun since: then plain is expected
        if entry.state != "sealed":
            return raw
        raise StoreError(path, "it is a plain file in an encrypted store, so peertui will "
                         "not trust or read it", "Run `peertui encrypt` to seal it, or move "
                         "it out of the store.")
    if entry is None or entry.sealer is None:
        if entry is not None and stat_key(marker_path(entry.root)) != entry.seen:
            _recheck(entry, path)  # says the store was encrypted under this process
        raise StoreLocked(path, "", "it is sealed (the store is encrypted) and this process "
                          "has not unlocked the store")
    return entry.sealer.unseal(raw, path)


def attach(root: Path) -> Marker | None:
    """At Store.open: register *root* as it is on disk, with the key registered for it
    before (the CLI's unlock); StoreLocked if it is encrypted and no such key is known.
    Returns the marker (None for a plain store)."""
    marker = read_marker(root)
    if marker is None:
        register(root, None)
        return None
    sealer = registered(root)
    if sealer is None or sealer.recipient != marker.recipient:
        raise StoreLocked(marker_path(root), marker.recipient)
    register(root, sealer, marker.state)
    return marker
