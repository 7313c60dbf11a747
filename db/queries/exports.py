"""Read queries the returns need beyond the screens' own: rows behind figures, the as-at date
of reported actuals, allocations with their funding mechanism, and the transaction listing
streamed in chunks.

Figures themselves come from the screens' queries (variance, contributions, contracts,
income, registers); these only list the rows behind them and the facts around them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Select, String, func, select, type_coerce
from sqlalchemy.orm import Session

from fundledger.money import Money

from ..schema import (
    Allocation,
    ImportBatch,
    Organisation,
    Stream,
    StreamMechanism,
    Transaction,
)
from . import navigation
from .reference import names_in_year


def ledger_name(session: Session) -> str | None:
    """The ledger's own name (:func:`db.queries.navigation.ledger_name`), if it has one."""
    return navigation.ledger_name(session)


def latest_reported(session: Session, stream_id: int, year: int) -> date | None:
    """The date of the latest reported actual charged to the stream's year."""
    q = select(func.max(Transaction.txn_date)).where(
        Transaction.stream_id == stream_id,
        Transaction.year == year,
        Transaction.kind == "reported_actual",
    )
    found = session.execute(q).scalar()
    return found if isinstance(found, date) else None


def latest_year(session: Session, model: Any, stream_id: int) -> int | None:
    """The latest ``year`` of ``model`` rows (budget lines, contributions, income) in a stream."""
    found = session.execute(
        select(func.max(model.year)).where(model.stream_id == stream_id)
    ).scalar()
    return None if found is None else int(found)


@dataclass(frozen=True, slots=True)
class TxnSource:
    """A transaction behind a figure (for a return's "Rows" sheet)."""

    id: int
    budget_line_id: int | None
    contract_line_id: int | None
    txn_date: date
    amount: Money
    kind: str
    reference: str | None
    description: str | None
    counterparty: str | None
    reported_nil: bool


def _sources(session: Session, q: Any) -> list[TxnSource]:
    return [
        TxnSource(t.id, t.budget_line_id, t.contract_line_id, t.txn_date, t.amount, t.kind,
                  t.reference, t.description, t.counterparty, t.reported_nil)
        for t in session.execute(q.order_by(Transaction.txn_date, Transaction.id)).scalars()
    ]  # fmt: skip


def line_transactions(
    session: Session, line_ids: Iterable[int], year: int, as_at: date
) -> list[TxnSource]:
    """Transactions charged to these lines in ``year``, dated on or before ``as_at``
    (the rows behind variance's *actual* for the lines)."""
    q = select(Transaction).where(
        Transaction.budget_line_id.in_(list(line_ids)),
        Transaction.year == year,
        Transaction.txn_date <= as_at,
    )
    return _sources(session, q)


def contract_invoices(session: Session, contract_ids: Iterable[int]) -> list[TxnSource]:
    """Every transaction against these contract lines (the rows behind *invoiced*)."""
    q = select(Transaction).where(Transaction.contract_line_id.in_(list(contract_ids)))
    return _sources(session, q)


@dataclass(frozen=True, slots=True)
class AllocationFact:
    id: int
    stream: str
    label: str
    year_from: int
    year_to: int
    amount: Money
    funder: str | None
    #: the stream's mechanism in force for ``year_from`` (``stream_mechanisms``)
    mechanism: str | None
    source_ref: str | None
    status: str


