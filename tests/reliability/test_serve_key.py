"""The door of `peertui serve` as rules: the key, the session token and its cookie, the
origins a WebSocket may come from, and the session file with its revocations (issue 12.1)."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

import msgspec
import pytest

from peertui.store import Store
from peertui.store.listing import meeting_tokens
from peertui.web.keys import (
    COOKIE_NAME,
    ServedAddress,
    cookie_header,
    new_key,
    new_token,
    same_secret,
    token_hash,
)
from peertui.web.sessions import SESSIONS_NAME, SessionRegistry
from peertui.web.tls import self_signed, server_context

NOW = 1_795_000_000.0


def registry(store: Store) -> SessionRegistry:
    return SessionRegistry(store.root, store.locked)


def test_each_key_is_fresh_and_long() -> None:
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50
    # token_urlsafe: 6 bits a character; 24 bytes = 192 bits, well over the 128 asked
    assert all(len(k) >= 32 and k.isascii() and "=" not in k for k in keys)
    assert len(new_token()) >= 43 and new_token() != new_token()


def test_the_key_matches_only_itself() -> None:
    key = new_key()
    assert same_secret(key, key)
    assert not same_secret(key[:-1], key)
    assert not same_secret(key + "x", key)
    assert not same_secret("", key) and not same_secret(None, key)
    assert not same_secret("é" * 32, key)  # non-ASCII offered: refused, not an exception


def test_the_session_cookie_is_not_for_scripts_nor_other_sites() -> None:
    header = cookie_header("TOKEN", secure=False)
    assert header.startswith(f"{COOKIE_NAME}=TOKEN;")
    parts = {p.strip() for p in header.split(";")}
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= parts and "Secure" not in parts
    assert "Secure" in {p.strip() for p in cookie_header("TOKEN", secure=True).split(";")}


def test_token_hash_is_not_the_token() -> None:
    token = new_token()
    assert token_hash(token) == token_hash(token) and token not in token_hash(token)
    assert len(token_hash(token)) == 64


def test_loopback_accepts_its_spellings_and_nothing_else() -> None:
    served = ServedAddress("http", "127.0.0.1", 8000, loopback=True)
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                   "HTTP://LOCALHOST:8000"):
        assert served.origin_allowed(origin), origin
    for origin in ("http://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000",
                   "http://127.0.0.1", "null", "", None, "http://127.0.0.1:8000.evil.example",
                   "http://localhost.evil.example:8000"):
        assert not served.origin_allowed(origin), origin
    assert served.host_allowed("localhost:8000") and served.host_allowed("[::1]:8000")
    assert not served.host_allowed("evil.example:8000") and not served.host_allowed(None)
    assert served.base_for("LOCALHOST:8000") == "http://localhost:8000"


def test_a_public_address_accepts_only_its_own_name() -> None:
    served = ServedAddress("https", "192.168.1.20", 8443, loopback=False)
    assert served.origin_allowed("https://192.168.1.20:8443")
    assert not served.origin_allowed("http://192.168.1.20:8443")
    assert not served.origin_allowed("https://127.0.0.1:8443")  # not loopback: no spellings
    assert served.link("abc-_") == "https://192.168.1.20:8443/?key=abc-_"
    default_port = ServedAddress("https", "room.local", 443, loopback=False)
    assert default_port.origin_allowed("https://room.local")
    assert default_port.url == "https://room.local"


def test_a_session_is_found_by_its_token_and_only_for_its_server(store: Store) -> None:
    sessions = registry(store)
    token = new_token()
    made = sessions.create(token, server_pid=os.getpid(), now=NOW, address="127.0.0.1",
                           user_agent="Tablet")
    assert sessions.find(token, os.getpid()) == made
    assert sessions.find(new_token(), os.getpid()) is None
    assert sessions.find(token, os.getpid() + 1) is None  # another serve run's session
    assert sessions.find(None, os.getpid()) is None and sessions.find("", os.getpid()) is None
    raw = (store.root / SESSIONS_NAME).read_bytes()
    assert token.encode() not in raw and token_hash(token).encode() in raw


def test_a_revoked_session_is_refused_and_not_listed(store: Store) -> None:
    sessions = registry(store)
    kept, dropped = new_token(), new_token()
    first = sessions.create(kept, server_pid=os.getpid(), now=NOW)
    second = sessions.create(dropped, server_pid=os.getpid(), now=NOW)
    registry(store).revoke(second.id)  # another process (the driver's screen) revokes
    assert sessions.find(dropped, os.getpid()) is None
    assert sessions.find(kept, os.getpid()) is not None
    assert [s.id for s in sessions.listed()] == [first.id]


def test_name_and_revocation_from_two_writers_both_land(store: Store) -> None:
    server, app = registry(store), registry(store)
    one = server.create(new_token(), server_pid=os.getpid(), now=NOW)
    two = server.create(new_token(), server_pid=os.getpid(), now=NOW)
    app.set_name(one.id, "Priya")
    server.revoke(two.id)
    server.touch(one.id, NOW + 60)
    back = {s.id: s for s in registry(store).read()}
    assert back[one.id].name == "Priya" and not back[one.id].revoked
    assert back[one.id].last_seen > back[one.id].created
    assert back[two.id].revoked


def test_the_session_file_is_private_and_not_a_meeting(store: Store) -> None:
    registry(store).create(new_token(), server_pid=os.getpid(), now=NOW)
    path = store.root / SESSIONS_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert meeting_tokens(store.root) == {}
    assert store.meetings() == [] and store.unreadable() == []
    assert Store.open(store.root).root == store.root  # the store still opens with it there


def test_a_damaged_session_file_lets_nobody_in(store: Store) -> None:
    sessions = registry(store)
    token = new_token()
    sessions.create(token, server_pid=os.getpid(), now=NOW)
    (store.root / SESSIONS_NAME).write_text("{not json")
    assert sessions.find(token, os.getpid()) is None
    sessions.create(new_token(), server_pid=os.getpid(), now=NOW)  # rewritten, usable again
    assert len(msgspec.json.decode((store.root / SESSIONS_NAME).read_bytes())["sessions"]) == 1


def test_a_new_serve_run_forgets_its_own_and_dead_servers_sessions(store: Store,
                                                                   tmp_path: Path) -> None:
    sessions = registry(store)
    mine = sessions.create(new_token(), server_pid=os.getpid(), now=NOW)
    dead = sessions.create(new_token(), server_pid=2**22 + 12345, now=NOW)  # no such pid
    alive = sessions.create(new_token(), server_pid=1, now=NOW)  # pid 1 always runs
    sessions.forget_server(os.getpid())
    left = {s.id for s in registry(store).read()}
    assert mine.id not in left and dead.id not in left and alive.id in left


def test_the_certificate_names_the_served_host_and_leaves_no_key_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography import x509

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = self_signed("127.0.0.1")
    server_context(made)  # loads the key from a 0600 file, removed at once
    assert list(tmp_path.iterdir()) == []
    cert = x509.load_pem_x509_certificate(made.cert_pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1",
                                                                              "::1"}
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", made.fingerprint)
    lan = x509.load_pem_x509_certificate(self_signed("192.168.1.20").cert_pem)
    lan_names = lan.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in lan_names.get_values_for_type(x509.IPAddress)] == ["192.168.1.20"]
    assert self_signed("127.0.0.1").fingerprint != made.fingerprint  # a new one each run
