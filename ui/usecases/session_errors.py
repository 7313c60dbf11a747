"""The refusal of opening a ledger as someone who is not its user, without the database layer.

``ui.cli`` catches :class:`UnknownUser` for every command; defined here (over ``db.errors``,
plain exception classes), the command line and the app's start-up need not import SQLAlchemy,
the schema and the migrations only to name it (``ui.usecases.session`` re-exports it).
"""

from __future__ import annotations

from db.errors import LedgerError

__all__ = ["UnknownUser"]


class UnknownUser(LedgerError):
    """``--user NAME`` names no user of this ledger: refused (nothing is done as anyone)."""
