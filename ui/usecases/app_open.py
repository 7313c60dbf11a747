"""Opening a ledger for the desktop app: lock, open, daily backup, and who is connected.

:func:`open_for_app` is what the app's "open" does off the GUI thread (SPEC §8):

- SQLite: open and migrate (an upgrade takes a verified backup first), then make the day's
  automatic backup if the newest is over a day old.  With ``lock=True`` it also takes
  ``<ledger>.lock`` first (:mod:`db.filelock`; a second user gets :class:`LedgerInUse` naming who
  has it open) — the Qt app holds the same lock file itself (:mod:`ui.usecases.ledger_lock`);
- PostgreSQL: open with the person's own login (no lock: the server serves many users).

``Opened.who`` is the status-bar text ("jo (finance officer) as login jo on fundledger@db:5432").
Call :meth:`Opened.close` when the ledger is closed, to release the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.backup import BackupError, BackupResult
from db.engine import sqlite_path
from db.filelock import LedgerInUse, LedgerLock, lock_for
from db.ledger import Ledger
from db.restore import daily_backup

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


def open_for_app(db: str | None, user: str | None = None, *, lock: bool = True) -> Opened:
    """Lock (SQLite), open and migrate, back up once a day (SQLite); see the module docstring."""
    held = lock_for(db, user) if lock else None
    if held is not None:
        held.acquire()
    try:
        ledger = open_ledger(db, user)
    except BaseException:
        if held is not None:
            held.release()
        raise
    backup, problem = None, None
    path: Path | None = sqlite_path(ledger.url)
    if path is not None:
        try:
            backup = daily_backup(path)
        except BackupError as exc:  # the ledger is fine; say so rather than refuse to open
            problem = f"today's automatic backup failed: {exc}"
    return Opened(ledger, held, backup, problem, who_is_connected(ledger))
