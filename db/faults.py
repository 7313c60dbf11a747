"""Recognising storage faults so a use case can say plainly what happened and that nothing
was saved.

A full disk (SQLite ``SQLITE_FULL``, also what ``PRAGMA max_page_count`` produces; PostgreSQL
SQLSTATE ``53100`` disk_full) aborts the write transaction: SQLite and PostgreSQL roll it back,
so the ledger is as it was before the action.  A ledger that cannot be written — the file is
read-only, or its folder is (SQLite needs the folder for its journal and the lock file) — is
opened read-only and said to be read-only, never "damaged".
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

__all__ = ["SQLITE_FULL", "is_disk_full", "is_read_only", "os_fault", "read_only_reason"]

SQLITE_FULL = 13
SQLITE_READONLY = 8
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def _orig(exc: BaseException) -> BaseException:
    return exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (a SQLAlchemy, DB-API or OS error) says the disk or database is full."""
    orig = _orig(exc)
    if isinstance(orig, OSError):
        return orig.errno in _FULL
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL or "is full" in str(orig)
    return getattr(orig, "sqlstate", None) == "53100"


def is_read_only(exc: BaseException) -> bool:
    """Whether ``exc`` says the ledger (or a file beside it) cannot be written."""
    orig = _orig(exc)
    if isinstance(orig, OSError):
        return orig.errno in _READ_ONLY
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF == SQLITE_READONLY) or "readonly" in str(orig)
    return getattr(orig, "sqlstate", None) == "25006"


def os_fault(exc: OSError, *, name: bool = True) -> str:
    """An OS error in words a user can act on (the disk is full, the folder is read-only…);
    ``name``: with the file's name (leave it out where the message already says it)."""
    where = f" ({exc.filename})" if exc.filename and name else ""
    if exc.errno in _FULL:
        return f"the disk is full{where}: free some space and try again"
    if exc.errno == errno.EROFS:
        return f"the disk or folder is read-only{where}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied{where}: the file or its folder is read-only for you"
    return f"{exc.strerror or exc}{where}"


def read_only_reason(path: Path) -> str | None:
    """Why the SQLite ledger ``path`` cannot be written (None: it can, or does not exist)."""
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only"
    return None
