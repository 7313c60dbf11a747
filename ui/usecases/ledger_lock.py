"""Holding a SQLite ledger's lock file while a command or the app uses it (SPEC §8).

``with hold(db, user):`` takes ``<ledger>.lock`` (:mod:`db.filelock`) for a SQLite ledger and
does nothing for PostgreSQL (the server handles many users).  A second user gets
:class:`LedgerInUse` naming who has the ledger open, where and since when.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from db.engine import resolve_url, sqlite_path
from db.filelock import LedgerInUse, LedgerLock
from db.ledger import Actor

__all__ = ["LedgerInUse", "LedgerLock", "hold", "lock_for"]


def lock_for(db: str | None, user: str | None = None) -> LedgerLock | None:
    """The (unacquired) lock for ``db``, or None for PostgreSQL / in-memory ledgers."""
    path = sqlite_path(resolve_url(db))
    if path is None:
        return None
    return LedgerLock(path, user or Actor.current().username)


@contextlib.contextmanager
def hold(db: str | None, user: str | None = None) -> Iterator[LedgerLock | None]:
    lock = lock_for(db, user)
    if lock is None:
        yield None
        return
    with lock:
        yield lock
