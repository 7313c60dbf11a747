"""The mapped classes over the books tables (``db.schema.books``): the ORM for writes."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import date, datetime

from sqlalchemy.orm import Mapped

from fundledger.money import Money

from ..books import (
    audit_log,
    import_batches,
    import_profiles,
    period_locks,
    recon_explanations,
    recon_matches,
    recon_signoffs,
    statement_lines,
)
from .base import Base, Tracked


class ImportBatch(Base, Tracked):
    __tablename__ = "import_batches"
    __table__ = import_batches
    id: Mapped[int]
    kind: Mapped[str]
    file_name: Mapped[str]
    sha256: Mapped[str]
    sheet: Mapped[str | None]
    profile: Mapped[str | None]
    stream_id: Mapped[int | None]
    year: Mapped[int | None]
    rows: Mapped[int]
    duplicates: Mapped[int]
    control_total: Mapped[Money]
    as_at: Mapped[date | None]
    status: Mapped[str]
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str | None]
    undo_reason: Mapped[str | None]


class ImportProfile(Base, Tracked):
    """A saved column mapping for a source layout."""

    __tablename__ = "import_profiles"
    __table__ = import_profiles
    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    mapping: Mapped[str]


class StatementLine(Base, Tracked):
    """A line of an imported general-ledger listing, kept for reconciliation (not spend)."""

    __tablename__ = "statement_lines"
    __table__ = statement_lines
    id: Mapped[int]
    batch_id: Mapped[int]
    stream_id: Mapped[int]
    cost_centre: Mapped[str]
    account: Mapped[str | None]
    posted_on: Mapped[date]
    year: Mapped[int]
    period: Mapped[int]
    amount: Mapped[Money]
    reference: Mapped[str | None]
    supplier: Mapped[str | None]
    description: Mapped[str | None]
    fingerprint: Mapped[str]


class ReconMatch(Base, Tracked):
    """A match between statement line(s) and ledger transaction(s); one group per match."""

    __tablename__ = "recon_matches"
    __table__ = recon_matches
    id: Mapped[int]
    group_id: Mapped[int]
    statement_line_id: Mapped[int | None]
    transaction_id: Mapped[int | None]
    score: Mapped[int]
    method: Mapped[str]
    status: Mapped[str]


class ReconSignoff(Base, Tracked):
    """A stream's reconciliation signed off for one period; reopened ones stay as history."""

    __tablename__ = "recon_signoffs"
    __table__ = recon_signoffs
    id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    period: Mapped[int]
    difference: Mapped[Money]
    explanation: Mapped[str | None]
    signed_by: Mapped[str]
    signed_at: Mapped[datetime]
    statement: Mapped[str | None]
    cumulative: Mapped[Money | None]
    unexplained: Mapped[Money | None]
    active: Mapped[bool]
    reopened_by: Mapped[str | None]
    reopened_at: Mapped[datetime | None]
    reopen_reason: Mapped[str | None]


class ReconExplanation(Base, Tracked):
    """Why an unmatched item is unmatched (timing, journal, duplicate payment, miscoding…)."""

    __tablename__ = "recon_explanations"
    __table__ = recon_explanations
    id: Mapped[int]
    statement_line_id: Mapped[int | None]
    transaction_id: Mapped[int | None]
    category: Mapped[str]
    text: Mapped[str | None]


class PeriodLock(Base, Tracked):
    """A closed period (``period`` 1–12) or whole year (``period`` NULL), for one stream or all."""

    __tablename__ = "period_locks"
    __table__ = period_locks
    id: Mapped[int]
    stream_id: Mapped[int | None]
    year: Mapped[int]
    period: Mapped[int | None]
    reason: Mapped[str | None]
    active: Mapped[bool]
    reopened_by: Mapped[str | None]
    reopened_at: Mapped[datetime | None]
    reopen_reason: Mapped[str | None]


class AuditEntry(Base):
    """Append-only, hash-chained record of every change: who, when, what, old → new, why."""

    __tablename__ = "audit_log"
    __table__ = audit_log
    id: Mapped[int]
    at: Mapped[datetime]
    user: Mapped[str]
    login: Mapped[str | None]
    action: Mapped[str]
    table_name: Mapped[str]
    row_id: Mapped[str | None]
    old: Mapped[str | None]
    new: Mapped[str | None]
    reason: Mapped[str | None]
    batch_id: Mapped[int | None]
    prev_hash: Mapped[str]
    hash: Mapped[str]
