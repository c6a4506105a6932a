"""`peertui serve`: the app in a browser (textual-serve), for a note-taker on a laptop.

Each browser tab gets its own `python -m peertui --store <path>` process on this machine,
so it joins a running meeting as note-taker exactly like a second terminal would.  It
listens on loopback unless told otherwise, because whoever reaches the port reads the
meeting: listening wider takes --public and prints a warning.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

import click

from peertui.cli.root import STORE_HELP, cli, open_store

WIDE_WARNING = (
    "WARNING: listening on {host}: anyone who can reach this machine on port {port} can read "
    "and write the meeting, private items included. There is no password."
)


def is_loopback(host: str) -> bool:
    """localhost, 127.x.x.x or ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _reachable_name(host: str) -> str:
    """What a browser elsewhere should type for a wildcard address."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def app_command(store_root: Path) -> str:
    """The shell command textual-serve runs per browser tab: this Python, this store."""
    return f"{shlex.quote(sys.executable)} -m peertui --store {shlex.quote(str(store_root))}"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --public.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--public", is_flag=True,
              help="Allow listening beyond this machine (anyone on the network can connect).")
@click.option("--store", "local_store", type=click.Path(path_type=Path), default=None,
              help=STORE_HELP)
@click.pass_obj
def serve(store_path: Path | None, local_store: Path | None, host: str, port: int,
          public: bool) -> None:
    """Serve the app to a browser, for a note-taker on a laptop in the room."""
    if not is_loopback(host) and not public:
        raise click.UsageError(
            f"--host {host} would let anyone on the network read the meeting. "
            "Add --public if that is what you mean, or leave --host out (127.0.0.1).")
    store = open_store(local_store or store_path)
    from textual_serve.server import Server

    shown = "127.0.0.1" if host == "localhost" else _reachable_name(host)
    url = f"http://{shown}:{port}"
    if not is_loopback(host):
        click.echo(WIDE_WARNING.format(host=host, port=port), err=True)
    click.echo(f"peertui: serving the store {store.root} at {url}", err=True)
    click.echo(url)
    sys.stdout.flush()
    server = Server(app_command(store.root), host=host, port=port,
                    title="peertui", public_url=url)
    server.serve()
