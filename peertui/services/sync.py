"""`peertui sync` and `peertui restore`: copies of one store kept together through git.

Each copy keeps working in its own files, offline.  A sync turns what changed in them since
the last sync into a batch of changes in this copy's own log (sync/changes/<device>/), lets
git carry every copy's logs both ways, and writes the union's view back into the files.  A
copy only ever adds files of its own, so git never merges inside one, and the view is the
same on every copy whatever order the logs arrive in (domain/changes.py).

What counts as changed here is a three-way rule, per field: a value that differs from what
the logs said when this copy last wrote them into its files (``applied``) is this copy's
own edit, stamped with the moment its file was last saved.  When a sync was cut short while
writing the view (``applying``), a value equal to that view is not an edit either, so a
kill at any moment never turns someone else's change into a newer one of ours.

The steps, and what a fault at each leaves: (1) this copy's edits go into a new batch (under
the store's lock; a kill leaves a complete batch or none); (2) git commits, fetches and
merges (a kill leaves git's own state, which the next sync tidies); (3) the merged view is
written into the store (under the lock; ``applying`` says how far); (4) git pushes (a remote
gone mid-push leaves everything here, sent next time).  One sync at a time per store, by
a lock file; a second one waits for the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from peertui.domain.changes import Change, HybridClock, Merged
from peertui.store import Store, StoreError, WrongPassphrase
from peertui.store.atomic import replace_file
from peertui.store.change_log import ChangeLog
from peertui.store.layout import SYNC_LOCK_NAME

from .git_remote import Git, GitError
from .sync_state import (
    FORMAT,
    MARKER_NAME,
    RemoteMarker,
    SyncState,
    decode_marker,
    new_id,
    read_state,
    sync_dir,
    write_state,
)
from .sync_view import (
    GROUP,
    GROUP_KINDS,
    ITEM,
    MEETING,
    Applied,
    Scope,
    Snapshot,
    apply_view,
    changed_since,
    file_tokens,
    kind_of,
    owner_of,
    snapshot,
)

Progress = Callable[[str], None]
PUSH_TRIES = 4
LOCK_WAIT_S = 600.0


class SyncError(Exception):
    """A sync that could not complete; str() says what happened and what to do.  Nothing
    already saved in the store is lost when one is raised."""


@dataclass
class SyncResult:
    remote: str
    sent: int = 0  # changes this copy made since its last sync
    received: int = 0  # changes from other copies written into this one
    applied: Applied = field(default_factory=Applied)
    skipped: list[StoreError] = field(default_factory=list)
    sent_later: bool = False  # pushed nothing (the remote was unreachable for the push)

    def summary(self) -> str:
        parts = [f"sent {self.sent} change{'s' * (self.sent != 1)}",
                 f"received {self.received}"]
        touched = self.applied.meetings + self.applied.groups
        if touched:
            parts.append(f"{touched} meeting{'s' * (touched != 1)} or group"
                         f"{'s' * (touched != 1)} updated here")
        text = f"Synced with {self.remote}: " + ", ".join(parts) + "."
        if self.skipped:
            text += (f" {len(self.skipped)} meeting file(s) could not be read and were left "
                     "as they are: " + "; ".join(str(e.path) for e in self.skipped))
        return text


class Syncer:
    """One sync of one store; build it with the store and call run()."""

    def __init__(self, store: Store, *, now: Callable[[], float] = time.time,
                 progress: Progress | None = None) -> None:
        self.store = store
        self.now = now
        self.progress = progress or (lambda _step: None)
        self.git = Git(sync_dir(store.root))
        self._last_skipped: list[StoreError] = []  # the meeting files the last read skipped
        self._batches: dict[str, list[list[Change]]] = {}  # read so far, by device
        self._read_upto: dict[str, int] = {}

    # -- the whole sync --------------------------------------------------------------------

    def run(self, remote: str | None = None) -> SyncResult:
        from filelock import FileLock, Timeout

        lock = FileLock(self.store.root / SYNC_LOCK_NAME, mode=0o600)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            self.progress("Waiting for another sync of this store to finish…")
            try:
                lock.acquire(timeout=LOCK_WAIT_S)
            except Timeout:
                raise SyncError("Another sync of this store has run for over "
                                f"{LOCK_WAIT_S / 60:.0f} minutes; try again later.") from None
        try:
            before = read_state(self.store.root)
            state = self._state(remote)
            try:
                result = self._sync(state)
            except (GitError, StoreError) as error:
                if before is not None:  # a remote that failed does not replace the one that
                    state.remote = before.remote  # worked
                state.last_tried, state.last_error = _iso(self.now()), str(error)
                with suppress(StoreError):  # a full disk may refuse this too: the
                    self._save_state(state)  # message below still says what happened
                raise SyncError(f"{error}\nNothing saved here was lost; sync again when "
                                "that is sorted out.") from error
            state.last_synced = state.last_tried = _iso(self.now())
            state.last_error, state.last_summary = "", result.summary()
            self._save_state(state)
            return result
        finally:
            lock.release()

    def _state(self, remote: str | None) -> SyncState:
        state = read_state(self.store.root)
        if state is None:
            if not remote:
                raise SyncError("This store has never been synced, so there is no remote "
                                "yet. The first time, name one: peertui sync REMOTE (a bare "
                                "git repository: a folder on a USB stick, user@host:path, or "
                                "a private git host). Nothing was changed.")
            state = SyncState(device=new_id(), store_id=new_id())
        if remote:
            state.remote = remote
        if not state.remote:
            raise SyncError("No remote is set: peertui sync REMOTE. Nothing was changed.")
        return state

    def _sync(self, state: SyncState) -> SyncResult:
        result = SyncResult(remote=state.remote)
        log = ChangeLog(self.git.work, state.device)
        self.progress("Reading this copy's changes")
        self.git.init(state.remote)
        self.git.clear_stale_locks()
        self._write_marker(state)
        with self.store.locked():
            result.sent += self._record(state, log)
        for _ in range(PUSH_TRIES):
            self.progress(f"Receiving from {state.remote}")
            self.git.commit(f"changes from {state.device}")
            if self.git.fetch():
                self._check_remote(state)
                self.git.merge()
            self.progress("Writing the other copies' changes into this one")
            with self.store.locked():
                result.sent += self._record(state, log)
                received, applied = self._apply(state, log)
            result.received += received
            result.applied.meetings += applied.meetings
            result.applied.groups += applied.groups
            result.applied.removed += applied.removed
            result.skipped = self._last_skipped
            self.git.commit(f"changes from {state.device}")
            self.progress(f"Sending to {state.remote}")
            if self.git.push():
                return result
        raise SyncError(f"{state.remote} kept changing while this copy sent to it (another "
                        "copy syncing at the same moment?); sync again.")

    # -- the steps -------------------------------------------------------------------------

    def _read_all(self, log: ChangeLog) -> dict[str, list[list[Change]]]:
        """Every batch here, by device, in sequence.  A batch is never rewritten, so each
        is read once per sync however many steps look at it."""
        found: dict[str, list[list[Change]]] = {}
        for path, batch in log.batches(after=self._read_upto):
            self._batches.setdefault(path.parent.name, []).append(batch)
            self._read_upto[path.parent.name] = int(path.stem)
        for device, runs in self._batches.items():
            found[device] = runs
        return found

    def _merged(self, batches: dict[str, list[list[Change]]], upto: dict[str, int] | None,
                scope: Scope) -> Merged:
        merged = Merged()
        for device, runs in batches.items():
            limit = len(runs) if upto is None else upto.get(device, 0)
            for batch in runs[:limit]:
                merged.add(change for change in batch if change.entity in scope)
        return merged

    def _record(self, state: SyncState, log: ChangeLog) -> int:
        """This copy's edits since its files last matched the logs, as its next batch."""
        batches = self._read_all(log)
        state.applied[state.device] = len(batches.get(state.device, []))
        scope = changed_since(state.files, file_tokens(self.store))
        references = [self._merged(batches, state.applied, scope)]
        if state.applying is not None:
            references.append(self._merged(batches, state.applying, scope))
        local = snapshot(self.store, scope)
        self._last_skipped = local.unreadable
        clock = HybridClock(state.device, self.now)
        clock.witness(change.stamp for runs in batches.values() for batch in runs
                      for change in batch)
        changes, held_back = _edits(local, references, clock)
        if changes:
            log.append(changes)
            state.applied[state.device] += 1
        if state.applying is None and not local.unreadable and not held_back:
            # stamped after every change this copy has seen, its edits win in the view of
            # what it has applied: every file now matches the logs
            state.files = file_tokens(self.store)
        self._save_state(state)
        return len(changes)

    def _apply(self, state: SyncState, log: ChangeLog) -> tuple[int, Applied]:
        """Write the union of every log into the store's files: those this copy changed,
        and those the new batches from other copies touch."""
        batches = self._read_all(log)
        everything = {device: len(runs) for device, runs in batches.items()}
        new = [change for device, runs in batches.items()
               for batch in runs[state.applied.get(device, 0):] for change in batch]
        scope = changed_since(state.files, file_tokens(self.store)).with_owners(
            owner_of(change.entity) for change in new)
        local = snapshot(self.store, scope)
        state.applying = everything
        self._save_state(state)
        applied = apply_view(self.store, self._merged(batches, None, scope), local)
        state.applied, state.applying = everything, None
        damaged = local.skipped | {e.path.stem for e in self._last_skipped}
        state.files = {name: token for name, token in file_tokens(self.store).items()
                       if name not in damaged}  # every other file now matches the logs
        self._save_state(state)
        return len(new), applied

    def _marker(self, state: SyncState) -> RemoteMarker:
        """What the remote's one plain file says of this store now."""
        from peertui.store.sealing import read_marker

        sealed = read_marker(self.store.root)
        if sealed is None:
            return RemoteMarker(format=FORMAT, store_id=state.store_id)
        return RemoteMarker(format=FORMAT, store_id=state.store_id,
                            sealed_with=sealed.recipient, key=sealed.identity,
                            data_key=sealed.data_key)

    def _write_marker(self, state: SyncState) -> None:
        """Write the marker; if the store was encrypted or decrypted since its last sync,
        this copy's git history keeps what the files were before, so it starts a fresh
        one (a remote that has the old history refuses it: see _check_remote)."""
        import shutil

        path = self.git.work / MARKER_NAME
        marker = self._marker(state)
        before = decode_marker(path.read_bytes()) if path.exists() else None
        if before is not None and before.sealed_with != marker.sealed_with:
            self.progress(f"The store is {marker.words()} now: starting a fresh sync history")
            shutil.rmtree(self.git.work / ".git", ignore_errors=True)
            self.git.init(state.remote)
        data = msgspec.json.encode(marker)
        if before is None or path.read_bytes() != data:
            replace_file(path, data)  # plain on purpose: it says what the remote is

    def _check_remote(self, state: SyncState) -> None:
        raw = self.git.remote_file(MARKER_NAME)
        marker = None if raw is None else decode_marker(raw)
        if marker is None:
            raise GitError(f"{state.remote} holds a git repository that is not a peertui "
                           "store, so peertui will not write into it. Name an empty bare "
                           "repository (git init --bare PATH) or this group's remote.")
        if marker.store_id != state.store_id:
            raise GitError(f"{state.remote} holds another group's peertui store, so this "
                           "one will not sync with it. To work on that group here, restore "
                           "it into a new folder: peertui restore REMOTE --store PATH.")
        ours = self._marker(state)
        if marker.sealed_with != ours.sealed_with:
            held, now = (("sealed with another key", "has a new key") if marker.sealed_with
                         and ours.sealed_with else (marker.words(), f"is {ours.words()}"))
            raise GitError(
                f"{state.remote} holds this group's store {held}, and this copy {now}; "
                "that remote's history keeps the old copies, so this "
                "copy will not add to it. Make a new empty bare repository and sync to it "
                "(peertui sync NEW-REMOTE), restore the other copies from it, then delete "
                "the old remote.")

    def _save_state(self, state: SyncState) -> None:
        write_state(self.store.root, state)


