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
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from fundledger.money import NIL, Money, from_pence

from ..schema import (
    Allocation,
    BudgetLine,
    CarryForward,
    ContractLine,
    ContractProfile,
    Contribution,
    Forecast,
    IncomeItem,
    Organisation,
    Stream,
    Transaction,
    Virement,
)
from .imports import active_batch
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

LEVELS = ("line", "partner", "area", "stream")
UNASSIGNED = "(no budget line)"
NO_PARTNER = "(no partner)"
NO_AREA = "(no area)"
#: partner-level key prefix of a line funded by partner contributions (shared out by the caller)
POOLED = "(pooled line #"


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


def _fact(
    stream: Any,
    year: Any,
    line: Any,
    *,
    original: Any = 0,
    virements: Any = 0,
    carry: Any = 0,
    committed: Any = 0,
    actual: Any = 0,
    nil: Any = None,
    key_line: Any = None,
    key_partner: Any = None,
) -> list[Any]:
    """Columns of one figure family in the common long form (``nil``: 1 where every
    transaction was reported "Nil", 0 where one was not, NULL for no transactions)."""

    def money(v: Any) -> Any:
        return literal(v, BigInteger) if isinstance(v, int) else v

    def text(v: Any) -> Any:
        return null() if v is None else v

    return [
        stream.label("stream_id"),
        year.label("year"),
        (type_coerce(null(), Integer) if line is None else line).label("line_id"),
        type_coerce(text(key_line), String).label("key_line"),
        type_coerce(text(key_partner), String).label("key_partner"),
        money(original).label("original"),
        money(virements).label("virements"),
        money(carry).label("carry"),
        money(committed).label("committed"),
        money(actual).label("actual"),
        (cast(null(), Integer) if nil is None else nil).label("nil"),
    ]


# --------------------------------------------------------------------------- figure families


def _lines(scope: Scope) -> Any:
    bl = BudgetLine
    stmt = select(*_fact(bl.stream_id, bl.year, bl.id, original=pence(bl.original))).where(
        active_batch(bl.batch_id)
    )
    return scoped(stmt, scope, bl.stream_id, bl.year)


def _has_lines(stream_col: Any, year_col: Any) -> Any:
    return exists().where(
        BudgetLine.stream_id == stream_col,
        BudgetLine.year == year_col,
        active_batch(BudgetLine.batch_id),
    )


def _contributions(scope: Scope) -> Any:
    c, org = Contribution, Organisation
    stmt = (
        select(
            *_fact(
                c.stream_id,
                c.year,
                None,
                original=func.coalesce(func.sum(pence(c.amount)), 0),
                key_line=c.heading,
                key_partner=org.name,
            )
        )
        .join(org, org.id == c.partner_org_id)
        .where(~_has_lines(c.stream_id, c.year), active_batch(c.batch_id))
        .group_by(c.stream_id, c.year, c.heading, org.name)
    )
    return scoped(stmt, scope, c.stream_id, c.year)


def _allocations(scope: Scope) -> Any:
    a, org = Allocation, Organisation
    has_contrib = exists().where(
        Contribution.stream_id == a.stream_id,
        Contribution.year == a.year_from,
        active_batch(Contribution.batch_id),
    )
    stmt = (
        select(
            *_fact(
                a.stream_id,
                a.year_from,
                None,
                original=pence(a.amount),
                key_line=func.coalesce(a.label, "Allocation"),
                key_partner=func.coalesce(org.name, NO_PARTNER),
            )
        )
        .outerjoin(org, org.id == a.funder_org_id)
        .where(a.year_from == a.year_to, a.superseded.is_(False))
        .where(~_has_lines(a.stream_id, a.year_from), ~has_contrib)
    )
    return scoped(stmt, scope, a.stream_id, a.year_from)


def _virements(scope: Scope) -> list[Any]:
    v = Virement
    ok = v.status == "approved"
    to_ = select(*_fact(v.stream_id, v.year, v.to_line_id, virements=pence(v.amount))).where(ok)
    from_ = select(*_fact(v.stream_id, v.year, v.from_line_id, virements=-pence(v.amount))).where(
        ok
    )
    return [scoped(s, scope, v.stream_id, v.year) for s in (to_, from_)]


def _carry_forwards(scope: Scope) -> list[Any]:
    cf = CarryForward
    ok = cf.status == "approved"
    in_ = select(*_fact(cf.stream_id, cf.to_year, cf.to_line_id, carry=pence(cf.amount))).where(ok)
    out = select(*_fact(cf.stream_id, cf.from_year, cf.from_line_id, carry=-pence(cf.amount)))
    return [
        scoped(in_, scope, cf.stream_id, cf.to_year),
        scoped(out.where(ok), scope, cf.stream_id, cf.from_year),
    ]


