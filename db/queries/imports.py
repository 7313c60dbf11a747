"""Import read queries: reference data for matching, rows already held, and the batch history.

"Held" means in the ledger and counted: a row with no batch, or whose batch is still active
(an undone batch's rows are kept as history but count for nothing; see :func:`active_batch`).
Every function takes a Session first and returns plain values or frozen dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, and_, func, select, type_coerce

from fundledger.money import Money, from_pence
from fundledger.orgs import normalise

from ..schema import actuals, books, budgets, reference
from .core import CoreTable, active_batch, core

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .core import Reads

# The Core tables under the ORM classes' names: the queries read as before, and running them
# neither imports nor configures an ORM mapper (an import plans without the ORM; issue 23).
Allocation = core(budgets.allocations)
BudgetLine = core(budgets.budget_lines)
ContractLine = core(budgets.contract_lines)
Contribution = core(actuals.contributions)
CostCentre = core(reference.cost_centres)
ImportBatch = core(books.import_batches)
ImportProfile = core(books.import_profiles)
IncomeItem = core(actuals.income_items)
OrgAlias = core(reference.org_aliases)
Organisation = core(reference.organisations)
PeriodLock = core(books.period_locks)
StatementLine = core(books.statement_lines)
Stream = core(reference.streams)
Transaction = core(actuals.transactions)

__all__ = [
    "AliasRow",
    "BatchRow",
    "HeldRows",
    "LineRow",
    "StreamRow",
    "active_batch",
    "batch_by_sha",
    "batch_touches",
    "cost_centres",
    "get_batch",
    "held_allocations",
    "held_contracts",
    "held_contributions",
    "held_fingerprints",
    "held_income",
    "held_transactions",
    "lines_for",
    "list_batches",
    "org_aliases",
    "profiles",
    "reported_to_date",
    "standing_rows",
    "streams",
]


@dataclass(frozen=True, slots=True)
class AliasRow:
    org_id: int
    kind: str
    name: str
    alias: str
    valid_from: date | None
    valid_to: date | None
    is_name: bool


def org_aliases(session: Session) -> list[AliasRow]:
    """Every alias of every organisation, with the organisation's kind and canonical name."""
    q = select(
        OrgAlias.org_id,
        Organisation.kind,
        Organisation.name,
        OrgAlias.alias,
        OrgAlias.valid_from,
        OrgAlias.valid_to,
        OrgAlias.is_name,
    ).join(Organisation, Organisation.id == OrgAlias.org_id)
    rows = [AliasRow(*r) for r in session.execute(q.order_by(OrgAlias.id))]
    # an organisation without alias rows still matches by its name
    have = {r.org_id for r in rows}
    for oid, kind, name in session.execute(
        select(Organisation.id, Organisation.kind, Organisation.name)
    ):
        if oid not in have:
            rows.append(AliasRow(oid, kind, name, name, None, None, True))
    return rows


@dataclass(frozen=True, slots=True)
class StreamRow:
    id: int
    code: str
    name: str
    kind: str
    funder_org_id: int | None
    recipient_org_id: int | None
    #: the usual category of its budget lines (``streams.line_category``)
    line_category: str | None = None
    #: why it was retired, when it is (a retired stream takes no new rows by hand)
    retired_reason: str | None = None
    retired: bool = False


def streams(session: Session) -> dict[str, StreamRow]:
    """Streams by upper-case code."""
    q = select(
        Stream.id,
        Stream.code,
        Stream.name,
        Stream.kind,
        Stream.funder_org_id,
        Stream.recipient_org_id,
        Stream.line_category,
        Stream.retired_reason,
        Stream.status,
    )
    return {
        r[1].upper(): StreamRow(*r[:-1], retired=r[-1] == "retired") for r in session.execute(q)
    }


def retired_cost_centres(session: Session) -> dict[str, str | None]:
    """Retired cost-centre codes (upper case) → why they were retired."""
    q = select(CostCentre.code, CostCentre.retired_reason).where(CostCentre.status == "retired")
    return {code.upper(): why for code, why in session.execute(q)}


def cost_centres(session: Session) -> dict[str, tuple[int, int]]:
    """Cost-centre code (upper case) → (cost centre id, stream id)."""
    q = select(CostCentre.code, CostCentre.id, CostCentre.stream_id)
    return {code.upper(): (cid, sid) for code, cid, sid in session.execute(q)}


@dataclass(frozen=True, slots=True)
class LineRow:
    id: int
    stream_id: int
    year: int
    name: str
    original: Money
    cost_centre_id: int | None
    org_id: int | None
    active: bool


