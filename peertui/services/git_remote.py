"""git, as sync uses it: a repository of its own inside the store, one branch, one remote.

git moves and keeps the history; peertui never merges inside a file (each copy adds files
of its own), so a merge here can only fail for a reason worth telling: a remote that is
not a peertui store, one that vanished, a full disk.  Every failure is a GitError in words
a person can act on, with git's own last line for whoever needs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

BRANCH = "main"
REMOTE = "origin"
#: Commits carry no one's name or address: the remote learns nothing from them.
_IDENTITY = ("-c", "user.name=peertui", "-c", "user.email=peertui@invalid",
             "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null",
             "-c", "init.defaultBranch=main", "-c", "gc.auto=0")
TIMEOUT_S = 300.0


class GitError(Exception):
    """A git step failed; str() says what happened and what to do."""


def git_missing() -> bool:
    return shutil.which("git") is None


class Git:
    """One working tree (the store's sync folder) and its remote."""

    def __init__(self, work: Path) -> None:
        self.work = work

    def run(self, *args: str, what: str, check: bool = True,
            timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        if git_missing():
            raise GitError("git is not installed here; install it (for example "
                           "`apt install git`) and sync again. Nothing was changed.")
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
               "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")}
        try:
            done = subprocess.run(["git", *_IDENTITY, *args], cwd=self.work, env=env,
                                  capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise GitError(f"{what} took over {timeout:.0f} s and was stopped; check the "
                           "connection to the remote and sync again.") from None
        except OSError as error:
            raise GitError(f"{what} could not run git ({error.strerror}).") from None
        if check and done.returncode != 0:
            raise GitError(f"{what} failed: {last_line(done.stderr or done.stdout)}")
        return done

    # -- the repository --------------------------------------------------------------------

    def ready(self) -> bool:
        return (self.work / ".git").is_dir()

    def init(self, url: str) -> None:
        self.work.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.ready():
            self.run("init", "-q", "-b", BRANCH, what="Making the sync folder")
        self.set_remote(url)

    def set_remote(self, url: str) -> None:
        if self.run("remote", "get-url", REMOTE, what="Reading the remote",
                    check=False).returncode == 0:
            self.run("remote", "set-url", REMOTE, url, what="Setting the remote")
        else:
            self.run("remote", "add", REMOTE, url, what="Setting the remote")

    def remote_url(self) -> str:
        done = self.run("remote", "get-url", REMOTE, what="Reading the remote", check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    def clear_stale_locks(self) -> list[Path]:
        """git's own lock files left by a sync that was killed.  Only called while holding
        the store's sync lock, so no other peertui sync can be using them."""
        found = [p for p in (self.work / ".git" / "index.lock",
                             self.work / ".git" / "HEAD.lock",
                             self.work / ".git" / "refs" / "heads" / f"{BRANCH}.lock")
                 if p.exists()]
        for path in found:
            path.unlink(missing_ok=True)
        return found

    def has_commits(self) -> bool:
        return self.run("rev-parse", "-q", "--verify", "HEAD", what="Reading the history",
                        check=False).returncode == 0

    def commit(self, message: str) -> bool:
        """Commit everything new in the working tree; False if there was nothing."""
        self.run("add", "-A", ".", what="Recording this copy's changes")
        staged = self.run("diff", "--cached", "--quiet", what="Recording this copy's changes",
                          check=False)
        if staged.returncode == 0 and self.has_commits():
            return False
        self.run("commit", "-q", "--allow-empty", "-m", message,
                 what="Recording this copy's changes")
        return True

    # -- the remote ------------------------------------------------------------------------

    def fetch(self) -> bool:
        """Bring the remote's history; False if the remote has none yet (a new, empty one)."""
        heads = self.run("ls-remote", "--heads", REMOTE, BRANCH,
                         what=f"Reaching the remote {self.remote_url()}")
        if not heads.stdout.strip():
            return False
        self.run("fetch", "-q", REMOTE, BRANCH, what="Receiving from the remote")
        return True

    def remote_file(self, name: str) -> bytes | None:
        """One file of the remote's branch as fetched, or None if it has no such file."""
        done = subprocess.run(["git", "show", f"{REMOTE}/{BRANCH}:{name}"], cwd=self.work,
                              capture_output=True, check=False, stdin=subprocess.DEVNULL,
                              env={**os.environ, "LC_ALL": "C"})
        return done.stdout if done.returncode == 0 else None

    def merge(self) -> None:
        done = self.run("merge", "-q", "--no-edit", "--allow-unrelated-histories",
                        f"{REMOTE}/{BRANCH}", what="Joining the other copies' changes",
                        check=False)
        if done.returncode != 0:
            self.run("merge", "--abort", what="Undoing a failed join", check=False)
            raise GitError("Joining the other copies' changes failed, which peertui's layout "
                           "should make impossible: a file in the remote was changed by "
                           f"hand? ({last_line(done.stderr or done.stdout)}) Nothing was "
                           "changed here.")

    def push(self) -> bool:
        """Send this copy's history; False if the remote moved on meanwhile (fetch again)."""
        done = self.run("push", "-q", REMOTE, f"HEAD:{BRANCH}", what="Sending to the remote",
                        check=False)
        if done.returncode == 0:
            return True
        words = done.stderr or done.stdout
        if "rejected" in words or "fetch first" in words or "non-fast-forward" in words:
            return False
        raise GitError(f"Sending to the remote failed: {last_line(words)}")

    def clone(self, url: str) -> None:
        self.work.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        Git(self.work.parent).run("clone", "-q", "-o", REMOTE, "-b", BRANCH, url,
                                  self.work.name, what=f"Copying the remote {url}")


def last_line(text: str) -> str:
    """git's own reason: its first fatal or error line (the rest is advice), else its last."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (reasons or lines or ["git said nothing"])[0 if reasons else -1]
