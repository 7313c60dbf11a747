"""Who has a SQLite ledger open in the desktop app (SPEC §8: "a lock tells a second user who has
it open").

A ledger file ``ledger.sqlite`` gets a lock file ``ledger.sqlite.lock`` (JSON: user, host,
pid, since) while the app has it open.  A second app opening the file is told who holds it
and works read-only.  A lock left behind by a process that no longer runs on this host is
stale and is taken over.  PostgreSQL ledgers are shared and take no lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a ledger's lock."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since[:16].replace("T", " ")
        return f"{self.user} on {self.host} since {when} UTC"


def lock_path(ledger_file: Path) -> Path:
    return ledger_file.with_name(ledger_file.name + ".lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def read_holder(ledger_file: Path) -> Holder | None:
    """The current holder of the ledger's lock, or None (no lock, unreadable, or stale)."""
    try:
        data = json.loads(lock_path(ledger_file).read_text(encoding="utf-8"))
        holder = Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.host == socket.gethostname() and not _alive(holder.pid):
        return None
    return holder


def acquire(ledger_file: Path, user: str) -> Holder | None:
    """Take the lock for ``user``; returns the other holder if someone else has it."""
    me = Holder(user, socket.gethostname(), os.getpid(), datetime.now(UTC).isoformat())
    current = read_holder(ledger_file)
    if current is not None and (current.host, current.pid) != (me.host, me.pid):
        return current
    path = lock_path(ledger_file)
    tmp = path.with_name(path.name + f".{os.getpid()}")
    try:
        tmp.write_text(json.dumps(_as_dict(me)), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only folder or a full disk: nothing to lock with
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return None
    return None


def _as_dict(h: Holder) -> dict[str, object]:
    return {"user": h.user, "host": h.host, "pid": h.pid, "since": h.since}


def release(ledger_file: Path) -> None:
    """Remove our lock (only if it is ours)."""
    current = read_holder(ledger_file)
    if current is not None and (current.host, current.pid) == (socket.gethostname(), os.getpid()):
        with contextlib.suppress(OSError):
            lock_path(ledger_file).unlink()
