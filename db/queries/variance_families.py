"""The figure families of the variance query (:mod:`db.queries.variance`), each a
pre-aggregated subquery in the common long form of :func:`_fact`: original (budget lines,
else partner contributions, else single-year allocations), approved virements and
carry-forwards, committed (contract profiles less invoiced, floored at 0), actual
(transactions and income to the as-at date) and the latest forecast.
"""

from __future__ import annotations

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
)

from .. import schema as _schema
from .core import active_batch, core
from .variance_scope import (
    AS_AT,
    Scope,
    Unindexed,
    pence,
    scoped,
    scoped_by_index,
)

#: the partner key of a figure with no partner
NO_PARTNER = "(no partner)"

# the tables as Core (see db.queries.core): no ORM configuration or compile step
Allocation = core(_schema.budgets.allocations)
BudgetLine = core(_schema.budgets.budget_lines)
CarryForward = core(_schema.budgets.carry_forwards)
ContractLine = core(_schema.budgets.contract_lines)
ContractProfile = core(_schema.budgets.contract_profiles)
Contribution = core(_schema.actuals.contributions)
Forecast = core(_schema.actuals.forecasts)
IncomeItem = core(_schema.actuals.income_items)
Organisation = core(_schema.reference.organisations)
Transaction = core(_schema.actuals.transactions)
Virement = core(_schema.budgets.virements)


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
    own = core(_schema.budgets.budget_lines, "own_line")
    yl = core(_schema.budgets.budget_lines, "year_line")
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
    t2 = core(_schema.actuals.transactions, "nil_txn")
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