def lines_for(session: Session, stream_ids: Iterable[int], years: Iterable[int]) -> list[LineRow]:
    """Budget lines of the streams and years, each marked active (its batch not undone)."""
    sids, yrs = set(stream_ids), set(years)
    if not sids or not yrs:
        return []
    q = select(
        BudgetLine.id,
        BudgetLine.stream_id,
        BudgetLine.year,
        BudgetLine.name,
        BudgetLine.original,
        BudgetLine.cost_centre_id,
        BudgetLine.org_id,
        active_batch(BudgetLine.batch_id),
    ).where(BudgetLine.stream_id.in_(sids), BudgetLine.year.in_(yrs))
    return [
        LineRow(i, sid, y, name, original, cc, org, bool(active))
        for i, sid, y, name, original, cc, org, active in session.execute(q.order_by(BudgetLine.id))
    ]


TxnKey = tuple[str, date, int, str]


HeldRows = dict[tuple[date, int], list[tuple[str | None, str | None]]]


def held_transactions(session: Session, first: date, last: date) -> HeldRows:
    """Counted transactions (not reversals, not reversed) dated ``first``..``last``, grouped
    by (date, pence), each as its (reference, counterparty) as stored.

    Grouping by date and amount lets the caller normalise names only where a file's row
    could be a duplicate; amounts come back as raw integer pence (no Decimal per row).
    """
    t = Transaction
    reversed_ids = set(
        session.execute(select(t.reverses_id).where(t.reverses_id.is_not(None))).scalars()
    )
    q = (
        select(t.id, t.reference, t.txn_date, type_coerce(t.amount, BigInteger), t.counterparty)
        .where(t.txn_date >= first, t.txn_date <= last, t.kind != "reversal")
        .where(active_batch(t.batch_id))
    )
    held: HeldRows = {}
    for ident, ref, d, pence, party in session.execute(q):
        if ident not in reversed_ids:
            held.setdefault((d, int(pence)), []).append((ref, party))
    return held


def txn_key(ref: str | None, d: date, amount: Decimal, party: str | None) -> TxnKey:
    """The duplicate-detection key of a transaction."""
    pence = int((amount * 100).to_integral_value())
    return (normalise(ref or ""), d, pence, normalise(party or ""))


def held_fingerprints(session: Session, prints: Iterable[str]) -> set[str]:
    """Which of ``prints`` are fingerprints of statement lines of active batches."""
    wanted = list(set(prints))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        q = (
            select(StatementLine.fingerprint)
            .join(ImportBatch, ImportBatch.id == StatementLine.batch_id)
            .where(ImportBatch.status == "active", StatementLine.fingerprint.in_(chunk))
        )
        found.update(session.execute(q).scalars())
    return found


def held_allocations(session: Session, stream_id: int) -> Counter[tuple[int, int, Money]]:
    """Counted allocations of a stream: (year_from, year_to, amount) → how many."""
    a = Allocation
    q = select(a.year_from, a.year_to, a.amount).where(
        a.stream_id == stream_id, a.superseded.is_(False), active_batch(a.batch_id)
    )
    return Counter((f, t, amt) for f, t, amt in session.execute(q))


def held_contracts(session: Session, stream_id: int) -> Counter[tuple[str, str, Money | None]]:
    """Counted contract lines of a stream: (service, provider text, value), normalised text."""
    c = ContractLine
    q = select(c.service, c.provider_text, c.value).where(
        c.stream_id == stream_id, active_batch(c.batch_id)
    )
    return Counter((normalise(s), normalise(p), v) for s, p, v in session.execute(q))


def held_contributions(
    session: Session, stream_id: int, year: int
) -> Counter[tuple[int, str, Money | None]]:
    """Counted contributions of a stream and year: (partner org, heading, amount)."""
    c = Contribution
    q = select(c.partner_org_id, c.heading, c.amount).where(
        c.stream_id == stream_id, c.year == year, active_batch(c.batch_id)
    )
    return Counter((p, normalise(h), a) for p, h, a in session.execute(q))


def held_income(session: Session, stream_id: int) -> Counter[TxnKey]:
    """Counted income items of a stream by (reference, raised on, pence, customer)."""
    i = IncomeItem
    q = select(i.reference, i.raised_on, i.amount, i.customer).where(
        i.stream_id == stream_id, i.status != "cancelled", active_batch(i.batch_id)
    )
    held: Counter[TxnKey] = Counter()
    for ref, d, amount, party in session.execute(q):
        held[txn_key(ref, d, amount, party)] += 1
    return held