def _invoiced(cp: Any) -> Any:
    """Invoiced against a contract line in a profile's year to the as-at date.

    Correlated on ``contract_line_id`` so it is an index seek per profile row
    (``ix_transactions_contract``), whatever other filters the report has.
    """
    t = Transaction
    return (
        select(func.coalesce(func.sum(pence(t.amount)), 0))
        .where(t.contract_line_id == cp.contract_line_id, t.year == cp.year, t.txn_date <= AS_AT)
        .scalar_subquery()
    )


def _profiles(scope: Scope) -> Any:
    """Contract profiles for the year with invoiced-to-date and the year's line (one row each)."""
    cl, cp = ContractLine, ContractProfile
    own = aliased(BudgetLine, name="own_line")
    yl = aliased(BudgetLine, name="year_line")
    stmt = (
        select(
            cl.id.label("cl_id"),
            cl.stream_id.label("stream_id"),
            cp.year.label("year"),
            yl.id.label("line_id"),
            pence(cp.amount).label("profile"),
            _invoiced(cp).label("invoiced"),
            cl.service.label("service"),
            cl.provider_text.label("provider"),
        )
        .join(cl, cl.id == cp.contract_line_id)
        .outerjoin(own, own.id == cl.budget_line_id)
        .outerjoin(yl, and_(yl.stream_id == cl.stream_id, yl.year == cp.year, yl.name == own.name))
        .where(active_batch(cl.batch_id))
    )
    return scoped(stmt, scope, cl.stream_id, cp.year)


def _committed(scope: Scope) -> Any:
    p = _profiles(scope).subquery("prof")
    left = p.c.profile - p.c.invoiced
    floored = case((left > 0, left), else_=0)
    return select(*_fact(p.c.stream_id, p.c.year, p.c.line_id, committed=floored))


def _spend(scope: Scope) -> Any:
    """Transactions charged to each (stream, year, line) to the as-at date.

    The aggregate is the one the covering index ``ix_transactions_variance`` answers in
    group-by order: ``SUM(amount)`` and nothing else per row.  The "Nil" flag (every
    transaction of the line reported "Nil") matters only where the sum is zero, so it is a
    correlated seek on the same index for those few groups, not a per-row expression over
    a million rows.
    """
    t = Transaction
    agg = scoped_by_index(
        select(t.stream_id, t.year, t.budget_line_id, func.sum(pence(t.amount)).label("amount"))
        .where(Unindexed(t.txn_date) <= AS_AT)
        .group_by(t.stream_id, t.year, t.budget_line_id),
        scope,
        t.stream_id,
        t.year,
    ).subquery("spend")
    t2 = aliased(Transaction, name="nil_txn")
    all_nil = (
        select(func.min(case((t2.reported_nil, 1), else_=0)))
        .where(
            t2.stream_id == agg.c.stream_id,
            t2.year == agg.c.year,
            t2.budget_line_id.is_not_distinct_from(agg.c.budget_line_id),
            Unindexed(t2.txn_date) <= AS_AT,
        )
        .scalar_subquery()
    )
    return select(
        *_fact(
            agg.c.stream_id,
            agg.c.year,
            agg.c.budget_line_id,
            actual=agg.c.amount,
            nil=case((agg.c.amount == 0, all_nil), else_=0),
        )
    )


def _actuals(scope: Scope) -> list[Any]:
    i = IncomeItem
    income = (
        select(*_fact(i.stream_id, i.year, i.budget_line_id, actual=func.sum(pence(i.amount))))
        .where(i.raised_on <= AS_AT, i.status != "cancelled")
        .group_by(i.stream_id, i.year, i.budget_line_id)
    )
    return [_spend(scope), scoped(income, scope, i.stream_id, i.year)]


def _latest_forecasts() -> Any:
    f = Forecast
    rank = (
        func.row_number()
        .over(partition_by=(f.budget_line_id, f.year), order_by=(f.period.desc(), f.id.desc()))
        .label("rank")
    )
    ranked = select(
        f.budget_line_id.label("line_id"),
        f.year.label("year"),
        pence(f.amount).label("amount"),
        rank,
    ).subquery("ranked_fc")
    return (
        select(ranked.c.line_id, ranked.c.year, ranked.c.amount)
        .where(ranked.c.rank == 1)
        .subquery("fc")
    )


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
    session: Session, scope: Scope, level: str, *, actuals: bool = True
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


def partner_shares(session: Session, scope: Scope) -> list[PartnerShare]:
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


def period_actuals(session: Session, scope: Scope) -> list[PeriodActual]:
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


def overinvoiced_contracts(session: Session, scope: Scope) -> list[OverInvoiced]:
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
