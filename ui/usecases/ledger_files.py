"""Where ledgers live on this computer, for the app's open and recent-ledgers list, and the
daily automatic backup.

The database layer is imported only inside each function, so the app can call these before it
has imported SQLAlchemy (at start, on the welcome panel).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.ledger import Ledger as Ledger  # the open ledger's type, for the app's annotations

__all__ = ["daily_backup", "default_ledger_path", "demo_path", "location", "sqlite_file"]


def default_ledger_path() -> Path:
    """``<user data dir>/fundledger/ledger.sqlite`` (or under $FUNDLEDGER_HOME)."""
    from db.engine import default_ledger_path as default

    return default()


def demo_path() -> Path:
    """Where the demo ledger is built: beside the default ledger."""
    return default_ledger_path().parent / "demo.sqlite"


def sqlite_file(ledger: Ledger) -> Path | None:
    """The file of a SQLite ledger (None for PostgreSQL)."""
    from db.engine import sqlite_path

    return sqlite_path(ledger.url)


def location(ledger: Ledger) -> str:
    """How the recent list names a ledger: its file, or its display name (no password)."""
    path = sqlite_file(ledger)
    return str(path) if path is not None else ledger.display_name


def daily_backup(ledger: Ledger) -> str | None:
    """Today's automatic backup of a SQLite ledger if the newest is over a day old; what was
    made, for the status bar (None: nothing was needed)."""
    from db.restore import daily_backup as backup

    path = sqlite_file(ledger)
    result = backup(path) if path is not None else None
    return None if result is None else f"Today's automatic backup: {result.path}"
