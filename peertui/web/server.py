"""textual-serve's Server behind the door of keys.py: a key for a session cookie, the Origin
of every WebSocket checked, revoked sessions cut off.

Every request passes one aiohttp middleware (`_guard`) before any handler runs, so a request
without a valid session never reaches the index, the static files, a download or the
WebSocket, and never starts an app process.  The page's own links and WebSocket URL follow
the Host it was loaded under (one of the allowed names), so a page opened as localhost talks
to localhost and its cookie goes along.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from peertui.store import StoreError

from .keys import COOKIE_NAME, KEY_PARAM, ServedAddress, cookie_header, new_token, same_secret
from .sessions import SESSION_ENV, BrowserSession, SessionRegistry
from .spare import Spare

log = logging.getLogger("peertui.web")

WATCH_S = 0.5  # how often the session file is looked at (one stat) for revocations
REFUSED_PAGE = ("<!doctype html><meta charset=utf-8><title>peertui</title>"
                "<p>Open the link printed by <code>peertui serve</code>.</p>\n")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
#: where _guard leaves the WebSocket's session for its handler
SESSION: web.RequestKey[BrowserSession] = web.RequestKey("peertui.session", BrowserSession)


def refusal(status: int, reason: str = "") -> web.Response:
    """A small plain page: no app, no hint beyond where the link is."""
    text = REFUSED_PAGE if not reason else REFUSED_PAGE.replace("</p>", f" {reason}</p>")
    return web.Response(status=status, text=text, content_type="text/html",
                        headers={"Cache-Control": "no-store"})


class SessionAppService(AppService):
    """The app process of one browser: told which session it serves (SESSION_ENV), so it
    can ask for and save the note-taker's name."""

    def __init__(self, *args: Any, session_id: str, spare: Spare | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_id = session_id
        self.spare = spare

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        if self.session_id:
            environment[SESSION_ENV] = self.session_id
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24
                                ) -> asyncio.subprocess.Process:
        """The server's warm spare when one is ready (spare.py), else a new process."""
        if self.spare is not None:
            process = await self.spare.take(self._build_environment(width, height))
            if process is not None:
                self._process, self._stdin = process, process.stdin
                return process
        return await super()._open_app_process(width, height)


