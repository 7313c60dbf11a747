"""Undoing an import whose transactions sit in closed periods: their reversals are posted in
the current open period of the same year (dated in it, each linked to its original), as a
reversal of a closed period's transaction is (:func:`db.ops.transactions.reverse_transaction`).

:func:`closed_period_reversals` is the preview (what moves where, nothing written); the undo
itself posts every reversal in one ``INSERT … SELECT`` per moved period plus one for the rest.
A batch with rows in a year closed as a whole (no open period) is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    Table,
    and_,
    func,
    literal,
    not_,
    select,
    type_coerce,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.core import core
from db.queries.imports import standing_rows
from db.queries.periods import correction_for
from db.schema.actuals import transactions
from db.schema.books import recon_signoffs, statement_lines
from db.schema.reference import streams
from db.types import UTCDateTime, utcnow
from fundledger.money import Money, from_pence
from fundledger.periods import range_label
from fundledger.periods import today as local_today

from .locks import assert_open, find_lock

__all__ = [
    "MovedReversals",
    "closed_period_reversals",
    "reverse_batch_transactions",
    "signed_off_lines",
]

# the Core tables under the ORM classes' names: nothing here defines an ORM mapper
ReconSignoff = core(recon_signoffs)
StatementLine = core(statement_lines)
Stream = core(streams)
Transaction = core(transactions)


@dataclass(frozen=True, slots=True)
class MovedReversals:
    """A batch's transactions of one closed (stream, year, period) and where their reversals go."""

    stream_id: int
    stream: str
    year: int
    period: int
    into_period: int
    into_date: date
    rows: int
    amount: Money

    @property
    def key(self) -> tuple[int, int, int]:
        return self.stream_id, self.year, self.period


def closed_period_reversals(
    session: Session, batch_id: int, today: date | None = None
) -> list[MovedReversals]:
    """The batch's transactions in closed periods, grouped, with the open period their
    reversals go to; refuses (PeriodLocked) when a year has no open period left."""
    q = (
        select(Transaction.stream_id, Stream.code, Transaction.year, Transaction.period,
               func.count(), func.coalesce(func.sum(type_coerce(Transaction.amount, BigInteger)), 0))
        .join(Stream, Stream.id == Transaction.stream_id)
        .where(standing_rows(batch_id))
        .group_by(Transaction.stream_id, Stream.code, Transaction.year, Transaction.period)
        .order_by(Stream.code, Transaction.year, Transaction.period)
    )  # fmt: skip
    out = []
    for sid, code, year, period, n, total in session.execute(q):
        if find_lock(session, sid, year, period) is None:
            continue
        into = correction_for(session, sid, year, today or local_today())
        if into is None:
            assert_open(session, sid, year, period)  # the whole year is closed: say which
            continue
        moved = from_pence(-int(total))
        out.append(MovedReversals(sid, code, year, period, into[0], into[1], n, moved))
    return out


_COPY = ("stream_id", "budget_line_id", "contract_line_id", "txn_date", "year", "period",
         "counterparty", "counterparty_org_id", "reference", "description", "cost_centre",
         "account", "gl_ref", "reported_nil", "batch_id")  # fmt: skip


def reverse_batch_transactions(
    session: Session, actor: Actor, batch_id: int, moved: list[MovedReversals]
) -> None:
    """One negating ``reversal`` row per transaction of the batch not reversed already: those
    of a closed period in its open period (``moved``), the rest in their own period."""
    t: Table = transactions
    cols = [*_COPY, "amount", "kind", "reverses_id", "version", "created_at", "created_by"]

    def source(overrides: dict[str, object]) -> list[Any]:
        picked: list[Any] = []
        for c in _COPY:
            if c in overrides:
                picked.append(literal(overrides[c], t.c[c].type).label(c))
            else:
                picked.append(t.c[c])
        return [
            *picked,
            (-t.c.amount).label("amount"),
            literal("reversal", String()).label("kind"),
            t.c.id.label("reverses_id"),
            literal(1, Integer()).label("version"),
            literal(utcnow(), UTCDateTime()).label("created_at"),
            literal(actor.username, String()).label("created_by"),
        ]

    base = standing_rows(batch_id)
    rest = [base]
    for m in moved:
        here = and_(t.c.stream_id == m.stream_id, t.c.year == m.year, t.c.period == m.period)
        src = select(*source({"period": m.into_period, "txn_date": m.into_date})).where(base, here)
        session.execute(sa_insert(t).from_select(cols, src))
        rest.append(not_(here))
    session.execute(sa_insert(t).from_select(cols, select(*source({})).where(*rest)))


def signed_off_lines(session: Session, batch_id: int) -> str | None:
    """The sign-offs in force over periods that a GL batch has lines in (``DA 2025-26 P01–P06
    (April–September 2025)``, one per stream and run of periods), or None: undoing that
    statement would change reconciliations signed off against it."""
    r, line = ReconSignoff, StatementLine
    has_lines = (
        select(line.id)
        .where(line.batch_id == batch_id, line.stream_id == r.stream_id, line.year == r.year,
               line.period == r.period)
        .exists()
    )  # fmt: skip
    rows = session.execute(
        select(Stream.code, r.year, r.period)
        .join(Stream, Stream.id == r.stream_id)
        .where(r.active.is_(True), has_lines)
        .distinct()
        .order_by(Stream.code, r.year, r.period)
    ).all()
    runs: list[list[Any]] = []
    for code, year, period in rows:
        last = runs[-1] if runs else None
        if last is not None and (last[0], last[1], last[3] + 1) == (code, year, period):
            last[3] = period
        else:
            runs.append([code, year, period, period])
    return "; ".join(f"{c} {range_label(y, p0, p1)}" for c, y, p0, p1 in runs) or None
