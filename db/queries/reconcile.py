"""Reconciliation reads: the ledger and statement items in a scope, brought-forward items,
stored matches, sign-offs, explanations, and the two totals as SQL sums.

In scope on the ledger side: transactions of the stream(s) charged to the scope's year and
periods, dated no later than the statement's last date, except reported actuals (not GL
postings), a reversal and its original when both are charged to the same period (they net to
nil there; a correction posted into a later period is a GL posting of that period — undoing
an import reverses each row, so its rows of open periods net to nil and those of closed ones
stay where the GL has them).  On the statement side: lines of the statement's batches (every
active GL batch by default) of the stream(s) and year from the range's first period on — the
whole statement, so a payment posted after the range still matches the invoice it pays.

Items are read as plain columns (never ORM objects): tens of thousands of rows load in
milliseconds.  The queries seek ``ix_transactions_stream_year_date`` / the statement lines'
``(stream_id, year, period)`` index and the reversal index (tests/monthend/test_recon_plans.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Date, Select, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from fundledger.money import Money, from_pence
from fundledger.reconcile import LedgerItem, Match, StatementItem

from ..schema.actuals import transactions
from ..schema.books import (
    import_batches,
    recon_explanations,
    recon_matches,
    recon_signoffs,
    statement_lines,
)
from ..schema.reference import streams
from .core import CoreTable, core
from .recon_scope import Scope

__all__ = [
    "ExplanationRow",
    "Scope",
    "ScopeItems",
    "SignoffRow",
    "StoredMatches",
    "after_last_date",
    "brought_forward",
    "explanations",
    "ledger_items",
    "lines_in_batches",
    "read_scope",
    "signoffs",
    "statement_items",
    "statement_streams",
    "stored_matches",
    "totals",
]

#: transaction kinds that are not general-ledger postings
NOT_POSTED = ("reported_actual",)


@dataclass(frozen=True, slots=True)
class StoredMatches:
    """Matches in force (proposed or accepted) and the pairs the user rejected."""

    matches: tuple[Match, ...]
    rejected: frozenset[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class SignoffRow:
    id: int
    stream: str
    year: int
    period: int
    difference: Money
    explanation: str | None
    signed_by: str
    signed_at: datetime
    cumulative: Money | None = None
    unexplained: Money | None = None
    statement: str | None = None
    active: bool = True
    reopened_by: str | None = None
    reopened_at: datetime | None = None
    reopen_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ExplanationRow:
    id: int
    side: str  # "ledger" | "statement"
    item_id: int
    category: str
    text: str | None
    version: int
    updated_by: str


# the tables as Core (no ORM mapper is defined by reading a reconciliation)
ImportBatch = core(import_batches)
ReconExplanation = core(recon_explanations)
ReconMatch = core(recon_matches)
ReconSignoff = core(recon_signoffs)
StatementLine = core(statement_lines)
Stream = core(streams)
Transaction = core(transactions)

_T = Transaction
_LEDGER_COLS = (_T.id, Stream.code, _T.txn_date, _T.amount, _T.reference, _T.counterparty,
                _T.description, _T.year, _T.period)  # fmt: skip
_S = StatementLine
_I = TypeVar("_I", LedgerItem, StatementItem)
#: how the dialect hands back a date column (text on SQLite)
_DAY = Date()
_STATEMENT_COLS = (_S.id, Stream.code, _S.posted_on, _S.amount, _S.reference, _S.supplier,
                   _S.description, _S.year, _S.period)  # fmt: skip


def _posted(q: Select[Any]) -> Select[Any]:
    """Only GL postings: no reported actuals, no same-period reversal pairs.  An undone
    import's rows are such pairs where their periods were open; where a period was closed, the
    row stays in it and its reversal is a posting of the open period (as variance has it)."""
    original: Any = CoreTable(transactions.alias())
    reversal: Any = CoreTable(transactions.alias())
    same_period_reversal = (
        select(reversal.id)
        .where(
            reversal.reverses_id == Transaction.id,
            reversal.year == Transaction.year,
            reversal.period == Transaction.period,
        )
        .exists()
    )
    return q.outerjoin(original, original.id == Transaction.reverses_id).where(
        Transaction.kind.not_in(NOT_POSTED),
        or_(
            original.id.is_(None),
            original.year != Transaction.year,
            original.period != Transaction.period,
        ),
        ~same_period_reversal,
    )


def _ledger_query(scope: Scope, cols: Iterable[Any] = _LEDGER_COLS, *, before: bool = False,
                  after: bool = False) -> Select[Any]:  # fmt: skip
    q = _posted(select(*cols).join(Stream, Stream.id == Transaction.stream_id))
    if scope.stream is not None:
        q = q.where(Stream.code == scope.stream)
    if scope.year is not None:
        q = q.where(Transaction.year == scope.year)
    if scope.periods is not None:
        first, last = scope.periods
        q = q.where(
            Transaction.period < first if before else Transaction.period.between(first, last)
        )
    if scope.last_date is not None and not before:
        q = q.where(
            Transaction.txn_date > scope.last_date
            if after
            else Transaction.txn_date <= scope.last_date
        )
    return q


def _statement_query(scope: Scope, cols: Iterable[Any] = _STATEMENT_COLS, *,
                     before: bool = False) -> Select[Any]:  # fmt: skip
    q = (
        select(*cols)
        .join(Stream, Stream.id == StatementLine.stream_id)
        .join(ImportBatch, ImportBatch.id == StatementLine.batch_id)
        .where(ImportBatch.status != "undone")
    )
    if scope.batches and not before:
        q = q.where(StatementLine.batch_id.in_(scope.batches))
    if scope.stream is not None:
        q = q.where(Stream.code == scope.stream)
    if scope.year is not None:
        q = q.where(StatementLine.year == scope.year)
    if scope.periods is not None:  # later lines of the statement pay the range's items
        first = scope.periods[0]
        q = q.where(StatementLine.period < first if before else StatementLine.period >= first)
    return q


def _items(session: Session, q: Select[Any], cls: type[_I]) -> list[_I]:
    """The rows of an item query (:data:`_LEDGER_COLS` / :data:`_STATEMENT_COLS`) as items.

    The driver's rows are fetched at once and converted here in one pass — the date by the
    dialect's own ``Date`` result processor (text on SQLite), the amount from integer pence by
    :func:`~fundledger.money.from_pence` as the ``Pence`` column type does — instead of one
    fetch and one type-processing step per row through SQLAlchemy's result (tens of thousands
    of rows: a seventh of the read's time).
    """
    conn = session.connection()
    result = conn.execute(q)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    day: Any = _DAY.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
    money = from_pence
    if day is None:  # the driver gives dates (PostgreSQL)
        return [cls(i, st, d, money(p), ref, cp, desc, y, per)
                for i, st, d, p, ref, cp, desc, y, per in rows]  # fmt: skip
    return [cls(i, st, day(d), money(p), ref, cp, desc, y, per)
            for i, st, d, p, ref, cp, desc, y, per in rows]  # fmt: skip


def _ledger(session: Session, q: Select[Any]) -> list[LedgerItem]:
    return _items(session, q.order_by(Transaction.txn_date, Transaction.id), LedgerItem)


def _statement(session: Session, q: Select[Any]) -> list[StatementItem]:
    return _items(session, q.order_by(StatementLine.posted_on, StatementLine.id), StatementItem)


def ledger_items(session: Session, scope: Scope) -> list[LedgerItem]:
    """Ledger transactions in scope, as matcher items (date, id order)."""
    return _ledger(session, _ledger_query(scope))


def statement_items(session: Session, scope: Scope) -> list[StatementItem]:
    """Statement lines in scope, as matcher items (date, id order)."""
    return _statement(session, _statement_query(scope))


def after_last_date(session: Session, scope: Scope) -> list[LedgerItem]:
    """Ledger items of the scope's periods dated after the statement's last date (out of
    scope: the statement cannot contain them yet)."""
    if scope.last_date is None:
        return []
    return _ledger(session, _ledger_query(scope, after=True))


def brought_forward(session: Session, scope: Scope) -> tuple[list[LedgerItem], list[StatementItem]]:
    """Unmatched items of the scope's year before its first period (ledger, statement)."""
    if scope.periods is None or scope.periods[0] == 1 or scope.year is None:
        return [], []
    led = _ledger(session, _ledger_query(scope, before=True))
    st = _statement(session, _statement_query(scope, before=True))
    stored = stored_matches(session, [i.id for i in led], [i.id for i in st])
    ml = {i for m in stored.matches for i in m.ledger_ids}
    ms = {i for m in stored.matches for i in m.statement_ids}
    return [i for i in led if i.id not in ml], [i for i in st if i.id not in ms]


