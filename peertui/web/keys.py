"""The rules of the door: the key, the session token, the cookie and the allowed origins.

Pure functions and one small value, so every rule is a unit test.  A browser is let in only
with the key printed at start, exchanged once for a session cookie; a WebSocket is accepted
only from a page served here (its Origin), so no other web page open in the same browser can
drive the app, even on loopback.

secrets, hashlib and hmac are imported where used: the app imports this module (through
sessions.py) at every start, and start-up time is mostly imports.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

KEY_BYTES = 24  # 192 bits; token_urlsafe turns it into 32 characters
TOKEN_BYTES = 32
COOKIE_NAME = "peertui_session"
KEY_PARAM = "key"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def new_key() -> str:
    """The key of one `serve` run: printed in the link, never stored."""
    import secrets

    return secrets.token_urlsafe(KEY_BYTES)


def new_token() -> str:
    """A session's cookie value: only its hash is written down (token_hash)."""
    import secrets

    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the session file keeps of a token: enough to recognise it, useless to replay."""
    import hashlib

    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def same_secret(offered: str | None, expected: str) -> bool:
    """Constant-time comparison, so the time a refusal takes says nothing about the key."""
    import hmac

    if offered is None:
        return False
    return hmac.compare_digest(offered.encode("utf-8", "replace"), expected.encode("utf-8"))


def cookie_header(token: str, secure: bool) -> str:
    """The Set-Cookie value: not readable by scripts, never sent by another site's page."""
    flags = "; HttpOnly; SameSite=Strict; Path=/"
    return f"{COOKIE_NAME}={token}{flags}{'; Secure' if secure else ''}"


def is_loopback(host: str) -> bool:
    """localhost, 127.x.x.x or ::1 (brackets allowed)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServedAddress:
    """Where the pages are served, as a browser names it: scheme, host and port.

    *host* is the name printed in the link (an IP in brackets for IPv6).  On loopback the
    other loopback spellings are accepted too, so a page opened as localhost works.
    """

    scheme: str
    host: str
    port: int
    loopback: bool

    @property
    def url(self) -> str:
        return self._base(self.host)

    def link(self, key: str) -> str:
        """The link to print: it carries the key."""
        from urllib.parse import quote

        return f"{self.url}/?{KEY_PARAM}={quote(key, safe='')}"

    def _base(self, host: str) -> str:
        if _DEFAULT_PORTS.get(self.scheme) == self.port:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"

    def host_names(self) -> tuple[str, ...]:
        return LOOPBACK_NAMES if self.loopback else (self.host.lower(),)

    def allowed_hosts(self) -> frozenset[str]:
        """Host header values a page served here arrives with (port left out only where the
        scheme's default port makes a browser leave it out)."""
        hosts = {f"{name}:{self.port}" for name in self.host_names()}
        if _DEFAULT_PORTS.get(self.scheme) == self.port:
            hosts |= set(self.host_names())
        return frozenset(hosts)

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request names this server (a rebound DNS name does not)."""
        return host_header is not None and host_header.lower() in self.allowed_hosts()

    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"{self.scheme}://{host}" for host in self.allowed_hosts())

    def origin_allowed(self, origin: str | None) -> bool:
        """Whether a WebSocket comes from a page served here; no Origin at all is refused
        (every browser sends one)."""
        return origin is not None and origin.lower() in self.allowed_origins()

    def base_for(self, host_header: str) -> str:
        """The page's own address, for the links and WebSocket URL inside it: the Host it
        was loaded under (already checked by host_allowed), so its cookie goes along."""
        return f"{self.scheme}://{host_header.lower()}"
