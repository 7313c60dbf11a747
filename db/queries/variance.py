"""Variance read queries: every figure family aggregated in SQL, grouped at a level.

One statement per level (line, partner, area, or the whole stream-year) unions the figure
families, each pre-aggregated in its own subquery, sums them per budget item, then groups the
items by the level's key:

- *original*: budget lines; for a stream-year without lines, partner contributions (pooled
  budgets such as YJ: line = heading, partner = partner); without either, single-year
  allocations (line = the allocation's label).  Range allocations are never counted in a year;
- *virements* and *carry-forwards*: approved only (from-line minus, to-line plus);
- *committed*: per contract line, the profile for the year less invoiced against it to the
  as-at date, floored at 0 (:func:`overinvoiced_contracts` lists the floored ones); a
  contract's line for another year is the same-named line of the stream in that year;
- *actual*: transactions charged to the year with a date on or before the as-at date (the
  subquery groups by ``stream_id, year, budget_line_id`` with a ``txn_date`` range, which the
  covering index ``ix_transactions_variance`` answers without touching the table), plus
  income items raised (not cancelled) to the as-at date;
- *forecast*: the latest forecast (highest period, then newest) per line and year.

All sums are integer pence; figures are converted to ``Decimal`` pounds once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    select,
    union_all,
)

from fundledger.money import NIL, Money, from_pence
from fundledger.vocabulary import Level

from .. import schema as _schema
from .core import active_batch, core
from .variance_context import (
    Comment,
    EligibilitySpend,
    PendingMove,
    Phasing,
    RangeAllocation,
    StreamInfo,
    comments,
    eligibility_spend,
    line_choices,
    pending_moves,
    phasings,
    range_allocations,
    stream_id_for,
    streams,
)
from .variance_families import (
    NO_PARTNER,
    _actuals,
    _allocations,
    _carry_forwards,
    _committed,
    _contributions,
    _latest_forecasts,
    _lines,
    _profiles,
    _virements,
)
from .variance_scope import (
    AS_AT,
    Scope,
    Unindexed,
    params,
    pence,
    scoped,
    scoped_by_index,
    shape,
)

if TYPE_CHECKING:
    from db.queries.core import Reads

LEVELS: tuple[Level, ...] = tuple(Level)
UNASSIGNED = "(no budget line)"
NO_AREA = "(no area)"
#: partner-level key prefix of a line funded by partner contributions (shared out by the caller)
POOLED = "(pooled line #"

# the tables as Core (see db.queries.core): no ORM configuration or compile step
BudgetLine = core(_schema.budgets.budget_lines)
Contribution = core(_schema.actuals.contributions)
IncomeItem = core(_schema.actuals.income_items)
Organisation = core(_schema.reference.organisations)
Stream = core(_schema.reference.streams)
Transaction = core(_schema.actuals.transactions)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """Aggregated figure families for one (stream, year, key)."""

    stream_id: int
    stream: str
    year: int
    key: str
    sort: int
    line_id: int | None
    first_line: int | None
    original: Money
    virements: Money
    carry_forward: Money
    committed: Money
    actual: Money
    forecast: Money | None


@dataclass(frozen=True, slots=True)
class PeriodActual:
    stream_id: int
    year: int
    period: int
    actual: Money


@dataclass(frozen=True, slots=True)
class OverInvoiced:
    stream: str
    year: int
    service: str
    provider: str
    profile: Money
    invoiced: Money


# --------------------------------------------------------------------------- levels


def _per_item(scope: Scope, actuals: bool = True) -> Any:
    """Every family summed per budget item (line, contribution heading/partner, allocation)."""
    parts = [
        _lines(scope),
        _contributions(scope),
        _allocations(scope),
        *_virements(scope),
        *_carry_forwards(scope),
        _committed(scope),
        *(_actuals(scope) if actuals else ()),
    ]
    facts = union_all(*parts).subquery("facts")
    c = facts.c
    return (
        select(
            c.stream_id,
            c.year,
            c.line_id,
            c.key_line,
            c.key_partner,
            *(
                func.sum(getattr(c, n)).label(n)
                for n in ("original", "virements", "carry", "committed", "actual")
            ),
            func.min(c.nil).label("nil"),
        )
        .group_by(c.stream_id, c.year, c.line_id, c.key_line, c.key_partner)
        .subquery("items")
    )


def _key(level: str, items: Any, bl: Any, org: Any) -> Any:
    if level == "line":
        return func.coalesce(bl.name, items.c.key_line, UNASSIGNED)
    if level == "partner":
        pooled = exists().where(Contribution.budget_line_id == bl.id)
        return case(
            (pooled, literal(POOLED, String) + cast(bl.id, String)),
            (bl.id.is_not(None), func.coalesce(org.name, NO_PARTNER)),
            else_=func.coalesce(items.c.key_partner, NO_PARTNER),
        )
    if level == "area":
        return case(
            (org.kind == "csp_area", org.name),
            (bl.category == "csp_area", bl.name),
            else_=NO_AREA,
        )
    if level == "stream":
        return literal("", String)
    raise ValueError(f"unknown variance level {level!r}")


def figure_rows(
    session: Reads, scope: Scope, level: str, *, actuals: bool = True
) -> list[FigureRow]:
    """Figures grouped by (stream, year, key) at ``level`` (line | partner | area | stream).

    ``actuals=False`` leaves actual at zero (for callers that sum it by period instead, so
    the transactions are read once).
    """
    stmt = _figure_stmt(shape(scope), level, actuals)
    return [_figure_row(r) for r in session.execute(stmt, params(scope))]


@lru_cache(maxsize=64)
def _figure_stmt(scope: Scope, level: str, actuals: bool) -> Any:
    items = _per_item(scope, actuals)
    fc = _latest_forecasts()
    bl, org, st = BudgetLine, Organisation, Stream
    key = _key(level, items, bl, org).label("key")
    revised = items.c.original + items.c.virements + items.c.carry
    return (
        select(
            items.c.stream_id,
            st.code,
            items.c.year,
            key,
            func.min(func.coalesce(bl.sort_order, 1_000_000)).label("sort"),
            func.max(items.c.line_id).label("line_id"),
            func.min(items.c.line_id).label("first_line"),
            func.count(func.distinct(items.c.line_id)).label("n_lines"),
            *(
                func.sum(getattr(items.c, n)).label(n)
                for n in ("original", "virements", "carry", "committed", "actual")
            ),
            func.min(items.c.nil).label("nil"),
            func.sum(func.coalesce(fc.c.amount, revised)).label("forecast"),
            func.max(case((fc.c.amount.is_not(None), 1), else_=0)).label("has_fc"),
        )
        .join(st, st.id == items.c.stream_id)
        .outerjoin(bl, bl.id == items.c.line_id)
        .outerjoin(org, org.id == bl.org_id)
        .outerjoin(fc, and_(fc.c.line_id == items.c.line_id, fc.c.year == items.c.year))
        # a line from an undone import is gone: its reversed actuals net to zero with it
        .where(active_batch(bl.batch_id))
        .group_by(items.c.stream_id, st.code, items.c.year, key)
    )


def _figure_row(r: Any) -> FigureRow:
    def m(v: Any) -> Money:
        return from_pence(int(v or 0))

    return FigureRow(
        stream_id=r.stream_id,
        stream=r.code,
        year=r.year,
        key=r.key,
        sort=int(r.sort),
        line_id=r.line_id if r.n_lines == 1 else None,
        first_line=r.first_line,
        original=m(r.original),
        virements=m(r.virements),
        carry_forward=m(r.carry),
        committed=m(r.committed),
        actual=NIL if r.nil == 1 and not r.actual else m(r.actual),
        forecast=m(r.forecast) if r.has_fc else None,
    )


@dataclass(frozen=True, slots=True)
class PartnerShare:
    line_id: int
    partner: str
    amount: Money


def partner_shares(session: Reads, scope: Scope) -> list[PartnerShare]:
    """Valued contributions per line and partner (the weights a pooled line is shared by)."""
    stmt = _partner_shares_stmt(shape(scope))
    return [
        PartnerShare(line, name, from_pence(int(a)))
        for line, name, a in session.execute(stmt, params(scope))
    ]


@lru_cache(maxsize=16)
def _partner_shares_stmt(scope: Scope) -> Any:
    c, org = Contribution, Organisation
    stmt = (
        select(c.budget_line_id, org.name, func.coalesce(func.sum(pence(c.amount)), 0))
        .join(org, org.id == c.partner_org_id)
        .where(c.budget_line_id.is_not(None), active_batch(c.batch_id))
        .group_by(c.budget_line_id, org.name)
        .order_by(c.budget_line_id, org.name)
    )
    return scoped(stmt, scope, c.stream_id, c.year)


def period_actuals(session: Reads, scope: Scope) -> list[PeriodActual]:
    """Actual (transactions and income raised) by stream, year and period, to the as-at date."""
    stmt = _period_actuals_stmt(shape(scope))
    return [
        PeriodActual(s, y, p, from_pence(int(a)))
        for s, y, p, a in session.execute(stmt, params(scope))
    ]


# --------------------------------------------------------------------------- context


@lru_cache(maxsize=16)
def _period_actuals_stmt(scope: Scope) -> Any:
    t, i = Transaction, IncomeItem
    # grouped in index order (stream, year, line, period) first: no sort of the big table,
    # then the few (line, period) sums are summed per period below
    spend = scoped_by_index(
        select(t.stream_id, t.year, t.period, func.sum(pence(t.amount)).label("amount"))
        .where(Unindexed(t.txn_date) <= AS_AT)
        .group_by(t.stream_id, t.year, t.budget_line_id, t.period),
        scope,
        t.stream_id,
        t.year,
    )
    income = scoped(
        select(i.stream_id, i.year, i.period, func.sum(pence(i.amount)).label("amount"))
        .where(i.raised_on <= AS_AT, i.status != "cancelled")
        .group_by(i.stream_id, i.year, i.period),
        scope,
        i.stream_id,
        i.year,
    )
    u = union_all(spend, income).subquery("u")
    return select(u.c.stream_id, u.c.year, u.c.period, func.sum(u.c.amount)).group_by(
        u.c.stream_id, u.c.year, u.c.period
    )


def overinvoiced_contracts(session: Reads, scope: Scope) -> list[OverInvoiced]:
    """Contract lines invoiced beyond their profile for the year (committed floored at 0)."""
    stmt = _overinvoiced_contracts_stmt(shape(scope))
    return [
        OverInvoiced(c, y, s, pr, from_pence(int(a)), from_pence(int(b)))
        for c, y, s, pr, a, b in session.execute(stmt, params(scope))
    ]


@lru_cache(maxsize=16)
def _overinvoiced_contracts_stmt(scope: Scope) -> Any:
    p = _profiles(scope).subquery("prof")
    return (
        select(Stream.code, p.c.year, p.c.service, p.c.provider, p.c.profile, p.c.invoiced)
        .join(Stream, Stream.id == p.c.stream_id)
        .where(p.c.invoiced > p.c.profile)
        .order_by(Stream.code, p.c.year, p.c.cl_id)
    )


__all__ = [
    "LEVELS",
    "NO_AREA",
    "NO_PARTNER",
    "POOLED",
    "UNASSIGNED",
    "Comment",
    "EligibilitySpend",
    "FigureRow",
    "OverInvoiced",
    "PartnerShare",
    "PendingMove",
    "PeriodActual",
    "Phasing",
    "RangeAllocation",
    "Scope",
    "StreamInfo",
    "comments",
    "eligibility_spend",
    "figure_rows",
    "line_choices",
    "overinvoiced_contracts",
    "partner_shares",
    "pending_moves",
    "period_actuals",
    "phasings",
    "range_allocations",
    "stream_id_for",
    "streams",
]
