"""`peertui serve`'s web server behind its key, over real HTTP on a free port (issue 12.1):
without the key nothing is served and no app process starts; the key becomes a cookie and
leaves the address bar; a WebSocket from another origin is refused, cookie or not; a revoked
session is cut off within seconds; --tls serves the certificate whose fingerprint is printed.
"""

from __future__ import annotations

import asyncio
import hashlib
import shlex
import socket
import ssl
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from peertui.store import Store
from peertui.web.keys import COOKIE_NAME, ServedAddress, new_key
from peertui.web.server import KeyedServer
from peertui.web.sessions import SessionRegistry
from peertui.web.tls import Certificate, self_signed, server_context

FAKE_APP = Path(__file__).with_name("serve_fake_app.py")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    server: KeyedServer
    address: ServedAddress
    key: str
    marker: Path  # the fake app writes it when (if ever) it starts
    registry: SessionRegistry
    certificate: Certificate | None

    @property
    def url(self) -> str:
        return self.address.url

    @property
    def origin(self) -> str:
        return self.address.url


async def start(store: Store, tmp_path: Path, tls: bool = False) -> tuple[Served, web.AppRunner]:
    port = free_port()
    address = ServedAddress("https" if tls else "http", "127.0.0.1", port, loopback=True)
    marker = tmp_path / "app-started"
    command = shlex.join([sys.executable, str(FAKE_APP), str(marker)])
    registry = SessionRegistry(store.root, store.locked)
    context = None
    certificate = None
    if tls:
        certificate = self_signed("127.0.0.1")
        context = server_context(certificate)
    key = new_key()
    server = KeyedServer(command, bind_host="127.0.0.1", address=address, key=key,
                         registry=registry, ssl_context=context)
    runner = web.AppRunner(await server._make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=context).start()
    return Served(server, address, key, marker, registry, certificate), runner


@pytest.fixture
async def served(store: Store, tmp_path: Path) -> AsyncIterator[Served]:
    running, runner = await start(store, tmp_path)
    yield running
    await runner.cleanup()


async def join(http: aiohttp.ClientSession, served: Served) -> str:
    """Open the printed link; the session cookie's value."""
    async with http.get(served.address.link(served.key), allow_redirects=False) as reply:
        assert reply.status == 303
        return reply.cookies[COOKIE_NAME].value


async def no_app_started(served: Served) -> bool:
    await asyncio.sleep(0.5)  # time enough for a process to have written its marker
    return not served.marker.exists()


async def test_without_the_key_nothing_is_served_and_no_app_starts(
        served: Served, figures: dict[str, Any]) -> None:
    paths = ("/", "/static/js/textual.js", "/static/css/xterm.css", "/download/x", "/?key=",
             "/?key=wrong", f"/?key={served.key[:-1]}", "/?fontsize=20")
    figures["serve_requests_refused"] = len(paths) + 2
    async with aiohttp.ClientSession() as http:
        for path in paths:
            async with http.get(served.url + path, allow_redirects=False) as reply:
                assert reply.status == 401, path
                page = await reply.text()
                assert "Open the link printed by" in page and "textual.js" not in page
                assert COOKIE_NAME not in reply.headers.get("Set-Cookie", "")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(served.url + "/ws", headers={"Origin": served.origin})
        assert refused.value.status == 403
        # a cookie made up, or one of the right shape but never issued
        with pytest.raises(aiohttp.WSServerHandshakeError) as forged:
            await http.ws_connect(served.url + "/ws", headers={
                "Origin": served.origin, "Cookie": f"{COOKIE_NAME}=made-up-token"})
        assert forged.value.status == 403
    assert await no_app_started(served)


