"""The store's identity sealed with the passphrase: a standard age file (scrypt recipient).

Why write the age file here rather than call ``pyrage.passphrase.encrypt``: that call picks
its own scrypt work factor (2^20 on a slow laptop: 1 GiB of memory and four seconds, and
no way to lower it for tests), while age's own tool uses 2^18.  So this module writes the
one-stanza header and the one-chunk payload of the age v1 format itself, from the
primitives age names (scrypt, HKDF-SHA-256, HMAC-SHA-256, ChaCha20-Poly1305), with the work
factor it is given; and every file it writes is opened again by age itself
(``pyrage.passphrase.decrypt``) before anyone relies on it.  Unwrapping is age's alone.

The result is interoperable: ``base64 -d`` of the marker's "identity" field is a file that
``age -d`` opens with the passphrase, and the identity it holds opens every store file
(``age -d -i``), so a store is never locked into peertui.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from .errors import StoreError, WrongPassphrase

#: log2 of scrypt's N, as age's own tool uses (256 MiB, about a second).  Tests lower it.
WORK_FACTOR = 18
_MIN_WORK_FACTOR = 10
_MAX_PLAINTEXT = 64 * 1024  # one STREAM chunk: an identity is 74 bytes
_HEADER = b"age-encryption.org/v1\n"
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"


def _b64(data: bytes) -> bytes:
    """age's base64: standard alphabet, no padding."""
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 with a 32-byte output: one block of expand (RFC 5869)."""
    prk = hmac.new(salt or b"\0" * 32, key, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _seal_chunk(key: bytes, nonce: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    return ChaCha20Poly1305(key).encrypt(nonce, data, None)


def wrap(secret: str, passphrase: str, work_factor: int | None = None) -> bytes:
    """*secret* as an age file only *passphrase* opens (a scrypt stanza of 2^work_factor)."""
    log_n = WORK_FACTOR if work_factor is None else work_factor
    if not _MIN_WORK_FACTOR <= log_n <= 22:
        raise ValueError(f"scrypt work factor {log_n} is outside {_MIN_WORK_FACTOR}..22")
    data = secret.encode("utf-8")
    if not 0 < len(data) <= _MAX_PLAINTEXT:
        raise ValueError("a wrapped secret is 1 byte to 64 KiB")
    file_key, salt, nonce = (secrets.token_bytes(16) for _ in range(3))
    wrap_key = hashlib.scrypt(passphrase.encode("utf-8"), salt=_SCRYPT_LABEL + salt,
                              n=1 << log_n, r=8, p=1, maxmem=(1 << log_n) * 1024 + (1 << 24),
                              dklen=32)
    body = _b64(_seal_chunk(wrap_key, b"\0" * 12, file_key))  # 43 columns: one short line
    header = _HEADER + b"-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n" + body
    header += b"\n---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    payload_key = _hkdf(file_key, nonce, b"payload")
    chunk = _seal_chunk(payload_key, b"\0" * 11 + b"\x01", data)  # chunk 0, the last
    return header + b" " + _b64(mac) + b"\n" + nonce + chunk


def unwrap(blob: bytes, passphrase: str, marker: Path) -> str:
    """The secret in *blob*, opened by age; WrongPassphrase if it does not open, a
    StoreError naming *marker* if the blob is not such a file at all."""
    import pyrage

    if not blob.startswith(_HEADER + b"-> scrypt "):
        raise StoreError(marker, "its identity is not a passphrase-sealed age file",
                         "Restore the file from a backup of the store; without it the store "
                         "cannot be opened.", "encryption marker")
    try:
        return bytes(pyrage.passphrase.decrypt(blob, passphrase)).decode("utf-8")
    except pyrage.DecryptError:
        raise WrongPassphrase(marker) from None
    except UnicodeDecodeError:
        raise StoreError(marker, "its identity does not read as text", "Restore the file "
                         "from a backup of the store.", "encryption marker") from None
