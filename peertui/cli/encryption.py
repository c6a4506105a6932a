"""`peertui encrypt`, `peertui decrypt` and `peertui lock`: encryption at rest with age.

encrypt asks for a new passphrase twice, makes the store's key, and seals every file in
place (store/conversion.py: crash-safe, finished by the next open if cut short); on a
store encrypted already it only seals what is plain.  decrypt asks for the passphrase
(always: turning the protection off is deliberate) and makes every file plain again.  lock
makes the unlock agent forget every key now.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from peertui.cli.messages import shown
from peertui.cli.root import STORE_HELP, StoreFolder, cli, open_store

if TYPE_CHECKING:
    from peertui.store import Store


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _refuse_if_driven(store: Store, doing: str) -> None:
    """A meeting whose clock another live peertui drives: that process, started with the
    store as it was, would stop saving mid-meeting.  Ask for it to be closed first."""
    from peertui.services.driver import describe, holder_gone

    now = time.time()
    for summary in store.meetings():
        lease = store.read_lease(summary.id) if summary.in_progress else None
        if lease is not None and not holder_gone(lease, now):
            _fail(f"peertui {doing}: the meeting of {summary.date} is running in another "
                  f"peertui ({describe(lease)} drives its clock). Close every peertui using "
                  "this store, then try again. Nothing was changed.")


def _new_passphrase() -> str:
    import os

    from peertui.cli.unlock import PASSPHRASE_ENV, ask_passphrase

    if os.environ.get(PASSPHRASE_ENV):
        return str(ask_passphrase(Path()))
    typed = str(click.prompt("New passphrase for the store", hide_input=True,
                             confirmation_prompt="Repeat it", default="", show_default=False))
    if not typed:
        _fail("peertui encrypt: an empty passphrase protects nothing. Nothing was changed.")
    return typed


#: `peertui encrypt --store X` as well as `peertui --store X encrypt`, as display has it.
STORE_OPTION = click.option("--store", "local_store", type=StoreFolder(path_type=Path),
                            default=None, help=STORE_HELP)


@cli.command()
@STORE_OPTION
@click.pass_obj
def encrypt(store_path: Path | None, local_store: Path | None) -> None:
    """Encrypt the store on disk with a passphrase (age), converting it in place.

    Asks for the new passphrase twice (or reads PEERTUI_PASSPHRASE). Every file is sealed;
    only encryption.json, which says how to open them, stays plain. Keep the passphrase
    safe: without it nothing in the store can be read.
    """
    from peertui.store import keywrap, unlock_agent
    from peertui.store.conversion import begin_sealing, convert
    from peertui.store.sealing import Sealer, is_encrypted, marker_path, registered

    store = open_store(local_store or store_path)  # encrypted: unlocked, any job finished
    root = store.root
    if is_encrypted(root):
        sealer = registered(root)
        assert sealer is not None  # open_store unlocked it
        done = convert(store, sealer, "sealed")
        extra = f"; {done.changed} plain files found in it are sealed now" if done.changed else ""
        click.echo(f"The store {shown(str(root))} is encrypted already{extra}.")
        return
    _refuse_if_driven(store, "encrypt")
    passphrase = _new_passphrase()
    click.echo("Making the store's key (a few seconds)…", err=True)
    sealer = Sealer.generate()
    wrapped = keywrap.wrap(sealer.secret(), passphrase)
    keywrap.unwrap(wrapped, passphrase, marker_path(root))  # age itself opens it, or stop
    with store.locked():
        begin_sealing(store, sealer, wrapped)
        unlock_agent.offer(sealer.recipient, sealer.secret())
        done = convert(store, sealer, "sealed")
    click.echo(f"Encrypted the store {shown(str(root))}: {done.changed} files sealed; only "
               f"{marker_path(root).name} is plain. It stays unlocked on this machine until "
               "`peertui lock` (or half a day unused). Keep the passphrase safe: without it "
               "nothing in the store can be read.")


@cli.command()
@STORE_OPTION
@click.pass_obj
def decrypt(store_path: Path | None, local_store: Path | None) -> None:
    """Turn the store's encryption off: every file is made plain again, in place.

    Asks for the passphrase (or reads PEERTUI_PASSPHRASE), even when unlocked.
    """
    from peertui.cli.root import store_errors
    from peertui.cli.unlock import unlock
    from peertui.store import unlock_agent
    from peertui.store.conversion import convert
    from peertui.store.layout import default_store_path, store_root
    from peertui.store.sealing import is_encrypted, registered

    with store_errors():
        root = store_root(local_store or store_path or default_store_path())
        if not is_encrypted(root):
            click.echo(f"The store {shown(str(root))} is not encrypted; nothing to do.")
            return
        unlock(root, agent=False)  # the passphrase, always: WrongPassphrase exits 2
    store = open_store(root)
    _refuse_if_driven(store, "decrypt")
    sealer = registered(store.root)
    if sealer is None:  # decrypted meanwhile, by the open that finished an interrupted job
        click.echo(f"The store {shown(str(root))} is not encrypted now.")
        return
    done = convert(store, sealer, "plain")
    unlock_agent.drop(sealer.recipient)
    click.echo(f"Decrypted the store {shown(str(root))}: {done.changed} files are plain "
               "again, readable by anyone who can read the folder.")


@cli.command()
def lock() -> None:
    """Forget the keys of every unlocked store now: the next peertui asks again."""
    from peertui.store import unlock_agent

    forgot = unlock_agent.stop()
    if forgot is None:
        click.echo("No store was unlocked on this machine.")
    else:
        click.echo(f"Locked: the unlock agent forgot {forgot} store key(s) and stopped. The "
                   "next peertui asks for the passphrase.")