def _edits(local: Snapshot, references: list[Merged],
           clock: HybridClock) -> tuple[list[Change], bool]:
    """The changes that turn the logs' view (*references*) into what the store holds, and
    whether some were held back (a lost index is not a deletion of its groups)."""
    changes: list[Change] = []
    held_back = False
    for name, values in local.entities.items():
        known = [fields for fields in (ref.entity(name) for ref in references)
                 if fields is not None]
        edited = values if not known else {
            key: value for key, value in values.items()
            if all(fields.get(key, _ABSENT) != value for fields in known)}
        if edited:
            changes.append(clock.set_fields(name, edited, at=local.saved_at[name]))
    skipped = local.skipped
    gone = set().union(*(ref.newest for ref in references)) - set(local.entities)
    for name in sorted(gone):
        owner = owner_of(name)
        if owner in skipped:
            continue
        if kind_of(name) in GROUP_KINDS and f"{GROUP}:{owner}" not in local.entities:
            held_back = True  # no copy deletes a group: its index was lost, and the view
            continue  # brings it back
        if all(ref.shown(name) for ref in references):  # an item deleted when its meeting
            at = local.saved_at.get(f"{kind_of(name)}:{owner}")  # was last saved
            if kind_of(name) == ITEM:
                at = local.saved_at.get(f"{MEETING}:{owner}")
            changes.append(clock.delete(name, at=at))
    return changes, held_back


