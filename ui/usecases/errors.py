"""The refusals the app shows as a plain message (a rule, a lock, a damaged or newer ledger),
as opposed to an unexpected error with its traceback."""

from __future__ import annotations

from db.migrate import LedgerFileError
from db.writes import LedgerError, StorageFault

__all__ = ["REFUSALS", "LedgerError", "LedgerFileError", "StorageFault", "read_only"]

#: exceptions whose message is meant for the user (a full disk or read-only ledger included)
REFUSALS: tuple[type[Exception], ...] = (LedgerError, LedgerFileError, StorageFault)


def read_only(holder: str) -> LedgerError:
    """The refusal of any write while someone else has the SQLite ledger open."""
    return LedgerError(f"this ledger is open read-only: {holder} has it open")
