"""What the app's side panel and window title show: the ledger's streams, the financial years
in use and the ledger's name (one read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries.navigation import LedgerSummary, StreamItem
from db.queries.navigation import summary as _summary

from .session import open_and_read

T = TypeVar("T")

__all__ = ["LedgerSummary", "StreamItem", "open_with_summary", "summary"]


def summary(ledger: Ledger) -> LedgerSummary:
    with ledger.read() as s:
        return _summary(s)


def open_with_summary(
    db: str | None, user: str | None, then: Callable[[Session, LedgerSummary], T] | None = None
) -> tuple[Ledger, LedgerSummary | None, T | None]:
    """Open the ledger for the window (:func:`ui.usecases.session.open_ledger`) and read its
    summary in the transaction that identifies the user, then ``then(session, summary)`` (what
    the first page shows): one connection, not one each (SQLite parses the whole schema for
    each).  The summary (and ``then``'s answer) is None if the ledger holds nothing yet."""

    def read(s: Session) -> tuple[LedgerSummary, T | None]:
        summary = _summary(s)
        return summary, then(s, summary) if then is not None else None

    ledger, got = open_and_read(db, user, read)
    return (ledger, None, None) if got is None else (ledger, *got)
