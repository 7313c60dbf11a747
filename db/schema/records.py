"""Returns kept as records (issue 22): submissions as sent and when returns are due."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..types import UTCDateTime, utcnow
from .base import Base, Tracked


class ReturnSubmission(Base):
    """A return as it was sent (issue 22): never changed, never deleted (guard triggers).

    ``content`` is the return's figures, table and rows behind them as JSON
    (``Prepared.to_json``); ``workbook`` the bytes of the file sent, ``sha256`` their digest.
    ``seal_entry``/``seal_hash`` are the audit chain's head when it was stored.  A correction is
    a new submission naming the one it ``supersedes``; ``status`` is ``draft`` (kept, not sent)
    or ``submitted``.
    """

    __tablename__ = "return_submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    ret: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    #: the financial year's start (2025 is 2025-26) or None
    year: Mapped[int | None] = mapped_column(Integer)
    as_at: Mapped[date] = mapped_column(Date, nullable=False)
    #: the period covered, as the user named it ("Q1 2025-26")
    period: Mapped[str] = mapped_column(String(100), nullable=False)
    submitted_to: Mapped[str] = mapped_column(String(300), nullable=False)
    submitted_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="submitted", nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    workbook: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    seal_entry: Mapped[int | None] = mapped_column(Integer)
    seal_hash: Mapped[str | None] = mapped_column(String(64))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("return_submissions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    __table_args__ = (
        CheckConstraint("status in ('draft','submitted')", name="status"),
        UniqueConstraint("supersedes_id", name="supersedes_once"),
        Index("ix_return_submissions_ret_stream", "ret", "stream_id"),
    )


class ReturnSchedule(Base, Tracked):
    """When a return is due for a stream: the first due date, then every ``every_months``
    (3 a quarterly board, 12 an annual funder return, 0 once), to whom, warned ``warn_days``
    ahead.  Retired schedules stay as history (``active`` false)."""

    __tablename__ = "return_schedules"
    id: Mapped[int] = mapped_column(primary_key=True)
    ret: Mapped[str] = mapped_column(String(64), nullable=False)
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    first_due: Mapped[date] = mapped_column(Date, nullable=False)
    every_months: Mapped[int] = mapped_column(Integer, nullable=False)
    due_to: Mapped[str] = mapped_column(String(300), nullable=False)
    warn_days: Mapped[int] = mapped_column(Integer, default=14, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    __table_args__ = (
        CheckConstraint("every_months in (0, 1, 3, 6, 12)", name="every_months"),
        CheckConstraint("warn_days between 0 and 365", name="warn_days"),
    )


class EvidenceFile(Base):
    """A file's bytes, stored once by their sha256 (content-addressed): never changed or
    deleted, so a detached attachment's file stays in the ledger's history."""

    __tablename__ = "evidence_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    __table_args__ = (CheckConstraint("size > 0", name="size"),)


#: an attachment is on exactly one thing
ONE_TARGET = (
    " + ".join(
        f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)"
        for c in ("transaction_id", "contract_line_id", "contribution_id", "submission_id")
    )
    + " = 1"
)


class Attachment(Base, Tracked):
    """Evidence attached to one transaction, contract line, contribution or submission.

    ``stream_id`` is the stream of what it is attached to (row-level security on PostgreSQL:
    budget holders see only their streams' attachments).  Detaching keeps the row
    (``detached_*``) and the file; attachments are never deleted."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_files.sha256"), nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"))
    contract_line_id: Mapped[int | None] = mapped_column(ForeignKey("contract_lines.id"))
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("return_submissions.id"))
    note: Mapped[str | None] = mapped_column(Text)
    detached: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    detached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    detached_by: Mapped[str | None] = mapped_column(String(64))
    detach_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        Index("ix_attachments_transaction", "transaction_id"),
        Index("ix_attachments_contract_line", "contract_line_id"),
        Index("ix_attachments_contribution", "contribution_id"),
        Index("ix_attachments_submission", "submission_id"),
        Index("ix_attachments_sha256", "sha256"),
    )