@dataclass(frozen=True, slots=True)
class ScopeItems:
    """Everything in a scope read once: items, brought-forward items, stored matches."""

    ledger: list[LedgerItem]
    statement: list[StatementItem]
    bf_ledger: list[LedgerItem]
    bf_statement: list[StatementItem]
    stored: StoredMatches

    def with_stored(self, stored: StoredMatches) -> ScopeItems:
        return ScopeItems(self.ledger, self.statement, self.bf_ledger, self.bf_statement, stored)


def read_scope(session: Session, scope: Scope) -> ScopeItems:
    """The items of ``scope``, its brought-forward items and the matches touching them."""
    led, st = ledger_items(session, scope), statement_items(session, scope)
    bf_l, bf_s = brought_forward(session, scope)
    lids = [i.id for i in led] + [i.id for i in bf_l]
    sids = [i.id for i in st] + [i.id for i in bf_s]
    return ScopeItems(led, st, bf_l, bf_s, stored_matches(session, lids, sids))


def totals(session: Session, scope: Scope) -> tuple[Money, Money]:
    """(ledger total, statement total) in scope, summed in SQL."""
    lq = _ledger_query(scope, (Transaction.amount,)).subquery()
    sq = _statement_query(scope, (StatementLine.amount,)).subquery()
    lt = session.execute(
        select(func.coalesce(func.sum(type_coerce(lq.c.amount, BigInteger)), 0))
    ).scalar_one()
    st = session.execute(
        select(func.coalesce(func.sum(type_coerce(sq.c.amount, BigInteger)), 0))
    ).scalar_one()
    return from_pence(int(lt)), from_pence(int(st))


