"""Variance context queries: streams and thresholds, range allocations, pending moves,
commentary, and small look-ups for the variance views (see :mod:`db.queries.variance`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, or_, select

from fundledger.money import Money, from_pence

from .. import schema as _schema
from .core import active_batch, core
from .variance_scope import (
    AS_AT,
    STREAM,
    YEAR,
    Scope,
    Unindexed,
    params,
    pence,
    scoped,
    shape,
)

if TYPE_CHECKING:
    from db.queries.core import Reads

# the tables as Core (see db.queries.core): no ORM configuration or compile step
Allocation = core(_schema.budgets.allocations)
BudgetLine = core(_schema.budgets.budget_lines)
CarryForward = core(_schema.budgets.carry_forwards)
Forecast = core(_schema.actuals.forecasts)
Stream = core(_schema.reference.streams)
Transaction = core(_schema.actuals.transactions)
VarianceComment = core(_schema.actuals.variance_comments)
Virement = core(_schema.budgets.virements)


@dataclass(frozen=True, slots=True)
class StreamInfo:
    id: int
    code: str
    name: str
    kind: str
    red_forecast_pct: Decimal
    amber_profile_pct: Decimal
    sort_order: int
    #: a retired stream keeps its history but takes no new rows
    retired: bool = False


@dataclass(frozen=True, slots=True)
class RangeAllocation:
    stream: str
    label: str
    year_from: int
    year_to: int
    amount: Money


@dataclass(frozen=True, slots=True)
class PendingMove:
    """A virement or carry-forward awaiting approval (shown, not counted)."""

    kind: str  # virement | carry-forward
    id: int
    stream: str
    year: int
    from_line: str
    to_line: str
    amount: Money


@dataclass(frozen=True, slots=True)
class Comment:
    """Commentary on a line: a variance comment, or a forecast's commentary (``forecast``
    is then the forecast outturn it came with)."""

    id: int
    stream: str
    year: int
    line_id: int
    line: str
    period: int
    comment: str
    by: str
    at: datetime | None = None
    forecast: Money | None = None


@dataclass(frozen=True, slots=True)
class EligibilitySpend:
    """Spend on a line that is not eligible (``eligible`` False) or not known to be (None)
    under its stream's grant conditions."""

    stream: str
    year: int
    line_id: int
    line: str
    eligible: bool | None
    actual: Money
    conditions: str | None


@dataclass(frozen=True, slots=True)
class Phasing:
    """A line's counted (latest) forecast for a year, phased by period P1…P12."""

    stream_id: int
    year: int
    line_id: int
    amount: Money
    periods: tuple[Money, ...]


def streams(session: Reads) -> list[StreamInfo]:
    s = Stream
    stmt = select(
        s.id, s.code, s.name, s.kind, s.red_forecast_pct, s.amber_profile_pct, s.sort_order,
        s.status,
    ).order_by(s.sort_order, s.code)  # fmt: skip
    return [
        StreamInfo(*r[:4], Decimal(str(r[4])), Decimal(str(r[5])), r[6], r[7] == "retired")
        for r in session.execute(stmt)
    ]


def range_allocations(session: Reads, scope: Scope) -> list[RangeAllocation]:
    """Unsplit allocations covering several years (and the scope's year, if any)."""
    stmt = _range_allocations_stmt(shape(scope))
    return [
        RangeAllocation(r.code, r.label or r.amount_text or f"allocation #{r.id}", *r[4:])
        for r in session.execute(stmt, params(scope))
    ]


@lru_cache(maxsize=16)
def _range_allocations_stmt(scope: Scope) -> Any:
    a = Allocation
    stmt = (
        select(a.id, Stream.code, a.label, a.amount_text, a.year_from, a.year_to, a.amount)
        .join(Stream, Stream.id == a.stream_id)
        .where(a.year_to > a.year_from, a.superseded.is_(False), a.split_into.is_(None))
        .order_by(Stream.code, a.year_from, a.id)
    )
    if scope.stream_id is not None:
        stmt = stmt.where(a.stream_id == STREAM)
    if scope.year is not None:
        stmt = stmt.where(a.year_from <= YEAR, a.year_to >= YEAR)
    return stmt


def pending_moves(session: Reads, scope: Scope) -> list[PendingMove]:
    """Pending virements and carry-forwards in scope (not counted in any figure)."""
    out: list[PendingMove] = []
    for kind, stmt in _pending_stmts(shape(scope)):
        out.extend(PendingMove(kind, *r) for r in session.execute(stmt, params(scope)))
    return out


@lru_cache(maxsize=16)
def _pending_stmts(scope: Scope) -> list[tuple[str, Any]]:
    fl, tl = core(_schema.budgets.budget_lines, "fl"), core(_schema.budgets.budget_lines, "tl")
    out = []
    for kind, model, year in (
        ("virement", Virement, Virement.year),
        ("carry-forward", CarryForward, CarryForward.to_year),
    ):
        stmt = (
            select(model.id, Stream.code, year, fl.name, tl.name, model.amount)
            .join(Stream, Stream.id == model.stream_id)
            .join(fl, fl.id == model.from_line_id)
            .join(tl, tl.id == model.to_line_id)
            .where(model.status == "pending")
            .order_by(model.id)
        )
        out.append((kind, scoped(stmt, scope, model.stream_id, year)))
    return out


