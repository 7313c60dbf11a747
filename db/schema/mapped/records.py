"""The mapped classes over the records tables (``db.schema.records``): the ORM for writes."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import date, datetime

from sqlalchemy.orm import Mapped

from ..records import attachments, evidence_files, return_schedules, return_submissions
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
    __table__ = return_submissions
    id: Mapped[int]
    ret: Mapped[str]
    title: Mapped[str]
    stream_id: Mapped[int | None]
    year: Mapped[int | None]
    as_at: Mapped[date]
    period: Mapped[str]
    submitted_to: Mapped[str]
    submitted_on: Mapped[date]
    status: Mapped[str]
    note: Mapped[str | None]
    content: Mapped[str]
    file_name: Mapped[str]
    workbook: Mapped[bytes]
    sha256: Mapped[str]
    size: Mapped[int]
    seal_entry: Mapped[int | None]
    seal_hash: Mapped[str | None]
    supersedes_id: Mapped[int | None]
    created_at: Mapped[datetime]
    created_by: Mapped[str]


class ReturnSchedule(Base, Tracked):
    """When a return is due for a stream: the first due date, then every ``every_months``
    (3 a quarterly board, 12 an annual funder return, 0 once), to whom, warned ``warn_days``
    ahead.  Retired schedules stay as history (``active`` false)."""

    __tablename__ = "return_schedules"
    __table__ = return_schedules
    id: Mapped[int]
    ret: Mapped[str]
    stream_id: Mapped[int | None]
    first_due: Mapped[date]
    every_months: Mapped[int]
    due_to: Mapped[str]
    warn_days: Mapped[int]
    active: Mapped[bool]


class EvidenceFile(Base):
    """A file's bytes, stored once by their sha256 (content-addressed): never changed or
    deleted, so a detached attachment's file stays in the ledger's history."""

    __tablename__ = "evidence_files"
    __table__ = evidence_files
    sha256: Mapped[str]
    size: Mapped[int]
    content: Mapped[bytes]
    created_at: Mapped[datetime]
    created_by: Mapped[str]


class Attachment(Base, Tracked):
    """Evidence attached to one transaction, contract line, contribution or submission.

    ``stream_id`` is the stream of what it is attached to (row-level security on PostgreSQL:
    budget holders see only their streams' attachments).  Detaching keeps the row
    (``detached_*``) and the file; attachments are never deleted."""

    __tablename__ = "attachments"
    __table__ = attachments
    id: Mapped[int]
    sha256: Mapped[str]
    file_name: Mapped[str]
    content_type: Mapped[str]
    size: Mapped[int]
    stream_id: Mapped[int | None]
    transaction_id: Mapped[int | None]
    contract_line_id: Mapped[int | None]
    contribution_id: Mapped[int | None]
    submission_id: Mapped[int | None]
    note: Mapped[str | None]
    detached: Mapped[bool]
    detached_at: Mapped[datetime | None]
    detached_by: Mapped[str | None]
    detach_reason: Mapped[str | None]
