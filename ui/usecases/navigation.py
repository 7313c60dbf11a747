"""What the app's side panel and window title show: the ledger's streams, the financial years
in use and the ledger's name (one read)."""

from __future__ import annotations

from db.ledger import Ledger
from db.queries.navigation import LedgerSummary, StreamItem
from db.queries.navigation import summary as _summary

from .session import open_and_read

__all__ = ["LedgerSummary", "StreamItem", "open_with_summary", "summary"]


def summary(ledger: Ledger) -> LedgerSummary:
    with ledger.read() as s:
        return _summary(s)


def open_with_summary(db: str | None, user: str | None) -> tuple[Ledger, LedgerSummary | None]:
    """Open the ledger for the window (:func:`ui.usecases.session.open_ledger`) and read its
    summary in the transaction that identifies the user: one connection, not two (SQLite
    parses the whole schema for each).  The summary is None if the ledger holds nothing yet."""
    return open_and_read(db, user, _summary)