class KeyedServer(Server):
    """Serve the app only to browsers that brought the key."""

    def __init__(self, command: str, *, bind_host: str, address: ServedAddress, key: str,
                 registry: SessionRegistry, ssl_context: ssl.SSLContext | None = None,
                 title: str = "peertui") -> None:
        super().__init__(command, host=bind_host, port=address.port, title=title,
                         public_url=address.url)
        self.address = address
        self.key = key
        self.registry = registry
        self.ssl_context = ssl_context
        self.pid = os.getpid()
        self.sockets: dict[str, set[web.WebSocketResponse]] = {}
        self._watch: asyncio.Task[None] | None = None
        self.spare: Spare | None = None

    # the door -------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let a request through only with a session (or the key, on /)."""
        if not self.address.host_allowed(request.headers.get("Host")):
            return refusal(403, "This server is not reached under that name.")
        if request.path == "/ws":
            if not self.address.origin_allowed(request.headers.get("Origin")):
                log.warning("refused a WebSocket from origin %r", request.headers.get("Origin"))
                return refusal(403)
            session = self.session_of(request)
            if session is None:
                return refusal(403)
            request[SESSION] = session
            return await handler(request)
        if request.path == "/" and KEY_PARAM in request.query:
            return await self._exchange(request)
        if self.session_of(request) is None:
            return refusal(401)
        response = await handler(request)
        if not response.prepared:  # a download has sent its headers already
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def session_of(self, request: web.Request) -> BrowserSession | None:
        return self.registry.find(request.cookies.get(COOKIE_NAME), self.pid)

    async def _exchange(self, request: web.Request) -> web.StreamResponse:
        """The key for a session of its own: cookie set, and the key out of the address bar.
        The key stays good for the next device in the room (each gets its own session)."""
        if not same_secret(request.query.get(KEY_PARAM), self.key):
            return refusal(401, "This link's key is not the one of this run.")
        token = new_token()
        try:
            await asyncio.to_thread(
                self.registry.create, token, server_pid=self.pid, now=time.time(),
                address=request.remote or "", user_agent=request.headers.get("User-Agent", ""))
        except (StoreError, OSError) as error:
            log.error("could not save a browser session: %s", error)
            return refusal(503, "The session could not be saved in the store; try again.")
        return web.Response(status=303, headers={
            "Location": "/", "Set-Cookie": cookie_header(token, self.address.scheme == "https"),
            "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    # the page -------------------------------------------------------------

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, its URLs on the Host it was loaded under."""
        base = self.address.base_for(request.headers["Host"])
        socket_base = ("wss" if base.startswith("https") else "ws") + base[base.index(":"):]
        static = request.app.router["static"].url_for(filename="/")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{socket_base}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}{static}".rstrip("/") + "/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's WebSocket, its app process told its session, the socket kept so a
        revocation can close it."""
        session = request[SESSION]  # _guard let it through
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: SessionAppService | None = None
        self.sockets.setdefault(session.id, set()).add(websocket)
        if self.session_of(request) is None:  # revoked since _guard looked, unseen by the watch
            self.sockets[session.id].discard(websocket)
            raise web.HTTPForbidden(text=REFUSED_PAGE, content_type="text/html")
        try:
            await websocket.prepare(request)
            await self._touch(session.id)
            app_service = SessionAppService(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug, session_id=session.id, spare=self.spare)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
            self.sockets.get(session.id, set()).discard(websocket)
            await self._touch(session.id)
        return websocket

    async def _touch(self, session_id: str) -> None:
        """Note when a browser was last seen; a busy or full store only loses the note."""
        try:
            await asyncio.to_thread(self.registry.touch, session_id, time.time())
        except (StoreError, OSError) as error:
            log.warning("could not note when a browser was last seen: %s", error)

    # revocation -----------------------------------------------------------

    async def close_revoked(self) -> int:
        """Close the WebSockets of sessions revoked (or gone) from the file; how many."""
        live = {s.id for s in self.registry.read() if not s.revoked}
        closed = 0
        for session_id, sockets in list(self.sockets.items()):
            if session_id in live:
                continue
            for websocket in list(sockets):
                await websocket.close(message=b"session revoked")
                closed += 1
            self.sockets.pop(session_id, None)
        return closed

    async def _watch_revocations(self) -> None:
        seen = self.registry.token()
        while True:
            await asyncio.sleep(WATCH_S)
            token = self.registry.token()
            if token != seen:
                seen = token
                try:
                    await self.close_revoked()
                except Exception as error:  # keep watching whatever one close did
                    log.exception(error)

    async def on_startup(self, app: web.Application) -> None:
        """Start afresh (a new key, no old sessions) and watch for revocations.  Nothing is
        printed: the CLI has said where to go, and the key must not be in a log."""
        await asyncio.to_thread(self.registry.forget_server, self.pid)
        self._watch = asyncio.create_task(self._watch_revocations())
        self.spare = Spare(self.command, self._app_environment())
        try:
            await self.spare.start()
        except OSError as error:  # each browser then starts its own process, as before
            log.warning("could not start a spare app process: %s", error)

    def _app_environment(self) -> dict[str, str]:
        """What every browser's app process gets, before its own size and session."""
        async def nothing(*_: Any) -> None:
            return None

        service = SessionAppService(self.command, write_bytes=nothing, write_str=nothing,
                                    close=nothing, download_manager=self.download_manager,
                                    debug=self.debug, session_id="")
        return service._build_environment()

    async def on_shutdown(self, app: web.Application) -> None:
        if self._watch is not None:
            self._watch.cancel()
        if self.spare is not None:
            await self.spare.close()
        for sockets in list(self.sockets.values()):
            for websocket in list(sockets):
                await websocket.close(message=b"server stopped")
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self.registry.forget_server, self.pid)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve, with TLS when asked and no access log (it would write the
        key of every link opened)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port,
                    ssl_context=self.ssl_context, handle_signals=False, loop=loop,
                    access_log=None, print=lambda *args: None)
