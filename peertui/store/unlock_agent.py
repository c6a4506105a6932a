"""The unlock agent: a person types the passphrase once, and the projector view, a second
note-taker and the browser sessions on the same machine and account do not ask again.

The first unlock starts this small process (this file run by path, standard library only,
so it holds no store code and little memory).  It keeps each unlocked store's identity in
memory, keyed by the store's recipient, and hands it over a Unix socket to processes of the
same user only: the socket lives in a folder of that user's (0700: $PEERTUI_AGENT_DIR, else
$XDG_RUNTIME_DIR/peertui, else peertui-<uid> in the temp folder; one of the wrong owner or
mode is not used at all), and each side checks the other's uid (SO_PEERCRED on Linux).
Nothing it holds is ever written to disk: no file but the socket, its pid and a lock; core
dumps and ptrace are refused where the system allows.  It forgets everything and exits
after IDLE_S without a request, at `peertui lock`, or within seconds of its socket going.

One request per connection, one JSON line each way:
{"op": "get", "recipient": R} -> {"identity": I | null};  {"op": "put", "recipient": R,
"identity": I};  {"op": "drop", "recipient": R};  {"op": "stop"};  {"op": "ping"}.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DIR_ENV = "PEERTUI_AGENT_DIR"
IDLE_ENV = "PEERTUI_AGENT_IDLE_S"
#: Forget after this long without a request: a working day and a half.
IDLE_S = 12 * 3600.0
SOCKET_NAME = "agent.sock"
PID_NAME = "agent.pid"
LOCK_NAME = "agent.lock"
_MAX_LINE = 64 * 1024
_TIMEOUT_S = 2.0


def agent_dir(create: bool = False) -> Path | None:
    """The agent's folder, or None where none can be trusted (or made, with *create*)."""
    given = os.environ.get(DIR_ENV)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if given:
        folder = Path(given)
    elif runtime:
        folder = Path(runtime) / "peertui"
    else:
        folder = Path(tempfile.gettempdir()) / f"peertui-{os.getuid()}"
    if not hasattr(socket, "AF_UNIX"):
        return None
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    private = stat.S_IMODE(st.st_mode) & 0o077 == 0
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or not private:
        return None  # someone else's, or open to others: an impostor could sit there
    return folder


def _peer_uid(conn: socket.socket) -> int | None:
    """The uid of the process at the other end, where the system says (Linux)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    raw = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return int(struct.unpack("3i", raw)[1])


def _same_user(conn: socket.socket) -> bool:
    uid = _peer_uid(conn)
    return uid is None or uid == os.getuid()  # None: only the folder's 0700 guards


def _read_line(conn: socket.socket) -> dict[str, Any] | None:
    data = b""
    while not data.endswith(b"\n") and len(data) < _MAX_LINE:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    try:
        found = json.loads(data)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    conn.sendall(json.dumps(message).encode("utf-8") + b"\n")


def ask(request: dict[str, Any]) -> dict[str, Any] | None:
    """Send one request to the running agent; None if there is none (or it is not ours)."""
    folder = agent_dir()
    if folder is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(_TIMEOUT_S)
            conn.connect(str(folder / SOCKET_NAME))
            if not _same_user(conn):
                return None
            _send(conn, request)
            return _read_line(conn)
    except OSError:
        return None


def fetch(recipient: str) -> str | None:
    """The identity the agent holds for the store with this recipient, if any."""
    answer = ask({"op": "get", "recipient": recipient})
    found = None if answer is None else answer.get("identity")
    return found if isinstance(found, str) else None


def offer(recipient: str, identity: str) -> bool:
    """Give the agent this store's identity, starting the agent if none runs; False when
    there can be none here (then each process asks for the passphrase)."""
    request = {"op": "put", "recipient": recipient, "identity": identity}
    if ask(request) is not None:
        return True
    return start() and ask(request) is not None


def drop(recipient: str) -> None:
    ask({"op": "drop", "recipient": recipient})


def stop() -> int | None:
    """Make the agent forget everything and exit: how many stores it held, None if none ran."""
    answer = ask({"op": "stop"})
    return None if answer is None else int(answer.get("forgot", 0))


def start() -> bool:
    """Start an agent and wait until it answers (its first process returns once it listens)."""
    if agent_dir(create=True) is None:
        return False
    try:
        first = subprocess.run([sys.executable, "-I", os.path.abspath(__file__)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True,
                               close_fds=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return first.returncode == 0 and ask({"op": "ping"}) is not None


# -- the agent itself ----------------------------------------------------------------------


def _harden() -> None:
    """No core dump and no ptrace of this process, where the system allows."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError):
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
        except (OSError, AttributeError):
            pass


