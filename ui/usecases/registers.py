"""The app's registers (transactions, allocations, budget lines, audit log): one page of rows
and the view's totals, each read with a query the user can stop.

A page of a register is ``ORDER BY … LIMIT/OFFSET`` in SQL (:mod:`db.queries.registers`), so the
first rows of a million-row view come straight off an index; sorting, search and column filters
are a new query.  On SQLite a superseded query (a new sort, the Cancel button) is interrupted
through the connection's progress handler instead of running on in the background.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import register_defs
from db.queries import registers as rq
from db.queries.registers import (
    Column,
    FilterProblem,
    Register,
    RegisterQuery,
    RegisterRow,
    RegisterTotals,
)

__all__ = [
    "Column",
    "FilterProblem",
    "Register",
    "RegisterQuery",
    "RegisterRow",
    "RegisterTotals",
    "allocations",
    "audit_log",
    "budget_lines",
    "first_page",
    "more_rows",
    "totals",
    "transactions",
    "watched",
]


class Stoppable(Protocol):
    """A running job the user may stop (``ui.qt.context.Job``)."""

    @property
    def cancelled(self) -> bool: ...


def transactions() -> Register:
    return register_defs.TRANSACTIONS


def allocations() -> Register:
    return register_defs.ALLOCATIONS


def budget_lines() -> Register:
    return register_defs.BUDGET_LINES


def audit_log() -> Register:
    return register_defs.AUDIT


@contextmanager
def watched(ledger: Ledger, job: Stoppable | None) -> Iterator[Session]:
    """A read session whose SQLite query stops as soon as ``job`` is cancelled."""
    with ledger.read() as session:
        raw = session.connection().connection.driver_connection
        handler = getattr(raw, "set_progress_handler", None) if job is not None else None
        if handler is not None:
            handler(lambda: 1 if job is not None and job.cancelled else 0, 10_000)
        try:
            yield session
        finally:
            if handler is not None:
                handler(None, 0)


def first_page(
    ledger: Ledger, register: Register, query: RegisterQuery, limit: int, job: Stoppable | None
) -> tuple[list[RegisterRow], list[FilterProblem]]:
    """The view's first ``limit`` rows and any filter problems."""
    with watched(ledger, job) as s:
        return rq.page(s, register, query, 0, limit)


def more_rows(
    ledger: Ledger, register: Register, query: RegisterQuery, offset: int, limit: int
) -> list[RegisterRow]:
    """The next ``limit`` rows after the ``offset`` already shown."""
    with ledger.read() as s:
        return rq.page(s, register, query, offset, limit)[0]


def totals(
    ledger: Ledger, register: Register, query: RegisterQuery, job: Stoppable | None
) -> RegisterTotals:
    """The view's count and sums (over every row of the view, not just those shown)."""
    with watched(ledger, job) as s:
        return rq.totals(s, register, query)
