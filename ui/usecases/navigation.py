"""What the app's side panel and window title show: the ledger's streams, the financial years
in use and the ledger's name (one read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from db.ledger import Ledger
from db.queries.navigation import LedgerSummary, StreamItem
from db.queries.navigation import summary as _summary

from .session import open_and_read_core

if TYPE_CHECKING:
    from db.queries.core import Reads

T = TypeVar("T")

__all__ = ["LedgerSummary", "StreamItem", "open_with_summary", "summary"]


def summary(ledger: Ledger) -> LedgerSummary:
    with ledger.read_core() as c:
        return _summary(c)


def open_with_summary(
    db: str | None, user: str | None, then: Callable[[Reads, LedgerSummary], T] | None = None
) -> tuple[Ledger, LedgerSummary | None, T | None]:
    """Open the ledger for the window (:func:`ui.usecases.session.open_ledger`) and read its
    summary in the transaction that identifies the user, then ``then(session, summary)`` (what
    the first page shows): one connection, not one each (SQLite parses the whole schema for
    each).  The summary (and ``then``'s answer) is None if the ledger holds nothing yet."""

    def read(s: Reads) -> tuple[LedgerSummary, T | None]:
        summary = _summary(s)
        return summary, then(s, summary) if then is not None else None

    # on a Core connection: what the window shows first needs no ORM (≈35 ms of the start)
    ledger, got = open_and_read_core(db, user, read)
    return (ledger, None, None) if got is None else (ledger, *got)
