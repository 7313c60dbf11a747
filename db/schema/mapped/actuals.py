"""The mapped classes over the actuals tables (``db.schema.actuals``): the ORM for writes."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped

from fundledger.money import Money

from ..actuals import (
    contributions,
    forecasts,
    income_items,
    recharges,
    transactions,
    variance_comments,
)
from .base import Base, Tracked


class Transaction(Base, Tracked):
    """Spend (positive), credit notes and refunds (negative), income, reported actuals.

    ``year``/``period`` are what the row is *charged to* (they default from the date but
    differ for accruals).  A correction is a new row with ``reverses_id`` set.
    """

    __tablename__ = "transactions"
    __table__ = transactions
    id: Mapped[int]
    stream_id: Mapped[int]
    budget_line_id: Mapped[int | None]
    contract_line_id: Mapped[int | None]
    txn_date: Mapped[date]
    year: Mapped[int]
    period: Mapped[int]
    amount: Mapped[Money]
    kind: Mapped[str]
    counterparty: Mapped[str | None]
    counterparty_org_id: Mapped[int | None]
    reference: Mapped[str | None]
    description: Mapped[str | None]
    cost_centre: Mapped[str | None]
    account: Mapped[str | None]
    coded_by: Mapped[str | None]
    gl_ref: Mapped[str | None]
    reported_nil: Mapped[bool]
    reverses_id: Mapped[int | None]
    batch_id: Mapped[int | None]


class Contribution(Base, Tracked):
    """A partner's contribution to a (pooled) budget: cash or in kind, by heading and year.

    ``amount`` is None when the value is unknown (in-kind staff), which is not zero.
    """

    __tablename__ = "contributions"
    __table__ = contributions
    id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    partner_org_id: Mapped[int]
    partner_as_printed: Mapped[str | None]
    heading: Mapped[str]
    kind: Mapped[str]
    amount: Mapped[Money | None]
    fte: Mapped[Decimal | None]
    description: Mapped[str | None]
    status: Mapped[str]
    invoiced_on: Mapped[date | None]
    received_on: Mapped[date | None]
    budget_line_id: Mapped[int | None]
    batch_id: Mapped[int | None]


class Recharge(Base, Tracked):
    """A sum raised to a partner (e.g. £5,000 a year to each district for DHRs)."""

    __tablename__ = "recharges"
    __table__ = recharges
    id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    org_id: Mapped[int]
    amount: Mapped[Money]
    description: Mapped[str]
    reference: Mapped[str | None]
    raised_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[str]
    paid_on: Mapped[date | None]
    paid_amount: Mapped[Money | None]


class IncomeItem(Base, Tracked):
    """Income raised (invoiced) and later received: packages, partnership work, sponsorship."""

    __tablename__ = "income_items"
    __table__ = income_items
    id: Mapped[int]
    stream_id: Mapped[int]
    budget_line_id: Mapped[int | None]
    category: Mapped[str]
    customer: Mapped[str]
    customer_org_id: Mapped[int | None]
    description: Mapped[str | None]
    reference: Mapped[str | None]
    list_price: Mapped[Money | None]
    discount: Mapped[Money | None]
    amount: Mapped[Money]
    raised_on: Mapped[date]
    year: Mapped[int]
    period: Mapped[int]
    status: Mapped[str]
    received_on: Mapped[date | None]
    is_council_investment: Mapped[bool]
    batch_id: Mapped[int | None]


class Forecast(Base, Tracked):
    """A budget holder's forecast outturn for a line, made at a period; history is kept."""

    __tablename__ = "forecasts"
    __table__ = forecasts
    id: Mapped[int]
    budget_line_id: Mapped[int]
    year: Mapped[int]
    period: Mapped[int]
    amount: Mapped[Money]
    commentary: Mapped[str | None]
    phasing: Mapped[tuple[Money, ...] | None]


class VarianceComment(Base, Tracked):
    __tablename__ = "variance_comments"
    __table__ = variance_comments
    id: Mapped[int]
    budget_line_id: Mapped[int]
    year: Mapped[int]
    period: Mapped[int]
    comment: Mapped[str]