def stored_matches(
    session: Session, ledger_ids: Sequence[int], statement_ids: Sequence[int]
) -> StoredMatches:
    """Stored match groups touching these items: in force (proposed/accepted) and rejected."""
    lset, sset = set(ledger_ids), set(statement_ids)
    rows = session.execute(
        select(ReconMatch.group_id, ReconMatch.transaction_id, ReconMatch.statement_line_id,
               ReconMatch.score, ReconMatch.method, ReconMatch.status)
        .order_by(ReconMatch.group_id, ReconMatch.id)
    ).all()  # fmt: skip
    dead = _ended_with_their_statement(session) | _ended_with_their_item(session)
    touched = {g for g, t, s, *_ in rows if (t in lset or s in sset) and g not in dead}
    groups: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        if r[0] in touched:
            groups[r[0]].append(r)
    live: list[Match] = []
    rejected: set[tuple[int, int]] = set()
    for gid, rs in groups.items():
        lids = tuple(sorted({r[1] for r in rs if r[1] is not None}))
        sids = tuple(sorted({r[2] for r in rs if r[2] is not None}))
        score, method, status = rs[0][3:]
        if status == "rejected":
            rejected.update((lid, sid) for lid in lids for sid in sids)
        else:
            live.append(Match(lids, sids, score, method, status, gid))
    return StoredMatches(tuple(live), frozenset(rejected))


