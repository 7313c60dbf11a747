"""Income reads: items, raised vs received by category for a financial or calendar year, ROI.

ROI = (leverage − investment) / investment, where investment is the items flagged
``is_council_investment`` and leverage the private income (categories in
:data:`fundledger.income.PRIVATE_CATEGORIES`), cancelled items left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from db.schema import IncomeItem, Stream
from fundledger.income import PRIVATE_CATEGORIES, calendar_year_range, category_label, roi
from fundledger.money import ZERO, Money
from fundledger.years import FinancialYear


@dataclass(frozen=True, slots=True)
class IncomeRow:
    id: int
    version: int
    stream_code: str
    category: str
    category_label: str
    customer: str
    description: str | None
    reference: str | None
    list_price: Money | None
    discount: Money | None
    amount: Money
    raised_on: date
    year: int
    period: int
    status: str
    received_on: date | None
    is_council_investment: bool


def _period_filter(fy: int | None, calendar: int | None) -> list[Any]:
    where: list[Any] = []
    if fy is not None:
        where.append(IncomeItem.year == fy)
    if calendar is not None:
        start, end = calendar_year_range(calendar)
        where += [IncomeItem.raised_on >= start, IncomeItem.raised_on < end]
    return where


def income_items(
    session: Session,
    *,
    stream_id: int | None = None,
    fy: int | None = None,
    calendar: int | None = None,
) -> list[IncomeRow]:
    """Income items in a financial year (``fy``) and/or a calendar year, by date raised."""
    q = select(IncomeItem, Stream.code).join(Stream, Stream.id == IncomeItem.stream_id)
    if stream_id is not None:
        q = q.where(IncomeItem.stream_id == stream_id)
    q = q.where(*_period_filter(fy, calendar)).order_by(IncomeItem.raised_on, IncomeItem.id)
    return [
        IncomeRow(i.id, i.version, code, i.category, category_label(i.category), i.customer,
                  i.description, i.reference, i.list_price, i.discount, i.amount, i.raised_on,
                  i.year, i.period, i.status, i.received_on, i.is_council_investment)
        for i, code in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    category: str
    label: str
    raised: Money
    received: Money
    outstanding: Money
    items: int


def _stream(stream_id: int | None) -> list[Any]:
    return [] if stream_id is None else [IncomeItem.stream_id == stream_id]


def _m(value: Any) -> Money:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return Money(value)
    return Money(Decimal(int(value)).scaleb(-2).quantize(Decimal("0.01")))


def by_category(
    session: Session, stream_id: int | None, *, fy: int | None = None, calendar: int | None = None
) -> list[CategoryTotal]:
    """Raised (all live items) and received per category for the year asked."""
    received = func.sum(case((IncomeItem.status == "received", IncomeItem.amount)))
    q = (
        select(IncomeItem.category, func.sum(IncomeItem.amount), received, func.count())
        .where(IncomeItem.status != "cancelled", *_stream(stream_id))
        .where(*_period_filter(fy, calendar))
        .group_by(IncomeItem.category)
        .order_by(IncomeItem.category)
    )
    out = []
    for cat, raised, rec, n in session.execute(q):
        r, got = _m(raised), _m(rec)
        out.append(CategoryTotal(cat, category_label(cat), r, got, Money(r - got), int(n)))
    return out


@dataclass(frozen=True, slots=True)
class RoiResult:
    label: str
    leverage: Money
    investment: Money
    roi_pct: Decimal | None


def return_on_investment(
    session: Session, stream_id: int, *, fy: int | None = None, calendar: int | None = None
) -> RoiResult:
    """Net ROI for a financial or calendar year (see module docstring for what counts)."""
    inv = func.sum(case((IncomeItem.is_council_investment.is_(True), IncomeItem.amount)))
    lev_cond = and_(
        IncomeItem.is_council_investment.is_(False),
        IncomeItem.category.in_(PRIVATE_CATEGORIES),
    )
    lev = func.sum(case((lev_cond, IncomeItem.amount)))
    q = (
        select(lev, inv)
        .where(IncomeItem.stream_id == stream_id, IncomeItem.status != "cancelled")
        .where(*_period_filter(fy, calendar))
    )
    leverage, investment = (_m(v) for v in session.execute(q).one())
    label = FinancialYear(fy).code if fy is not None else str(calendar)
    return RoiResult(label, leverage, investment, roi(leverage, investment))