def allocations(session: Session, stream_id: int, year: int | None = None) -> list[AllocationFact]:
    """A stream's live (not superseded) allocations, by first year; with ``year``, those
    covering it (an unsplit range included)."""
    mech = (
        select(StreamMechanism.mechanism)
        .where(
            StreamMechanism.stream_id == Allocation.stream_id,
            StreamMechanism.from_year <= Allocation.year_from,
        )
        .order_by(StreamMechanism.from_year.desc())
        .limit(1)
        .correlate(Allocation)
        .scalar_subquery()
    )
    q = (
        select(Allocation, Stream.code, Organisation.name, mech)
        .join(Stream, Stream.id == Allocation.stream_id)
        .outerjoin(Organisation, Organisation.id == Allocation.funder_org_id)
        .where(Allocation.stream_id == stream_id, Allocation.superseded.is_(False))
    )
    if year is not None:
        q = q.where(Allocation.year_from <= year, Allocation.year_to >= year)
    q = q.order_by(Allocation.year_from, Allocation.year_to, Allocation.id)
    rows = session.execute(q).all()
    # the funder's name in force in the allocation's (last) year: DLUHC for 2021-22 to 2023-24
    named = {
        (org, y): name
        for org, y in {(a.funder_org_id, a.year_to) for a, *_ in rows if a.funder_org_id}
        for name in (names_in_year(session, [org], y)[org],)
    }
    return [
        AllocationFact(a.id, code, a.label or f"Allocation {a.id}", a.year_from, a.year_to,
                       a.amount, named.get((a.funder_org_id, a.year_to), funder), m,
                       a.source_ref, a.status)
        for a, code, funder, m in rows
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class TxnListing:
    """One transaction as listed by the ``transactions`` export (with its import batch)."""

    id: int
    txn_date: date
    amount: Money
    stream: str
    year: int
    period: int
    kind: str
    cost_centre: str | None
    account: str | None
    counterparty: str | None
    reference: str | None
    description: str | None
    batch_id: int | None
    batch_file: str | None


def transaction_listing(
    session: Session,
    *,
    stream_id: int | None = None,
    year: int | None = None,
    chunk: int = 5000,
    limit: int | None = None,
) -> Iterator[TxnListing]:
    """Transactions by date then number, streamed from the database ``chunk`` rows at a time
    (``yield_per``), so a 100k-row listing never sits in memory at once."""
    q = (
        select(
            Transaction.id,
            Transaction.txn_date,
            Transaction.amount,
            Stream.code,
            Transaction.year,
            Transaction.period,
            Transaction.kind,
            Transaction.cost_centre,
            Transaction.account,
            Transaction.counterparty,
            Transaction.reference,
            Transaction.description,
            Transaction.batch_id,
            ImportBatch.file_name,
        )
        .join(Stream, Stream.id == Transaction.stream_id)
        .outerjoin(ImportBatch, ImportBatch.id == Transaction.batch_id)
    )
    q = _in_order(q, stream_id, year)
    if limit is not None:
        q = q.limit(limit)
    result = session.execute(q.execution_options(yield_per=chunk))
    for part in result.partitions():
        for r in part:
            yield TxnListing(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                             r[10], r[11], r[12], r[13])  # fmt: skip


def transaction_cells(
    session: Session,
    *,
    stream_id: int | None = None,
    year: int | None = None,
    chunk: int = 5000,
) -> Iterator[Sequence[Any]]:
    """The ``transactions`` export's rows in chunks of ``chunk``, by date then number, straight
    from the cursor (Core, no ORM, no per-row conversion): date (``date``, or the ISO text
    SQLite stores), amount in **integer pence**, cost centre, supplier, reference,
    description, stream code, year, period, kind, account, import batch id and its file name
    (``exports.returns.listing.TxnCells``)."""
    q = (
        select(
            type_coerce(Transaction.txn_date, String),
            type_coerce(Transaction.amount, BigInteger),
            Transaction.cost_centre,
            Transaction.counterparty,
            Transaction.reference,
            Transaction.description,
            Stream.code,
            Transaction.year,
            Transaction.period,
            Transaction.kind,
            Transaction.account,
            Transaction.batch_id,
            ImportBatch.file_name,
        )
        .join(Stream, Stream.id == Transaction.stream_id)
        .outerjoin(ImportBatch, ImportBatch.id == Transaction.batch_id)
    )
    q = _in_order(q, stream_id, year)
    result = session.connection().execute(q.execution_options(yield_per=chunk))
    yield from result.partitions()


_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")


def _in_order(q: _Q, stream_id: int | None, year: int | None) -> _Q:
    """The transactions export's scope (a stream, a year) and order (by date then number)."""
    if stream_id is not None:
        q = q.where(Transaction.stream_id == stream_id)
    if year is not None:
        q = q.where(Transaction.year == year)
    return q.order_by(Transaction.txn_date, Transaction.id)
