"""Transactions, partner contributions, recharges, income items, forecasts and variance commentary."""

# No ``from __future__ import annotations`` here: SQLAlchemy then reads each ``Mapped[...]`` as
# a type, not a string to parse and evaluate (≈300 of them, a noticeable part of opening).
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fundledger import text_limits as limits
from fundledger.money import Money

from ..types import Pence, PencePhasing
from .base import Base, Tracked

# --------------------------------------------------------------------------- actuals


class Transaction(Base, Tracked):
    """Spend (positive), credit notes and refunds (negative), income, reported actuals.

    ``year``/``period`` are what the row is *charged to* (they default from the date but
    differ for accruals).  A correction is a new row with ``reverses_id`` set.
    """

    __tablename__ = "transactions"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    contract_line_id: Mapped[int | None] = mapped_column(ForeignKey("contract_lines.id"))
    txn_date: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    #: spend | credit | income | refund | reported_actual | reversal
    kind: Mapped[str] = mapped_column(String(16), default="spend", nullable=False)
    counterparty: Mapped[str | None] = mapped_column(String(limits.COUNTERPARTY))
    counterparty_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    reference: Mapped[str | None] = mapped_column(String(limits.REFERENCE))
    description: Mapped[str | None] = mapped_column(Text)
    cost_centre: Mapped[str | None] = mapped_column(String(limits.COST_CENTRE))
    account: Mapped[str | None] = mapped_column(String(limits.ACCOUNT))
    #: what coded the row to its lines: "rule #3", "suggestion 92%", "cost centre", "by hand"
    coded_by: Mapped[str | None] = mapped_column(String(64))
    gl_ref: Mapped[str | None] = mapped_column(String(100))
    reported_nil: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    __table_args__ = (
        CheckConstraint("period between 1 and 12", name="period"),
        # covering index for variance: GROUP BY stream, year, line, period summing amount
        # (reported_nil: a line whose only spend was reported "Nil" shows "Nil")
        Index(
            "ix_transactions_variance",
            "stream_id",
            "year",
            "budget_line_id",
            "period",
            "txn_date",
            "amount",
            "reported_nil",
        ),
        # the transactions register: first page of a (stream,) year view straight off an index
        Index("ix_transactions_year_date", "year", "txn_date", "amount"),
        Index("ix_transactions_stream_year_date", "stream_id", "year", "txn_date"),
        Index("ix_transactions_batch", "batch_id"),
        # covering for "invoiced against a contract line in a year to a date" (variance, register)
        Index("ix_transactions_contract", "contract_line_id", "year", "txn_date", "amount"),
        Index("ix_transactions_reference", "reference"),
        Index("ix_transactions_date", "txn_date"),
    )


class Contribution(Base, Tracked):
    """A partner's contribution to a (pooled) budget: cash or in kind, by heading and year.

    ``amount`` is None when the value is unknown (in-kind staff), which is not zero.
    """

    __tablename__ = "contributions"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    partner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    partner_as_printed: Mapped[str | None] = mapped_column(String(300))
    #: Staffing Costs | Payments in kind | Other delegated funds (or a stream's own headings)
    heading: Mapped[str] = mapped_column(String(64), nullable=False)
    #: cash | in_kind
    kind: Mapped[str] = mapped_column(String(16), default="cash", nullable=False)
    amount: Mapped[Money | None] = mapped_column(Pence)
    fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    description: Mapped[str | None] = mapped_column(Text)
    #: pledged | invoiced | received
    status: Mapped[str] = mapped_column(String(16), default="pledged", nullable=False)
    invoiced_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        CheckConstraint("kind in ('cash','in_kind')", name="kind"),
        CheckConstraint("status in ('pledged','invoiced','received')", name="status"),
        Index("ix_contributions_stream_year", "stream_id", "year"),
    )


class Recharge(Base, Tracked):
    """A sum raised to a partner (e.g. £5,000 a year to each district for DHRs)."""

    __tablename__ = "recharges"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(64))
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: raised | paid | cancelled  (overdue is derived: raised and due_on < today)
    status: Mapped[str] = mapped_column(String(16), default="raised", nullable=False)
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_amount: Mapped[Money | None] = mapped_column(Pence)
    __table_args__ = (
        CheckConstraint("status in ('raised','paid','cancelled')", name="status"),
        UniqueConstraint("stream_id", "year", "org_id", "description", name="once"),
    )


class IncomeItem(Base, Tracked):
    """Income raised (invoiced) and later received: packages, partnership work, sponsorship."""

    __tablename__ = "income_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    category: Mapped[str] = mapped_column(String(64), nullable=False)
    customer: Mapped[str] = mapped_column(String(300), nullable=False)
    customer_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    description: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(64))
    list_price: Mapped[Money | None] = mapped_column(Pence)
    discount: Mapped[Money | None] = mapped_column(Pence)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    #: raised | received | cancelled
    status: Mapped[str] = mapped_column(String(16), default="raised", nullable=False)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: council investment (for ROI) vs private leverage
    is_council_investment: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)


class Forecast(Base, Tracked):
    """A budget holder's forecast outturn for a line, made at a period; history is kept."""

    __tablename__ = "forecasts"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    commentary: Mapped[str | None] = mapped_column(Text)
    #: the outturn phased by period (P1…P12, adding up to ``amount``); None: not phased
    phasing: Mapped[tuple[Money, ...] | None] = mapped_column(PencePhasing)
    __table_args__ = (Index("ix_forecasts_line", "budget_line_id", "year", "period"),)


class VarianceComment(Base, Tracked):
    __tablename__ = "variance_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False)
