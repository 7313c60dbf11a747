"""What the app's side panel and window title show: the ledger's streams, the financial years
in use and the ledger's name (one read)."""

from __future__ import annotations

from db.ledger import Ledger
from db.queries.navigation import LedgerSummary, StreamItem
from db.queries.navigation import summary as _summary

__all__ = ["LedgerSummary", "StreamItem", "summary"]


def summary(ledger: Ledger) -> LedgerSummary:
    with ledger.read() as s:
        return _summary(s)
