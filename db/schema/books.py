"""Import batches and profiles, the GL statement and its reconciliation, period locks and the audit
log; MONEY_TABLES.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy then reads each ``Mapped[...]`` as
# a type, not a string to parse and evaluate (≈300 of them, a noticeable part of opening).
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from fundledger import text_limits as limits
from fundledger.money import Money

from ..types import Pence, UTCDateTime, utcnow
from .base import Base, Tracked

# --------------------------------------------------------------------------- imports, GL


class ImportBatch(Base, Tracked):
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    file_name: Mapped[str] = mapped_column(String(500), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    profile: Mapped[str | None] = mapped_column(String(100))
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    duplicates: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    control_total: Mapped[Money] = mapped_column(Pence, nullable=False)
    as_at: Mapped[date | None] = mapped_column(Date)
    #: active | undone
    status: Mapped[str] = mapped_column(String(16), default="active", nullable=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))
    undo_reason: Mapped[str | None] = mapped_column(Text)


class ImportProfile(Base, Tracked):
    """A saved column mapping for a source layout."""

    __tablename__ = "import_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    #: JSON: {"sheet": ..., "header_row": ..., "columns": {field: header}, "signature": ...}
    mapping: Mapped[str] = mapped_column(Text, nullable=False)


class StatementLine(Base, Tracked):
    """A line of an imported general-ledger listing, kept for reconciliation (not spend)."""

    __tablename__ = "statement_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), nullable=False)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    cost_centre: Mapped[str] = mapped_column(String(limits.COST_CENTRE), nullable=False)
    account: Mapped[str | None] = mapped_column(String(limits.ACCOUNT))
    posted_on: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(limits.REFERENCE))
    supplier: Mapped[str | None] = mapped_column(String(limits.COUNTERPARTY))
    description: Mapped[str | None] = mapped_column(Text)
    #: identity of the line in its source, to add only new lines on overlapping re-imports
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    __table_args__ = (Index("ix_statement_lines_stream_year", "stream_id", "year", "period"),)


class ReconMatch(Base, Tracked):
    """A match between statement line(s) and ledger transaction(s); one group per match."""

    __tablename__ = "recon_matches"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    statement_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_lines.id"), index=True
    )
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"), index=True)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    #: reference | amount_counterparty | manual | many
    method: Mapped[str] = mapped_column(String(32), nullable=False)
    #: proposed | accepted | rejected
    status: Mapped[str] = mapped_column(String(16), default="accepted", nullable=False)


class ReconSignoff(Base, Tracked):
    """A stream's reconciliation signed off for one period; reopened ones stay as history."""

    __tablename__ = "recon_signoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    difference: Mapped[Money] = mapped_column(Pence, nullable=False)
    explanation: Mapped[str | None] = mapped_column(Text)
    signed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: the GL import batches signed against ("3,4"); None before statements were chosen
    statement: Mapped[str | None] = mapped_column(Text)
    #: the difference from the first period of the signed range to this one
    cumulative: Mapped[Money | None] = mapped_column(Pence)
    #: the part of the difference no explanation accounts for (signed off with a reason)
    unexplained: Mapped[Money | None] = mapped_column(Pence)
    #: a reopened sign-off stays as history with active = false
    active: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true(), nullable=False
    )
    reopened_by: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class ReconExplanation(Base, Tracked):
    """Why an unmatched item is unmatched (timing, journal, duplicate payment, miscoding…)."""

    __tablename__ = "recon_explanations"
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_lines.id"), index=True
    )
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"), index=True)
    category: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------- locks, audit


class PeriodLock(Base, Tracked):
    """A closed period (``period`` 1–12) or whole year (``period`` NULL), for one stream or all."""

    __tablename__ = "period_locks"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    #: a reopened lock stays as history with active = false
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    reopened_by: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only, hash-chained record of every change: who, when, what, old → new, why."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    user: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the database login that made the change (PostgreSQL ``session_user``; empty on SQLite)
    login: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False)
    row_id: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    __table_args__ = (Index("ix_audit_table_row", "table_name", "row_id"),)


#: Tables holding money; rows are reversed, never deleted (triggers enforce it).
MONEY_TABLES = (
    "allocations",
    "budget_lines",
    "virements",
    "carry_forwards",
    "contract_lines",
    "transactions",
    "contributions",
    "recharges",
    "income_items",
    "forecasts",
    "statement_lines",
)
