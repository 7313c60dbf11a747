"""Recognising storage faults so a use case can say plainly that nothing was saved.

A full disk (SQLite ``SQLITE_FULL``, also what ``PRAGMA max_page_count`` produces; PostgreSQL
SQLSTATE ``53100`` disk_full) aborts the write transaction: SQLite and PostgreSQL roll it back,
so the ledger is as it was before the action.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

SQLITE_FULL = 13


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (a SQLAlchemy or DB-API error) says the disk or database is full."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL or "is full" in str(orig)
    return getattr(orig, "sqlstate", None) == "53100"
