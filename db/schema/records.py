"""Returns kept as records (issue 22): submissions as sent and when returns are due.

Core tables (the schema itself); the mapped classes over them are in
``db.schema.mapped.records``.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ..types import UTCDateTime, utcnow
from .base import metadata, tracked

return_submissions = Table(
    "return_submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ret", String(64), nullable=False),
    Column("title", String(300), nullable=False),
    Column("stream_id", Integer, ForeignKey("streams.id")),
    #: the financial year's start (2025 is 2025-26) or None
    Column("year", Integer),
    Column("as_at", Date, nullable=False),
    #: the period covered, as the user named it ("Q1 2025-26")
    Column("period", String(100), nullable=False),
    Column("submitted_to", String(300), nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("status", String(16), default="submitted", nullable=False),
    Column("note", Text),
    Column("content", Text, nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("workbook", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("seal_entry", Integer),
    Column("seal_hash", String(64)),
    Column("supersedes_id", Integer, ForeignKey("return_submissions.id")),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    Column("created_by", String(64), nullable=False),
    CheckConstraint("status in ('draft','submitted')", name="status"),
    UniqueConstraint("supersedes_id", name="supersedes_once"),
    Index("ix_return_submissions_ret_stream", "ret", "stream_id"),
)


return_schedules = Table(
    "return_schedules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ret", String(64), nullable=False),
    Column("stream_id", Integer, ForeignKey("streams.id")),
    Column("first_due", Date, nullable=False),
    Column("every_months", Integer, nullable=False),
    Column("due_to", String(300), nullable=False),
    Column("warn_days", Integer, default=14, nullable=False),
    Column("active", Boolean, default=True, nullable=False),
    *tracked(),
    CheckConstraint("every_months in (0, 1, 3, 6, 12)", name="every_months"),
    CheckConstraint("warn_days between 0 and 365", name="warn_days"),
)


evidence_files = Table(
    "evidence_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    Column("created_by", String(64), nullable=False),
    CheckConstraint("size > 0", name="size"),
)


#: an attachment is on exactly one thing
ONE_TARGET = (
    " + ".join(
        f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)"
        for c in ("transaction_id", "contract_line_id", "contribution_id", "submission_id")
    )
    + " = 1"
)


attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("evidence_files.sha256"), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("stream_id", Integer, ForeignKey("streams.id")),
    Column("transaction_id", Integer, ForeignKey("transactions.id")),
    Column("contract_line_id", Integer, ForeignKey("contract_lines.id")),
    Column("contribution_id", Integer, ForeignKey("contributions.id")),
    Column("submission_id", Integer, ForeignKey("return_submissions.id")),
    Column("note", Text),
    Column("detached", Boolean, default=False, nullable=False),
    Column("detached_at", UTCDateTime),
    Column("detached_by", String(64)),
    Column("detach_reason", Text),
    *tracked(),
    CheckConstraint(ONE_TARGET, name="one_target"),
    Index("ix_attachments_transaction", "transaction_id"),
    Index("ix_attachments_contract_line", "contract_line_id"),
    Index("ix_attachments_contribution", "contribution_id"),
    Index("ix_attachments_submission", "submission_id"),
    Index("ix_attachments_sha256", "sha256"),
)