def lines_in_batches(session: Session, line_ids: Iterable[int], batches: Sequence[int]) -> set[int]:
    """Which of ``line_ids`` are lines of the GL imports ``batches``."""
    ids = sorted(set(line_ids))
    q = select(StatementLine.id).where(
        StatementLine.id.in_(ids), StatementLine.batch_id.in_(list(batches))
    )
    return set(session.execute(q).scalars())


def _ended_with_their_statement(session: Session) -> set[int]:
    """Match groups holding a line of an undone GL import: undoing the statement ends its
    matches (the ledger items are unmatched again, free to match the statement imported in
    its place).  One small query when no GL import was ever undone."""
    undone = select(ImportBatch.id).where(ImportBatch.kind == "gl", ImportBatch.status == "undone")
    if session.execute(undone.limit(1)).first() is None:
        return set()
    q = (
        select(ReconMatch.group_id)
        .join(StatementLine, StatementLine.id == ReconMatch.statement_line_id)
        .where(StatementLine.batch_id.in_(undone))
        .distinct()
    )
    return set(session.execute(q).scalars())


def _ended_with_their_item(session: Session) -> set[int]:
    """Match groups holding a transaction reversed in its own period (by ``reverse`` or by
    undoing its import while the period was open): the two net to nil and leave the ledger
    side, so the GL line it matched is unmatched again — statement-only, to be explained or
    matched anew.  Reads the reversals (the partial ``reverses_id`` index), not the matches."""
    original: Any = CoreTable(transactions.alias("original"))
    netted = (
        select(original.id)
        .join(Transaction, Transaction.reverses_id == original.id)
        .where(
            Transaction.reverses_id.is_not(None),
            Transaction.year == original.year,
            Transaction.period == original.period,
        )
    )
    q = select(ReconMatch.group_id).where(ReconMatch.transaction_id.in_(netted)).distinct()
    return set(session.execute(q).scalars())


def signoffs(
    session: Session, stream: str | None, year: int | None, *, history: bool = False
) -> list[SignoffRow]:
    """Sign-offs in force (with ``history``, reopened ones too), by stream, year and period."""
    r = ReconSignoff
    q = select(r.id, Stream.code, r.year, r.period, r.difference, r.explanation, r.signed_by,
               r.signed_at, r.cumulative, r.unexplained, r.statement, r.active, r.reopened_by,
               r.reopened_at, r.reopen_reason).join(Stream, Stream.id == r.stream_id)  # fmt: skip
    if stream is not None:
        q = q.where(Stream.code == stream)
    if year is not None:
        q = q.where(r.year == year)
    if not history:
        q = q.where(r.active.is_(True))
    q = q.order_by(Stream.code, r.year, r.period, r.id)
    return [SignoffRow(*row) for row in session.execute(q)]


def explanations(
    session: Session, ledger_ids: Sequence[int], statement_ids: Sequence[int]
) -> dict[tuple[str, int], ExplanationRow]:
    """The latest explanation of each unmatched item, keyed ("ledger"|"statement", id)."""
    out: dict[tuple[str, int], ExplanationRow] = {}
    lset, sset = set(ledger_ids), set(statement_ids)
    e = ReconExplanation
    q = select(e.id, e.transaction_id, e.statement_line_id, e.category, e.text, e.version,
               e.updated_by, e.created_by).order_by(e.id)  # fmt: skip
    for eid, tid, sid, category, text, version, updated, created in session.execute(q):
        if tid in lset:
            key = ("ledger", tid)
        elif sid in sset:
            key = ("statement", sid)
        else:
            continue
        out[key] = ExplanationRow(eid, key[0], key[1], category, text, version, updated or created)
    return out


def statement_streams(session: Session) -> list[str]:
    """Codes of the streams that have statement lines (active batches)."""
    q = (
        select(Stream.code)
        .join(StatementLine, StatementLine.stream_id == Stream.id)
        .join(ImportBatch, and_(ImportBatch.id == StatementLine.batch_id))
        .where(ImportBatch.status != "undone")
        .group_by(Stream.code)
        .order_by(Stream.code)
    )
    return list(session.execute(q).scalars())
