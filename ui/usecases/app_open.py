"""Opening a ledger for the desktop app: lock, open, daily backup, and who is connected.

:func:`open_for_app` is what the app's "open" does off the GUI thread (SPEC §8):

- SQLite: take ``<ledger>.lock`` (a second user gets :class:`LedgerInUse` naming who has it
  open; a stale lock from a dead process is taken over), open and migrate (an upgrade takes a
  verified backup first), then make the day's automatic backup if the newest is over a day old;
- PostgreSQL: open with the person's own login (no lock: the server serves many users).

``Opened.who`` is the status-bar text ("jo (finance officer) as login jo on fundledger@db:5432").
Call :meth:`Opened.close` when the ledger is closed, to release the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.backup import BackupError, BackupResult
from db.engine import sqlite_path
from db.filelock import LedgerInUse, LedgerLock
from db.ledger import Ledger
from db.restore import daily_backup

from .ledger_lock import lock_for
from .session import open_ledger, who_is_connected

__all__ = ["LedgerInUse", "Opened", "open_for_app"]


@dataclass
class Opened:
    ledger: Ledger
    lock: LedgerLock | None
    backup: BackupResult | None
    backup_problem: str | None
    who: str

    def close(self) -> None:
        self.ledger.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_for_app(db: str | None, user: str | None = None) -> Opened:
    """Lock (SQLite), open and migrate, back up once a day (SQLite); see the module docstring."""
    lock = lock_for(db, user)
    if lock is not None:
        lock.acquire()
    try:
        ledger = open_ledger(db, user)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    backup, problem = None, None
    path: Path | None = sqlite_path(ledger.url)
    if path is not None:
        try:
            backup = daily_backup(path)
        except BackupError as exc:  # the ledger is fine; say so rather than refuse to open
            problem = f"today's automatic backup failed: {exc}"
    return Opened(ledger, lock, backup, problem, who_is_connected(ledger))
