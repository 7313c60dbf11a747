"""Reconciliation reads: the ledger and statement items in scope, stored matches, sign-offs,
explanations, and the two totals as SQL sums.

In scope on the ledger side: transactions of the stream(s) charged to the year, except reported
actuals (not GL postings), reversed rows and their reversals (they net to nil), and rows of
undone import batches.  On the statement side: statement lines of the stream(s) posted to the
year, except lines of undone batches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Select, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from fundledger.money import Money, from_pence
from fundledger.reconcile import LedgerItem, Match, StatementItem

from ..schema import (
    ImportBatch,
    ReconExplanation,
    ReconMatch,
    ReconSignoff,
    StatementLine,
    Stream,
    Transaction,
)

__all__ = [
    "ExplanationRow",
    "SignoffRow",
    "StoredMatches",
    "explanations",
    "ledger_items",
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


@dataclass(frozen=True, slots=True)
class ExplanationRow:
    id: int
    side: str  # "ledger" | "statement"
    item_id: int
    category: str
    text: str | None
    version: int
    updated_by: str


def _ledger_query(stream: str | None, year: int | None) -> Select[Transaction, str]:
    reversal = aliased(Transaction)
    q = (
        select(Transaction, Stream.code)
        .join(Stream, Stream.id == Transaction.stream_id)
        .outerjoin(ImportBatch, ImportBatch.id == Transaction.batch_id)
        .where(
            Transaction.kind.not_in(NOT_POSTED),
            Transaction.reverses_id.is_(None),
            ~select(reversal.id).where(reversal.reverses_id == Transaction.id).exists(),
            or_(ImportBatch.id.is_(None), ImportBatch.status != "undone"),
        )
    )
    if stream is not None:
        q = q.where(Stream.code == stream)
    if year is not None:
        q = q.where(Transaction.year == year)
    return q


def _statement_query(stream: str | None, year: int | None) -> Select[StatementLine, str]:
    q = (
        select(StatementLine, Stream.code)
        .join(Stream, Stream.id == StatementLine.stream_id)
        .join(ImportBatch, ImportBatch.id == StatementLine.batch_id)
        .where(ImportBatch.status != "undone")
    )
    if stream is not None:
        q = q.where(Stream.code == stream)
    if year is not None:
        q = q.where(StatementLine.year == year)
    return q


def ledger_items(session: Session, stream: str | None, year: int | None) -> list[LedgerItem]:
    """Ledger transactions in scope, as matcher items (date, id order)."""
    q = _ledger_query(stream, year).order_by(Transaction.txn_date, Transaction.id)
    return [
        LedgerItem(
            t.id, code, t.txn_date, t.amount, t.reference, t.counterparty, t.description,
            t.year, t.period,
        )
        for t, code in session.execute(q)
    ]  # fmt: skip


def statement_items(session: Session, stream: str | None, year: int | None) -> list[StatementItem]:
    """Statement lines in scope, as matcher items (date, id order)."""
    q = _statement_query(stream, year).order_by(StatementLine.posted_on, StatementLine.id)
    return [
        StatementItem(
            s.id, code, s.posted_on, s.amount, s.reference, s.supplier, s.description,
            s.year, s.period,
        )
        for s, code in session.execute(q)
    ]  # fmt: skip


def totals(session: Session, stream: str | None, year: int | None) -> tuple[Money, Money]:
    """(ledger total, statement total) in scope, summed in SQL."""
    lq = _ledger_query(stream, year).subquery()
    sq = _statement_query(stream, year).subquery()
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
    rows = session.execute(select(ReconMatch).order_by(ReconMatch.group_id, ReconMatch.id))
    groups: dict[int, list[ReconMatch]] = defaultdict(list)
    for (r,) in rows:
        if r.transaction_id in lset or r.statement_line_id in sset:
            groups[r.group_id].append(r)
    live: list[Match] = []
    rejected: set[tuple[int, int]] = set()
    for gid, rs in groups.items():
        lids = tuple(sorted({r.transaction_id for r in rs if r.transaction_id is not None}))
        sids = tuple(sorted({r.statement_line_id for r in rs if r.statement_line_id is not None}))
        status = rs[0].status
        if status == "rejected":
            rejected.update((lid, sid) for lid in lids for sid in sids)
        else:
            live.append(Match(lids, sids, rs[0].score, rs[0].method, status, gid))
    return StoredMatches(tuple(live), frozenset(rejected))


def signoffs(session: Session, stream: str | None, year: int | None) -> list[SignoffRow]:
    """Sign-offs in scope, by stream, year and period."""
    q = select(ReconSignoff, Stream.code).join(Stream, Stream.id == ReconSignoff.stream_id)
    if stream is not None:
        q = q.where(Stream.code == stream)
    if year is not None:
        q = q.where(ReconSignoff.year == year)
    q = q.order_by(Stream.code, ReconSignoff.year, ReconSignoff.period)
    return [
        SignoffRow(
            r.id, code, r.year, r.period, r.difference, r.explanation, r.signed_by, r.signed_at
        )
        for r, code in session.execute(q)
    ]


def explanations(
    session: Session, ledger_ids: Sequence[int], statement_ids: Sequence[int]
) -> dict[tuple[str, int], ExplanationRow]:
    """The latest explanation of each unmatched item, keyed ("ledger"|"statement", id)."""
    out: dict[tuple[str, int], ExplanationRow] = {}
    lset, sset = set(ledger_ids), set(statement_ids)
    for (e,) in session.execute(select(ReconExplanation).order_by(ReconExplanation.id)):
        if e.transaction_id in lset:
            key = ("ledger", e.transaction_id)
        elif e.statement_line_id in sset:
            key = ("statement", e.statement_line_id)
        else:
            continue
        out[key] = ExplanationRow(
            e.id, key[0], key[1], e.category, e.text, e.version, e.updated_by or e.created_by
        )
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