def _answer(keys: dict[str, str], request: dict[str, Any]) -> dict[str, Any]:
    op, recipient = request.get("op"), request.get("recipient")
    if op == "get" and isinstance(recipient, str):
        return {"identity": keys.get(recipient)}
    if op == "put" and isinstance(recipient, str) and isinstance(request.get("identity"), str):
        keys[recipient] = request["identity"]
        return {"ok": True}
    if op == "drop" and isinstance(recipient, str):
        keys.pop(recipient, None)
        return {"ok": True}
    if op == "ping":
        return {"ok": True, "pid": os.getpid(), "stores": len(keys)}
    return {"error": "unknown request"}


def _still_reachable(path: Path, inode: int) -> bool:
    """Whether our socket is still where clients look: a folder removed (a temp cleaner, a
    test's teardown) or another agent's socket there means nobody can reach this one."""
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def _serve(listener: socket.socket, path: Path, idle_s: float) -> None:
    keys: dict[str, str] = {}
    last = time.monotonic()
    inode = os.stat(path).st_ino
    listener.settimeout(min(idle_s, 5.0))
    while time.monotonic() - last < idle_s:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            if not _still_reachable(path, inode):
                break  # unreachable: forget and go, rather than linger for hours
            continue
        except OSError:
            break
        with conn:
            try:
                conn.settimeout(_TIMEOUT_S)
                if not _same_user(conn):
                    continue
                request = _read_line(conn)
                if request is None:
                    continue
                last = time.monotonic()
                if request.get("op") == "stop":
                    _send(conn, {"ok": True, "forgot": len(keys)})
                    break
                _send(conn, _answer(keys, request))
            except OSError:
                continue
    keys.clear()


def main() -> None:
    """Fork; the child listens, then lets the parent exit 0 (so the starter knows it can
    connect), and serves until idle or told to stop.  If an agent runs already, exit 0."""
    import fcntl

    folder = agent_dir(create=True)
    if folder is None:
        sys.exit(1)
    idle_s = float(os.environ.get(IDLE_ENV) or IDLE_S)
    ready_r, ready_w = os.pipe()
    if os.fork():
        os.close(ready_w)
        sys.exit(0 if os.read(ready_r, 1) == b"1" else 1)
    os.close(ready_r)
    lock = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.write(ready_w, b"1")  # another agent holds it: that one answers
        os._exit(0)
    _harden()
    path = folder / SOCKET_NAME
    pid_file = folder / PID_NAME
    try:
        path.unlink(missing_ok=True)  # a dead agent's; the lock says none is alive
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            old = os.umask(0o177)
            try:
                listener.bind(str(path))
            finally:
                os.umask(old)
            listener.listen(16)
            with open(os.open(pid_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                      "w") as handle:
                handle.write(f"{os.getpid()}\n")
            os.write(ready_w, b"1")
            os.close(ready_w)
            _serve(listener, path, idle_s)
    finally:  # ours: no other agent starts before this one lets go of the lock
        path.unlink(missing_ok=True)
        pid_file.unlink(missing_ok=True)
    os._exit(0)


if __name__ == "__main__":
    main()
