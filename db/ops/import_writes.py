"""Writing an import's rows: the typed records a planner hands over, and the bulk writers for
the big kinds (transactions, GL statement lines).

A planner (``ui.usecases.import_kinds``) decides what each row becomes and hands the writer a
list of the records below; the writer runs inside the import's one write transaction, after
:func:`db.ops.imports.create_batch`.  Records hold ids, integer pence and placeholders for
organisations still to be created (negative ids, mapped by :attr:`WriteBatch.ids`).  The small
kinds' ORM writers are in :mod:`db.ops.import_records`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Table
from sqlalchemy.orm import Session

from db import audit
from db.ledger import Actor
from db.schema.actuals import transactions
from db.schema.books import statement_lines
from fundledger.money import from_pence

from .batch_guard import guards_ddl, suspend_period_guard
from .imports import (
    bulk_insert,
    drop_indexes,
    record_bulk,
    restore_indexes,
    row_count,
    sparse_partial,
    suspend_row_audit,
)
from .pg_copy import copier

__all__ = [
    "REBUILD_AT",
    "StatementLineWrite",
    "TransactionWrite",
    "WriteBatch",
    "write_statement_lines",
    "write_transactions",
]

#: a bulk insert at least this big, into a table no bigger, rebuilds the indexes afterwards
REBUILD_AT = 20_000
_STEP = 10_000


@dataclass(frozen=True, slots=True)
class WriteBatch:
    """Where an import's rows go: the batch, organisations created for it (placeholder id →
    new id), the audit reason, and callbacks: ``progress(done, total)`` after each chunk and
    ``after_chunk()`` (which may raise to cancel; the transaction then writes nothing)."""

    batch_id: int
    reason: str
    ids: Mapping[int, int] = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None
    after_chunk: Callable[[], None] | None = None

    def org(self, org_id: int | None) -> int | None:
        """A real organisation id for ``org_id`` (placeholders are negative)."""
        if org_id is None or org_id >= 0:
            return org_id
        return self.ids[org_id]

    def tick(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)
        if self.after_chunk is not None:
            self.after_chunk()


class TransactionWrite(NamedTuple):
    """One imported transaction (amount in pence; ``kind`` spend or credit)."""

    stream_id: int
    budget_line_id: int | None
    txn_date: date
    year: int
    period: int
    amount: int
    kind: str
    counterparty: str | None
    counterparty_org_id: int | None
    reference: str | None
    description: str | None
    cost_centre: str
    account: str | None
    reported_nil: bool
    #: what coding gave it (ui.usecases.import_coding): its contract line, and what coded it
    contract_line_id: int | None = None
    coded_by: str | None = None


class StatementLineWrite(NamedTuple):
    """One GL statement line (amount in pence), with its fingerprint for re-import checks."""

    stream_id: int
    cost_centre: str
    account: str | None
    posted_on: date
    year: int
    period: int
    amount: int
    reference: str | None
    supplier: str | None
    description: str | None
    fingerprint: str


def write_transactions(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[TransactionWrite]
) -> int:
    """Bulk-insert the transactions, one covering audit entry; returns the count."""
    if batch.ids and any(r.counterparty_org_id is not None for r in rows):
        rows = [r._replace(counterparty_org_id=batch.org(r.counterparty_org_id)) for r in rows]
    return _bulk(session, actor, transactions, TransactionWrite._fields, rows, batch)


def write_statement_lines(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[StatementLineWrite]
) -> int:
    """Bulk-insert the statement lines, one covering audit entry; returns the count."""
    return _bulk(session, actor, statement_lines, StatementLineWrite._fields, rows, batch)


def _bulk(
    session: Session,
    actor: Actor,
    model: Table,
    cols: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    batch: WriteBatch,
) -> int:
    """Insert ``rows`` for the batch in chunks, with one covering audit entry for the table.
    A big insert into a table no bigger drops the indexes and builds them once afterwards;
    on SQLite the closed-period guard is checked once for the batch (:mod:`.batch_guard`).
    On PostgreSQL the rows go through COPY where the session may use it (:mod:`.pg_copy`)."""
    total = len(rows)
    rebuild = total >= REBUILD_AT and total >= row_count(session, model)
    ddl = drop_indexes(session, model, sparse_partial(cols, rows)) if rebuild else []
    ddl += suspend_row_audit(session, model)
    # SQLite: the closed-period guard checks the batch once, not each row (.batch_guard)
    guards = suspend_period_guard(session, model.name)
    names = (*cols, "batch_id")
    amount_at = list(cols).index("amount")
    done = pence = 0
    batch_id = batch.batch_id
    tail = (batch_id,)
    copy = copier(session, model)
    with audit.acting(session, actor.username, "bulk_insert", bulk_batch=batch_id):
        for i in range(0, total, _STEP):
            chunk = rows[i : i + _STEP]
            if copy is None:  # the batch bound with the row's other fixed values
                done += bulk_insert(
                    session, model, cols, chunk, actor, fixed={"batch_id": batch_id}
                )
            else:
                done += copy(session, model, names, map(tuple.__add__, chunk, repeat(tail)), actor)
            pence += sum(map(itemgetter(amount_at), chunk))
            batch.tick(done, total)
    for guard in guards:
        guard.check(session, batch_id)
    restore_indexes(session, ddl + guards_ddl(guards))
    record_bulk(session, actor, model, batch_id, done, from_pence(pence), batch.reason)
    return done
