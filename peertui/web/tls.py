"""`serve --tls`: a self-signed certificate made at start, for the name the link uses.

Nobody signs it, so the browser warns once; the user compares the SHA-256 fingerprint it
shows with the one printed in the terminal.  The private key never touches the disk but
for the instant ssl needs a file to load it from: a 0600 file in a 0700 temp folder, removed
as soon as it is loaded.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

VALID_DAYS = 30


@dataclass(frozen=True)
class Certificate:
    cert_pem: bytes
    key_pem: bytes
    fingerprint: str  # SHA-256 of the DER certificate, "AB:CD:..." as browsers show it


def _names(host: str) -> list[str]:
    """The host of the link, and the loopback spellings when it is loopback."""
    bare = host.strip("[]")
    names = [bare]
    if bare in ("127.0.0.1", "localhost", "::1"):
        names += [n for n in ("127.0.0.1", "localhost", "::1") if n != bare]
    return names


def self_signed(host: str, now: datetime.datetime | None = None) -> Certificate:
    """A fresh key pair and a certificate naming *host* (an IP or a DNS name)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    start = (now or datetime.datetime.now(datetime.UTC)) - datetime.timedelta(minutes=5)
    alt: list[x509.GeneralName] = []
    for name in _names(host):
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt.append(x509.DNSName(name))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"peertui serve {host}")])
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return Certificate(
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()),
        fingerprint=":".join(digest[i:i + 2] for i in range(0, len(digest), 2)))


def server_context(certificate: Certificate) -> ssl.SSLContext:
    """An ssl context serving *certificate*; the key file exists only while it loads."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    folder = Path(tempfile.mkdtemp(prefix="peertui-tls-"))  # 0700
    try:
        cert_file, key_file = folder / "cert.pem", folder / "key.pem"
        for path, data in ((cert_file, certificate.cert_pem), (key_file, certificate.key_pem)):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        context.load_cert_chain(cert_file, key_file)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return context
