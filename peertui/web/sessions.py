"""The browser sessions of `peertui serve`, in one small file of the store: who joined with
the key, from where, under which name, and whether the driver has revoked them.

<store>/serve-sessions.json (0600, replaced atomically) holds, per session, a public id and
the SHA-256 of its cookie token, never the token or the key.  The server writes a session
when a browser exchanges the key, the browser's app writes the note-taker's name into it,
and the driver's screen marks one revoked; every change is a read-modify-write under the
store's lock, so none of the three loses another's.  The server re-reads the file when its
fingerprint changes and closes a revoked session's WebSocket.

No aiohttp and no textual here: the app imports this module to read and name its session.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import msgspec

from peertui.domain.ids import new_id
from peertui.domain.timesource import to_iso
from peertui.store.atomic import atomic_write_bytes, pid_alive, read_bytes
from peertui.store.records import StatKey, stat_key

from .keys import same_secret, token_hash  # cheap: keys imports its hashing where used

SESSIONS_NAME = "serve-sessions.json"
#: Set in the environment of each app process the server starts: the session it serves.
SESSION_ENV = "PEERTUI_WEB_SESSION"

Lock = Callable[[], AbstractContextManager[None]]


class BrowserSession(msgspec.Struct, frozen=True, kw_only=True):
    """One browser let in with the key."""

    id: str
    token_hash: str
    server_pid: int = 0  # the `serve` process that made it: only that one accepts it
    server_host: str = ""
    created: str = ""
    last_seen: str = ""
    address: str = ""
    user_agent: str = ""
    name: str = ""  # the note-taker, once chosen in the browser
    revoked: bool = False

    @property
    def shown_name(self) -> str:
        """How the others see this browser's note-taker."""
        return f"{self.name} (browser)" if self.name else "someone (browser)"


class SessionFile(msgspec.Struct, frozen=True, kw_only=True):
    sessions: tuple[BrowserSession, ...] = ()


def sessions_path(root: Path) -> Path:
    """Beside index.json, outside meetings/: the store's listing never takes it for a meeting."""
    return root / SESSIONS_NAME


class SessionRegistry:
    """Read and change the session file of one store.

    *lock* is the store's write lock (Store.locked); reads take none: the file is only ever
    replaced whole.  A missing or damaged file reads as no sessions, so at worst a browser is
    asked for the key again; it is never trusted.
    """

    def __init__(self, root: Path, lock: Lock) -> None:
        self.path = sessions_path(root)
        self._lock = lock
        self._seen: StatKey = None
        self._cache: tuple[BrowserSession, ...] = ()
        self._read_once = False

    def token(self) -> StatKey:
        """Changes whenever the file does: one stat."""
        return stat_key(self.path)

    def read(self) -> tuple[BrowserSession, ...]:
        """Every session in the file, re-read only when the file changed."""
        token = self.token()
        if self._read_once and token == self._seen:
            return self._cache
        self._seen, self._cache, self._read_once = token, self._decode(), True
        return self._cache

    def _decode(self) -> tuple[BrowserSession, ...]:
        try:
            raw = read_bytes(self.path)
        except Exception:  # an unreadable file is no sessions, not a crash of the server
            return ()
        if raw is None:
            return ()
        try:
            return msgspec.json.decode(raw, type=SessionFile).sessions
        except (msgspec.DecodeError, msgspec.ValidationError):
            return ()

    def get(self, session_id: str) -> BrowserSession | None:
        return next((s for s in self.read() if s.id == session_id), None)

    def find(self, token: str | None, server_pid: int) -> BrowserSession | None:
        """The live session this cookie token belongs to (for this server), or None."""
        if not token:
            return None
        wanted = token_hash(token)
        found = None
        for session in self.read():
            # compare every entry in constant time: no early exit to time
            if same_secret(session.token_hash, wanted) and session.server_pid == server_pid:
                found = session
        if found is None or found.revoked:
            return None
        return found

    def _change(self, change: Callable[[tuple[BrowserSession, ...]], tuple[BrowserSession, ...]]
                ) -> None:
        with self._lock():
            before = self._decode()
            after = change(before)
            if after != before:
                data = msgspec.json.encode(SessionFile(sessions=after))
                atomic_write_bytes(self.path, data, durable=False)

    def _replace(self, session_id: str, **fields: object) -> None:
        def change(sessions: tuple[BrowserSession, ...]) -> tuple[BrowserSession, ...]:
            return tuple(msgspec.structs.replace(s, **fields) if s.id == session_id else s
                         for s in sessions)
        self._change(change)

    def create(self, token: str, *, server_pid: int, now: float, address: str = "",
               user_agent: str = "") -> BrowserSession:
        """A new session for a browser that brought the key; its token is the cookie."""
        stamp = to_iso(now)
        session = BrowserSession(id=new_id(), token_hash=token_hash(token),
                                 server_pid=server_pid, server_host=socket.gethostname(),
                                 created=stamp, last_seen=stamp, address=address[:100],
                                 user_agent=user_agent[:200])
        self._change(lambda sessions: (*sessions, session))
        return session

    def touch(self, session_id: str, now: float) -> None:
        self._replace(session_id, last_seen=to_iso(now))

    def revoke(self, session_id: str) -> None:
        self._replace(session_id, revoked=True)

    def set_name(self, session_id: str, name: str) -> None:
        self._replace(session_id, name=name)

    def forget_server(self, server_pid: int) -> None:
        """Drop the sessions of this server and of servers gone from this machine: a new
        `serve` run has a new key, and its sessions start afresh."""
        here = socket.gethostname()

        def keep(session: BrowserSession) -> bool:
            if session.server_pid == server_pid:
                return False
            return session.server_host != here or pid_alive(session.server_pid)

        self._change(lambda sessions: tuple(s for s in sessions if keep(s)))

    def listed(self) -> tuple[BrowserSession, ...]:
        """The sessions the driver can still revoke, of servers still running here."""
        here = socket.gethostname()
        return tuple(s for s in self.read() if not s.revoked
                     and (s.server_host != here or pid_alive(s.server_pid)))


def own_session(root: Path, lock: Lock) -> tuple[SessionRegistry, BrowserSession] | None:
    """The session this app process serves, if `peertui serve` started it for a browser."""
    session_id = os.environ.get(SESSION_ENV, "")
    if not session_id:
        return None
    registry = SessionRegistry(root, lock)
    session = registry.get(session_id)
    return None if session is None else (registry, session)


def browser_name(root: Path, lock: Lock) -> str:
    """The note-taker's name chosen in this browser, or "" (a terminal, or not chosen yet)."""
    found = own_session(root, lock)
    return found[1].name if found is not None else ""


def note_takers_text(registry: SessionRegistry) -> str:
    """"Priya (browser) taking notes" for the driver's header; "" when no browser is in."""
    names = [s.shown_name for s in registry.listed()]
    return f"{', '.join(names)} taking notes" if names else ""
