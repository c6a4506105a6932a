"""`peertui serve`: the app in a browser (textual-serve), for a note-taker on a laptop.

Each browser gets its own `python -m peertui --store <path>` process on this machine, so it
joins a running meeting as note-taker exactly like a second terminal would.  Nobody gets in
without the key of this run: the link printed (and shown as a QR code for a tablet in the
room) carries it, and peertui/web/ holds the rules.  It listens on loopback unless told
otherwise; listening wider takes --public, and --tls encrypts what crosses the network.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import click

from peertui.cli.root import STORE_HELP, StoreFolder, cli, open_store
from peertui.web.keys import ServedAddress, is_loopback, new_key

__all__ = ["app_command", "is_loopback", "serve"]

WIDE_WARNING = (
    "WARNING: listening on {host}: anyone who can reach this machine on port {port} and has "
    "the link (or photographs the QR code) can read and write the meeting, private items "
    "included.")
PLAIN_HTTP_WARNING = (
    "WARNING: plain HTTP. On a shared network (office, hotel, conference Wi-Fi) others can "
    "read everything sent, the key and the notes included. Add --tls to encrypt it.")


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
    """The shell command textual-serve runs per browser: this Python, this store.  The
    shell makes way for it (exec): one process per browser, which serve's signals reach."""
    return (f"exec {shlex.quote(sys.executable)} -m peertui "
            f"--store {shlex.quote(str(store_root))}")


def print_qr(link: str) -> None:
    """The link as a QR code on stderr, for a tablet's camera."""
    import segno

    segno.make(link, error="l").terminal(out=sys.stderr, compact=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --public.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--public", is_flag=True,
              help="Allow listening beyond this machine (anyone on the network with the "
                   "link can connect).")
@click.option("--tls", is_flag=True,
              help="Serve https with a self-signed certificate made now (compare the "
                   "fingerprint printed with the one the browser shows).")
@click.option("--store", "local_store", type=StoreFolder(path_type=Path), default=None,
              help=STORE_HELP)
@click.pass_obj
def serve(store_path: Path | None, local_store: Path | None, host: str, port: int,
          public: bool, tls: bool) -> None:
    """Serve the app to a browser, for a note-taker on a laptop in the room."""
    if not is_loopback(host) and not public:
        raise click.UsageError(
            f"--host {host} would let anyone on the network read the meeting. "
            "Add --public if that is what you mean, or leave --host out (127.0.0.1).")
    store = open_store(local_store or store_path)
    from peertui.web.server import KeyedServer
    from peertui.web.sessions import SessionRegistry

    shown = "127.0.0.1" if host == "localhost" else _reachable_name(host)
    address = ServedAddress("https" if tls else "http", shown, port, is_loopback(host))
    context = None
    if tls:
        from peertui.web.tls import self_signed, server_context

        certificate = self_signed(shown)
        context = server_context(certificate)
    key = new_key()
    link = address.link(key)
    if not is_loopback(host):
        click.echo(WIDE_WARNING.format(host=host, port=port), err=True)
        if not tls:
            click.echo(PLAIN_HTTP_WARNING, err=True)
    click.echo(f"peertui: serving the store {store.root} at {address.url}", err=True)
    if tls:
        click.echo(f"peertui: certificate SHA-256 fingerprint {certificate.fingerprint}",
                   err=True)
    click.echo("peertui: open this link (or scan the code) to join; it works only while "
               "this runs:", err=True)
    sys.stderr.flush()
    print_qr(link)
    click.echo(link)
    sys.stdout.flush()
    server = KeyedServer(app_command(store.root), bind_host=host, address=address, key=key,
                         registry=SessionRegistry(store.root, store.locked),
                         ssl_context=context)
    server.serve()
