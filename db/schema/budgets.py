"""Allocations, budget lines, virements, carry-forwards and contract lines with their providers,
extensions and profiles.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy then reads each ``Mapped[...]`` as
# a type, not a string to parse and evaluate (≈300 of them, a noticeable part of opening).
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fundledger.money import Money

from ..types import Pence, UTCDateTime, utcnow
from .base import Base, Tracked

# --------------------------------------------------------------------------- allocations, lines


class Allocation(Base, Tracked):
    """What a funder gives for one financial year or an unsplit range of years."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False, index=True)
    funder_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    year_from: Mapped[int] = mapped_column(Integer, nullable=False)
    year_to: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    amount_text: Mapped[str | None] = mapped_column(String(100))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: grant | settlement | contribution | pooled | levy | commercial | sponsorship | ...
    mechanism: Mapped[str | None] = mapped_column(String(32))
    #: confirmed | expected | tbc
    status: Mapped[str] = mapped_column(String(16), default="confirmed", nullable=False)
    label: Mapped[str | None] = mapped_column(String(300))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    #: set when a range allocation has been split into years by an audited action
    split_into: Mapped[str | None] = mapped_column(String(100))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (CheckConstraint("year_to >= year_from", name="year_range"),)


class BudgetLine(Base, Tracked):
    """A line of a stream's budget for one year: cost heading, CSP area, agency, category."""

    __tablename__ = "budget_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    code: Mapped[str | None] = mapped_column(String(32))
    #: cost_heading | csp_area | agency | income_category | post | service
    category: Mapped[str | None] = mapped_column(String(32))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocations.id"))
    cost_centre_id: Mapped[int | None] = mapped_column(ForeignKey("cost_centres.id"))
    original: Mapped[Money] = mapped_column(Pence, nullable=False)
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    name_as_printed: Mapped[str | None] = mapped_column(String(300))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        UniqueConstraint("stream_id", "year", "name", name="stream_year_name"),
        Index("ix_budget_lines_stream_year", "stream_id", "year"),
    )


class Virement(Base, Tracked):
    """Budget moved between two lines of the same stream and year; counts once approved."""

    __tablename__ = "virements"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    from_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    to_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    requested_by: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: pending | approved | rejected
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why finance let it take the line it moves from below zero available, and who (0009)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        CheckConstraint("from_line_id <> to_line_id", name="distinct_lines"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint("status in ('pending','approved','rejected')", name="status"),
        CheckConstraint(
            "status = 'pending' or decided_by is null or decided_by <> requested_by",
            name="no_self_approval",
        ),
    )


class BudgetRevision(Base, Tracked):
    """An agreed original budget changed by finance, with the reason (migration 0012): the only
    way a line's original changes once it is agreed (in-year moves are virements).  The server
    refuses any other change of ``budget_lines.original``; a revision is never changed."""

    __tablename__ = "budget_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(
        ForeignKey("budget_lines.id"), nullable=False, index=True
    )
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    old_original: Mapped[Money] = mapped_column(Pence, nullable=False)
    new_original: Mapped[Money] = mapped_column(Pence, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)


class CarryForward(Base, Tracked):
    """An underspend (or committed balance) moved into the next year by approved decision."""

    __tablename__ = "carry_forwards"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    from_year: Mapped[int] = mapped_column(Integer, nullable=False)
    to_year: Mapped[int] = mapped_column(Integer, nullable=False)
    from_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    to_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    #: underspend | committed
    basis: Mapped[str] = mapped_column(String(16), default="underspend", nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    requested_by: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("to_year = from_year + 1", name="next_year"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint("status in ('pending','approved','rejected')", name="status"),
        CheckConstraint(
            "status = 'pending' or decided_by is null or decided_by <> requested_by",
            name="no_self_approval",
        ),
    )


# --------------------------------------------------------------------------- commitments


class ContractLine(Base, Tracked):
    """A commitment: a service bought from provider(s) over a term with extension options."""

    __tablename__ = "contract_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False, index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    service: Mapped[str] = mapped_column(String(300), nullable=False)
    provider_text: Mapped[str] = mapped_column(String(300), nullable=False)
    commissioner_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    value: Mapped[Money | None] = mapped_column(Pence)
    value_text: Mapped[str | None] = mapped_column(String(100))
    #: per_year | whole_term | unknown
    cost_basis: Mapped[str] = mapped_column(String(16), default="unknown", nullable=False)
    contract_start: Mapped[date | None] = mapped_column(Date)
    service_start: Mapped[date | None] = mapped_column(Date)
    base_term_months: Mapped[int | None] = mapped_column(Integer)
    term_text: Mapped[str | None] = mapped_column(String(200))
    fixed_term: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        CheckConstraint("cost_basis in ('per_year','whole_term','unknown')", name="cost_basis"),
    )


class ContractProvider(Base):
    """A provider named on a contract line (a line may name several)."""

    __tablename__ = "contract_providers"
    contract_line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    name_as_printed: Mapped[str | None] = mapped_column(String(300))


class ContractExtension(Base, Tracked):
    """One extension option and the decision on it."""

    __tablename__ = "contract_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_line_id: Mapped[int] = mapped_column(
        ForeignKey("contract_lines.id"), nullable=False, index=True
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    months: Mapped[int] = mapped_column(Integer, nullable=False)
    #: pending | taken | declined
    decision: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        UniqueConstraint("contract_line_id", "seq", name="line_seq"),
        CheckConstraint("decision in ('pending','taken','declined')", name="decision"),
    )


class ContractProfile(Base, Tracked):
    """The contract line's value profiled by financial year (even by default, editable)."""

    __tablename__ = "contract_profiles"
    contract_line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