_ABSENT = object()


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def restore(remote: str, root: Path, *, now: Callable[[], float] = time.time,
            progress: Progress | None = None,
            open_store: Callable[[Path], Store] = Store.open) -> SyncResult:
    """A full working store at *root* (a new or empty folder) from *remote*.  An encrypted
    store's keys come with the remote, sealed: *open_store* unlocks it (the CLI asks for
    the passphrase there; a wrong one leaves nothing behind)."""
    import shutil

    from peertui.store.layout import store_root

    target = store_root(root)
    existed = target.exists()
    if existed and any(target.iterdir()):
        raise SyncError(f"{target} is not empty; restore makes a new store, so name a new "
                        "or empty folder. Nothing was changed.")
    say = progress or (lambda _step: None)
    say(f"Copying {remote}")
    git = Git(sync_dir(target))
    try:
        git.clone(remote)
        marker_file = git.work / MARKER_NAME
        marker = decode_marker(marker_file.read_bytes()) if marker_file.exists() else None
        if marker is None:
            raise SyncError(f"{remote} is not a peertui store (it has no {MARKER_NAME}), so "
                            "there is nothing to restore from it. Nothing was made.")
        if marker.sealed_with:
            _write_encryption_marker(target, marker)
        store = open_store(target)
    except BaseException as error:
        for entry in (list(target.iterdir()) if target.exists() else []):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        if not existed:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, GitError):
            raise SyncError(str(error)) from error
        if isinstance(error, WrongPassphrase):  # its file is gone with the rest: name the
            raise StoreError(remote, "the passphrase is wrong (it does not open the key of "
                             "the store this remote holds)", "Nothing was made. Run restore "
                             "again with the passphrase given to `peertui encrypt`.",
                             "remote") from None
        raise
    write_state(target, SyncState(device=new_id(), store_id=marker.store_id, remote=remote))
    return Syncer(store, now=now, progress=progress).run()


def _write_encryption_marker(root: Path, marker: RemoteMarker) -> None:
    """The store's own encryption marker, as the remote carries it."""
    from peertui.store import sealing

    sealed = sealing.Marker(format=sealing.FORMAT, version=sealing.VERSION,
                            recipient=marker.sealed_with, identity=marker.key,
                            data_key=marker.data_key)
    replace_file(sealing.marker_path(root), sealing.encode_marker(sealed))