def comments(session: Reads, scope: Scope) -> list[Comment]:
    """Commentary on lines in scope — variance comments and forecasts' commentary — oldest
    first (by when it was written)."""
    s = shape(scope)
    found = [Comment(*r) for r in session.execute(_comments_stmt(s), params(scope))]
    found += [Comment(*r) for r in session.execute(_forecast_notes_stmt(s), params(scope))]
    found.sort(key=lambda c: (c.at or datetime.min.replace(tzinfo=UTC), c.forecast is None, c.id))
    return found


@lru_cache(maxsize=16)
def _comments_stmt(scope: Scope) -> Any:
    vc, bl = VarianceComment, BudgetLine
    stmt = (
        select(
            vc.id,
            Stream.code,
            vc.year,
            bl.id,
            bl.name,
            vc.period,
            vc.comment,
            vc.created_by,
            vc.created_at,
        )
        .join(bl, bl.id == vc.budget_line_id)
        .join(Stream, Stream.id == bl.stream_id)
        .order_by(vc.year, vc.period, vc.id)
    )
    return scoped(stmt, scope, bl.stream_id, vc.year)


@lru_cache(maxsize=16)
def _forecast_notes_stmt(scope: Scope) -> Any:
    f, bl = Forecast, BudgetLine
    stmt = (
        select(
            f.id,
            Stream.code,
            f.year,
            bl.id,
            bl.name,
            f.period,
            f.commentary,
            f.created_by,
            f.created_at,
            f.amount,
        )
        .join(bl, bl.id == f.budget_line_id)
        .join(Stream, Stream.id == bl.stream_id)
        .where(f.commentary.is_not(None))
        .order_by(f.year, f.period, f.id)
    )
    return scoped(stmt, scope, bl.stream_id, f.year)


def phasings(session: Reads, scope: Scope) -> list[Phasing]:
    """Lines in scope whose counted (latest) forecast is phased by period."""
    f, bl = Forecast, BudgetLine
    rank = func.row_number().over(
        partition_by=(f.budget_line_id, f.year), order_by=(f.period.desc(), f.id.desc())
    )
    ranked = select(f.id.label("id"), rank.label("rank")).subquery("ranked")
    stmt = (
        select(bl.stream_id, f.year, bl.id, f.amount, f.phasing)
        .join(ranked, ranked.c.id == f.id)
        .join(bl, bl.id == f.budget_line_id)
        .where(ranked.c.rank == 1, f.phasing.is_not(None))
        .order_by(bl.stream_id, f.year, bl.id)
    )
    stmt = scoped(stmt, scope, bl.stream_id, f.year)
    return [Phasing(*r) for r in session.execute(stmt, params(scope))]


def line_choices(session: Reads, stream_id: int, year: int) -> list[tuple[int, str]]:
    """(id, name) of a stream-year's budget lines, for picking a line to comment on."""
    bl = BudgetLine
    stmt = (
        select(bl.id, bl.name)
        .where(bl.stream_id == stream_id, bl.year == year)
        .order_by(bl.sort_order, bl.name)
    )
    return [(r[0], r[1]) for r in session.execute(stmt)]


def stream_id_for(session: Reads, code: str) -> int | None:
    return session.execute(
        select(Stream.id).where(func.upper(Stream.code) == code.upper())
    ).scalar_one_or_none()


def eligibility_spend(session: Reads, scope: Scope) -> list[EligibilitySpend]:
    """Spend to the as-at date on lines not eligible, or not known to be, under the grant
    conditions.  "Not known" counts only in a stream-year where some line's eligibility has
    been decided (a stream that does not track eligibility is not flagged)."""
    return [
        EligibilitySpend(code, year, line_id, name, eligible, from_pence(int(spent)), conditions)
        for code, year, line_id, name, eligible, spent, conditions in session.execute(
            _eligibility_stmt(shape(scope)), params(scope)
        )
        if spent  # a line with no spend (NULL or nil) says nothing
    ]


@lru_cache(maxsize=16)
def _eligibility_stmt(scope: Scope) -> Any:
    t, bl = Transaction, BudgetLine
    other = core(_schema.budgets.budget_lines, "decided")
    tracked = exists().where(
        other.stream_id == bl.stream_id, other.year == bl.year, other.eligible.is_not(None)
    )
    # the spend of each line in question, summed off the covering variance index by (stream,
    # year, line): ``stream_id IN (every stream)`` is true of every row and lets SQLite seek it
    # from the few lines instead of reading every transaction (1M rows: 2.0 s → a few ms)
    spent = (
        select(func.sum(pence(t.amount)))
        .where(
            t.stream_id.in_(select(Stream.id).scalar_subquery()),
            t.year == bl.year,
            t.budget_line_id == bl.id,
            Unindexed(t.txn_date) <= AS_AT,
        )
        .scalar_subquery()
        .label("spent")
    )
    notes = func.coalesce(Stream.eligibility_notes, Stream.conditions).label("notes")
    lines = (
        select(Stream.code, bl.year, bl.id, bl.name, bl.eligible, spent, notes)
        .select_from(bl)
        .join(Stream, Stream.id == bl.stream_id)
        .where(
            or_(bl.eligible.is_(False), and_(bl.eligible.is_(None), tracked)),
            active_batch(bl.batch_id),
        )
    )
    # the lines in question, few, each with its spend; those with none are left out in
    # Python: filtering on ``spent`` in SQL summed each line's transactions twice (SQLite
    # flattens the subquery and evaluates the correlated sum for the filter and the column)
    return scoped(lines, scope, bl.stream_id, bl.year).order_by(Stream.code, bl.year, bl.id)