def reported_to_date(session: Session, line_ids: Iterable[int]) -> dict[int, Money]:
    """Counted reported actuals (expenditure "to date") per budget line."""
    ids = list(line_ids)
    if not ids:
        return {}
    t = Transaction
    q = (
        select(t.budget_line_id, func.sum(t.amount))
        .where(t.budget_line_id.in_(ids), t.kind == "reported_actual", active_batch(t.batch_id))
        .group_by(t.budget_line_id)
    )
    out: dict[int, Money] = {}
    for line_id, pence in session.execute(q):
        if line_id is not None:
            out[int(line_id)] = from_pence(int(pence or 0))
    return out


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One import batch for the history list."""

    id: int
    kind: str
    file_name: str
    sha256: str
    sheet: str | None
    profile: str | None
    stream: str | None
    year: int | None
    rows: int
    duplicates: int
    control_total: Money
    as_at: date | None
    status: str
    created_by: str
    created_at: datetime
    undone_by: str | None
    undone_at: datetime | None
    undo_reason: str | None


def _batch_query() -> Any:
    b = ImportBatch
    return select(
        b.id,
        b.kind,
        b.file_name,
        b.sha256,
        b.sheet,
        b.profile,
        Stream.code,
        b.year,
        b.rows,
        b.duplicates,
        b.control_total,
        b.as_at,
        b.status,
        b.created_by,
        b.created_at,
        b.undone_by,
        b.undone_at,
        b.undo_reason,
    ).outerjoin(Stream, Stream.id == b.stream_id)


def list_batches(session: Session, limit: int | None = None) -> list[BatchRow]:
    """Import batches, newest first."""
    q = _batch_query().order_by(ImportBatch.id.desc())
    if limit is not None:
        q = q.limit(limit)
    return [BatchRow(*r) for r in session.execute(q)]


def get_batch(session: Session, batch_id: int) -> BatchRow | None:
    row = session.execute(_batch_query().where(ImportBatch.id == batch_id)).first()
    return None if row is None else BatchRow(*row)


def batch_by_sha(session: Session, sha256: str, kind: str | None = None) -> BatchRow | None:
    """The active batch that imported a file with this sha256 (as ``kind``, when given)."""
    q = _batch_query().where(ImportBatch.sha256 == sha256, ImportBatch.status == "active")
    if kind is not None:
        q = q.where(ImportBatch.kind == kind)
    row = session.execute(q.order_by(ImportBatch.id).limit(1)).first()
    return None if row is None else BatchRow(*row)


Touch = tuple[int, int, int | None]


def standing_rows(batch_id: int) -> Any:
    """The condition on ``transactions`` for a batch's rows that undoing it must reverse: its
    own rows that are not reversals and not reversed already (``fundledger reverse`` of one
    row, before the batch is undone, has already netted that row to nil)."""
    reversal: Any = CoreTable(actuals.transactions.alias("already"))
    return and_(
        Transaction.batch_id == batch_id,
        Transaction.kind != "reversal",
        ~select(reversal.id).where(reversal.reverses_id == Transaction.id).exists(),
    )


def batch_touches(session: Session, batch_id: int, *, statement: bool = True) -> set[Touch]:
    """Every (stream id, year, period or None) a batch's rows are charged to (of its
    transactions, those undoing it reverses: :func:`standing_rows`); without a GL statement's
    lines when ``statement`` is false (the council's record, not the ledger's postings: a
    closed period does not guard them)."""
    out: set[Touch] = set()
    for model in (
        (Transaction, IncomeItem, StatementLine) if statement else (Transaction, IncomeItem)
    ):
        q = (
            select(model.stream_id, model.year, model.period)
            .where(standing_rows(batch_id) if model is Transaction else model.batch_id == batch_id)
            .distinct()
        )
        out.update((s, y, p) for s, y, p in session.execute(q))
    for model2 in (BudgetLine, Contribution):
        q2 = select(model2.stream_id, model2.year).where(model2.batch_id == batch_id).distinct()
        out.update((s, y, None) for s, y in session.execute(q2))
    qa = select(Allocation.stream_id, Allocation.year_from, Allocation.year_to).where(
        Allocation.batch_id == batch_id
    )
    for s, y0, y1 in session.execute(qa):
        out.update((s, y, None) for y in range(y0, y1 + 1))
    return out


def profiles(session: Reads, kind: str | None = None) -> list[tuple[str, str, str]]:
    """Saved import profiles as (name, kind, mapping JSON)."""
    q = select(ImportProfile.name, ImportProfile.kind, ImportProfile.mapping)
    if kind is not None:
        q = q.where(ImportProfile.kind == kind)
    return [(n, k, m) for n, k, m in session.execute(q.order_by(ImportProfile.name))]


def locked_years(session: Session, years: Iterable[int]) -> set[int]:
    """Which of ``years`` have any active period lock (one query): an import checks its
    periods one by one only in those years."""
    wanted = sorted(set(years))
    if not wanted:
        return set()
    q = select(PeriodLock.year).where(PeriodLock.active.is_(True), PeriodLock.year.in_(wanted))
    return set(session.execute(q.distinct()).scalars())