async def test_the_key_becomes_a_cookie_and_leaves_the_address_bar(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(served.address.link(served.key), allow_redirects=False) as reply:
            assert reply.status == 303
            assert reply.headers["Location"] == "/"
            assert served.key not in reply.headers["Location"]
            set_cookie = reply.headers["Set-Cookie"]
            assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
            assert "Path=/" in set_cookie and "Secure" not in set_cookie
            token = reply.cookies[COOKIE_NAME].value
            assert token and served.key not in token
        cookie = {"Cookie": f"{COOKIE_NAME}={token}"}
        async with http.get(served.url + "/", headers=cookie) as page:
            assert page.status == 200
            html = await page.text()
            assert f'data-session-websocket-url="ws://127.0.0.1:{served.address.port}/ws"' in html
        async with http.get(served.url + "/static/js/textual.js", headers=cookie) as script:
            assert script.status == 200
        # the key stays good for the next device: a session of its own
        second = await join(http, served)
        assert second != token
    assert len(served.registry.read()) == 2
    assert await no_app_started(served)  # pages, not a terminal: no app process yet


async def test_the_page_talks_to_the_host_it_was_loaded_from(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        token = await join(http, served)
        port = served.address.port
        async with http.get(served.url + "/", headers={
                "Cookie": f"{COOKIE_NAME}={token}", "Host": f"localhost:{port}"}) as page:
            assert f'"ws://localhost:{port}/ws"' in await page.text()
        async with http.get(served.url + "/", headers={
                "Cookie": f"{COOKIE_NAME}={token}", "Host": f"evil.example:{port}"}) as page:
            assert page.status == 403  # a rebound DNS name is not this server


async def test_a_websocket_from_another_origin_is_refused_even_with_the_cookie(
        served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        cookie = f"{COOKIE_NAME}={await join(http, served)}"
        for origin in ("http://evil.example", f"http://127.0.0.1:{served.address.port + 1}",
                       "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(served.url + "/ws",
                                      headers={"Origin": origin, "Cookie": cookie})
            assert refused.value.status == 403, origin
        with pytest.raises(aiohttp.WSServerHandshakeError) as no_origin:
            await http.ws_connect(served.url + "/ws", headers={"Cookie": cookie})
        assert no_origin.value.status == 403
    assert await no_app_started(served)


async def test_with_cookie_and_origin_the_app_starts_and_a_revocation_cuts_it_off(
        served: Served, figures: dict[str, Any]) -> None:
    async with aiohttp.ClientSession() as http:
        cookie = f"{COOKIE_NAME}={await join(http, served)}"
        session = served.registry.read()[0]
        for origin in (served.origin, f"http://localhost:{served.address.port}"):
            async with http.ws_connect(served.url + "/ws",
                                       headers={"Origin": origin, "Cookie": cookie}) as ws:
                deadline = time.monotonic() + 10
                while not served.marker.exists() and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                assert served.marker.read_text() == session.id  # the app knows its session
                served.marker.unlink()
                await ws.close()

        async with http.ws_connect(served.url + "/ws",
                                   headers={"Origin": served.origin, "Cookie": cookie}) as ws:
            await asyncio.sleep(0.3)
            revoked_at = time.monotonic()
            # the driver's screen, another process: through its own registry
            await asyncio.to_thread(
                SessionRegistry(served.registry.path.parent, Store.open(
                    served.registry.path.parent).locked).revoke, session.id)
            message = await asyncio.wait_for(ws.receive(), 5)
            took = time.monotonic() - revoked_at
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert took < 2.0, f"the revoked browser stayed connected {took:.2f} s"
            figures["serve_revoked_closed_s"] = round(took, 2)
        async with http.get(served.url + "/", headers={"Cookie": cookie}) as page:
            assert page.status == 401  # and its cookie is refused from then on
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await http.ws_connect(served.url + "/ws",
                                  headers={"Origin": served.origin, "Cookie": cookie})


async def test_tls_serves_the_certificate_whose_fingerprint_is_printed(
        store: Store, tmp_path: Path) -> None:
    served, runner = await start(store, tmp_path, tls=True)
    certificate = served.certificate
    assert certificate is not None
    try:
        trusted = ssl.create_default_context(cadata=certificate.cert_pem.decode())
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trusted)) as http:
            assert served.url.startswith("https://")
            async with http.get(served.address.link(served.key),
                                allow_redirects=False) as reply:
                assert reply.status == 303
                assert "Secure" in reply.headers["Set-Cookie"]
                token = reply.cookies[COOKIE_NAME].value
            # what a browser shows: the SHA-256 of the certificate the server presents
            pem = await asyncio.to_thread(ssl.get_server_certificate,
                                          ("127.0.0.1", served.address.port))
            seen = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
            assert certificate.fingerprint.replace(":", "") == seen
            async with http.get(served.url + "/",
                                headers={"Cookie": f"{COOKIE_NAME}={token}"}) as page:
                assert f'"wss://127.0.0.1:{served.address.port}/ws"' in await page.text()
        async with aiohttp.ClientSession() as untrusting:
            with pytest.raises(aiohttp.ClientConnectorCertificateError):
                await untrusting.get(served.url + "/")
    finally:
        await runner.cleanup()
