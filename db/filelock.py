"""Who has a SQLite ledger open: a lock file beside it (SPEC §8, one user at a time).

``<ledger>.lock`` holds JSON ``{"user", "machine", "pid", "since"}`` and is created atomically
(``O_CREAT | O_EXCL``).  A second user is told who has the ledger open, on which machine and
since when.  A lock left by a process that is no longer running on this machine (a crash, a
``kill -9``) is stale and is taken over; a lock from another machine cannot be checked and is
respected (the message says how to clear it if that machine is gone).
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any


class LedgerInUse(Exception):
    """Someone else has the ledger open (the message says who, where and since when)."""


@dataclass(frozen=True, slots=True)
class Holder:
    user: str
    machine: str
    pid: int
    since: str

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.since).astimezone().strftime("%d/%m/%Y %H:%M")
        except ValueError:
            when = self.since
        return f"{self.user} on {self.machine} (process {self.pid}) since {when}"


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


def machine() -> str:
    return socket.gethostname() or "this computer"


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in a lock file, or None if there is none (or it is unreadable)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["machine"]), int(data["pid"]), str(data["since"]))
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
            if other.machine == self.holder.machine and other.pid == self.holder.pid:
                self._held = False  # this process already holds it (re-entrant use)
                return self
            if other.machine == self.holder.machine and not _alive(other.pid):
                self._remove_stale(other)
                continue
            raise LedgerInUse(self._message(other))
        raise LedgerInUse(f"could not take the lock {self.path} (it keeps changing)")

    def _message(self, other: Holder) -> str:
        text = f"{self.ledger} is open by {other.describe()}; only one person can use it at a time"
        if other.machine != self.holder.machine:
            text += (
                f" (if {other.machine} is no longer using it, ask {other.user} to close "
                f"fundledger, or delete {self.path})"
            )
        return text

    def _create(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "user": self.holder.user,
                    "machine": self.holder.machine,
                    "pid": self.holder.pid,
                    "since": self.holder.since,
                },
                fh,
            )
            fh.flush()
            os.fsync(fh.fileno())
        self._held = True
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
