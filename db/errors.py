"""The errors a ledger action raises for the user (no imports: db.ledger and db.writes both
raise them).  :mod:`db.writes` re-exports them, where most callers import them from."""

from __future__ import annotations


class LedgerError(Exception):
    """A refused action, with a message for the user."""


class PermissionDenied(LedgerError):
    pass


class StorageFault(LedgerError):
    """The ledger could not be written (a full disk, a read-only file or folder): nothing
    from the action was saved; ``disk_full`` tells which."""

    def __init__(self, message: str, *, disk_full: bool = False) -> None:
        super().__init__(message)
        self.disk_full = disk_full
