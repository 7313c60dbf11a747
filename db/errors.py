"""The errors a ledger action raises for the user (no imports: db.ledger and db.writes both
raise them).  :mod:`db.writes` re-exports them, where most callers import them from."""

from __future__ import annotations


class LedgerError(Exception):
    """A refused action, with a message for the user."""


class PermissionDenied(LedgerError):
    pass


class StorageFault(Exception):
    """The ledger could not be written (a full disk, a read-only file or folder): nothing
    from the action was saved; ``disk_full`` tells which.  Not a refusal of the action
    (:class:`LedgerError`, exit 2) but a fault of where the ledger lives (exit 1); its message
    is for the user all the same (``ui.usecases.errors.REFUSALS``)."""

    def __init__(self, message: str, *, disk_full: bool = False) -> None:
        super().__init__(message)
        self.disk_full = disk_full
