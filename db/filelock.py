"""Who has a SQLite ledger open: a lock file beside it (SPEC §8, one user at a time).

``<ledger>.lock`` holds JSON ``{"user", "host", "pid", "since"}``: the same file and format as the
desktop app's :mod:`ui.usecases.ledger_lock`, so the app and the CLI see each other.  Here it is
created atomically (``O_CREAT | O_EXCL``); the CLI's write commands hold it (:func:`hold`).  A
second user is told who has the ledger open, on which machine and since when.  A lock left by a
process that is no longer running on this machine (a crash, a ``kill -9``) is stale and is taken
over; a lock from another machine cannot be checked and is respected (the message says how to
clear it if that machine is gone).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any


class LedgerInUse(Exception):
    """Someone else has the ledger open (the message says who, where and since when)."""


class LockUnavailable(LedgerInUse):
    """The lock file cannot be made (a read-only folder, a full disk): the ledger cannot be
    changed now; the message says why."""


@dataclass(frozen=True, slots=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.since).astimezone().strftime("%d/%m/%Y %H:%M")
        except ValueError:
            when = self.since
        return f"{self.user} on {self.host} (process {self.pid}) since {when}"


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


def machine() -> str:
    return socket.gethostname() or "this computer"


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in a lock file, or None if there is none (or it is unreadable)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        host = data.get("host", data.get("machine"))
        return Holder(str(data["user"]), str(host), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


class LedgerLock:
    """The lock on one ledger file; a context manager that releases what it took."""

    def __init__(self, ledger: Path, user: str):
        self.ledger = ledger
        self.path = lock_path(ledger)
        self.holder = Holder(user, machine(), os.getpid(), datetime.now(UTC).isoformat())
        self.taken_over: Holder | None = None
        self._held = False

    def acquire(self) -> LedgerLock:
        """Take the lock or raise :class:`LedgerInUse`; stale locks on this machine are taken over."""
        for _ in range(50):
            if self._create():
                return self
            other = read_holder(self.path)
            if other is None:  # being written this instant, or garbage: look again shortly
                time.sleep(0.02)
                if read_holder(self.path) is None and self.path.exists():
                    self._remove_stale(None)
                continue
            if other.host == self.holder.host and other.pid == self.holder.pid:
                self._held = False  # this process already holds it (re-entrant use)
                return self
            if other.host == self.holder.host and not _alive(other.pid):
                self._remove_stale(other)
                continue
            raise LedgerInUse(self._message(other))
        raise LedgerInUse(f"could not take the lock {self.path} (it keeps changing)")

    def _message(self, other: Holder) -> str:
        text = f"{self.ledger} is open by {other.describe()}; only one person can use it at a time"
        if other.host != self.holder.host:
            text += (
                f" (if {other.host} is no longer using it, ask {other.user} to close "
                f"fundledger, or delete {self.path})"
            )
        return text

    def _create(self) -> bool:
        try:
            return self._write_lock()
        except FileExistsError:
            return False
        except OSError as exc:
            if self._held:
                with contextlib.suppress(OSError):
                    self.path.unlink(missing_ok=True)
            self._held = False
            raise LockUnavailable(
                f"{self.ledger} cannot be changed: {_why(exc, self.path.parent)} (its lock file "
                f"{self.path.name} cannot be made); it can still be read, nothing was changed"
            ) from exc

    def _write_lock(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        self._held = True  # from here the file is ours: removed again if writing it fails
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "user": self.holder.user,
                    "host": self.holder.host,
                    "pid": self.holder.pid,
                    "since": self.holder.since,
                },
                fh,
            )
            fh.flush()
            os.fsync(fh.fileno())
        return True

    def _remove_stale(self, other: Holder | None) -> None:
        self.taken_over = other
        self.path.unlink(missing_ok=True)

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if not self._held:
            return
        self._held = False
        if read_holder(self.path) == self.holder:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> LedgerLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _why(exc: OSError, folder: Path) -> str:
    from .faults import is_disk_full, os_fault

    if is_disk_full(exc):
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"its folder {folder} is read-only"
    return os_fault(exc)


def lock_for(db: str | None, user: str | None = None) -> LedgerLock | None:
    """The (unacquired) lock for ``--db`` ``db``; None for PostgreSQL and in-memory ledgers."""
    from .engine import resolve_url, sqlite_path
    from .ledger import Actor

    path = sqlite_path(resolve_url(db))
    if path is None:
        return None
    return LedgerLock(path, user or Actor.current().username)


@contextlib.contextmanager
def hold(db: str | None, user: str | None = None) -> Iterator[LedgerLock | None]:
    """Hold ``db``'s lock for a block (a CLI write command); PostgreSQL takes none."""
    lock = lock_for(db, user)
    if lock is None:
        yield None
        return
    with lock:
        yield lock
