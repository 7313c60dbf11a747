"""Read queries for returns kept as records (issue 22): the register of submissions, one
submission with its workbook, the schedules of returns due, and the audit entries that changed
ledger rows since a moment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, select

from db.queries.core import core
from db.schema.books import audit_log
from db.schema.records import return_schedules, return_submissions
from db.schema.reference import streams

if TYPE_CHECKING:
    from db.queries.core import Reads

# Core, over the tables (db.queries.core): the Overview's "returns due" needs no ORM mapper
AuditEntry = core(audit_log)
ReturnSchedule = core(return_schedules)
ReturnSubmission = core(return_submissions)
Stream = core(streams)

__all__ = ["AuditNote", "Schedule", "Submission", "SubmissionFile", "audit_since", "schedules",
           "submission", "submissions"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Submission:
    """One row of the returns register (no workbook bytes)."""

    id: int
    ret: str
    title: str
    stream: str | None
    year: int | None
    as_at: date
    period: str
    submitted_to: str
    submitted_on: date
    #: draft | submitted | superseded
    status: str
    note: str | None
    file_name: str
    sha256: str
    size: int
    seal_entry: int | None
    seal_hash: str | None
    supersedes: int | None
    superseded_by: int | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class SubmissionFile:
    """A submission with what it kept: the return as JSON and the workbook's bytes."""

    row: Submission
    content: str
    workbook: bytes


def _query(where: Iterable[ColumnElement[bool]] = ()):  # type: ignore[no-untyped-def]
    later = core(return_submissions, "later")
    s = ReturnSubmission
    return (
        select(s.id, s.ret, s.title, Stream.code, s.year, s.as_at, s.period, s.submitted_to,
               s.submitted_on, s.status, s.note, s.file_name, s.sha256, s.size, s.seal_entry,
               s.seal_hash, s.supersedes_id, later.id, s.created_at, s.created_by)
        .outerjoin(Stream, Stream.id == s.stream_id)
        .outerjoin(later, later.supersedes_id == s.id)
        .where(*where)
    )  # fmt: skip


def _row(r: tuple[object, ...]) -> Submission:
    values = list(r)
    if values[17] is not None:
        values[9] = "superseded"
    return Submission(*values)  # type: ignore[arg-type]


def submissions(
    session: Reads, *, stream: str | None = None, ret: str | None = None
) -> list[Submission]:
    """The register, newest first (``stream`` a code, ``ret`` a return name)."""
    where: list[ColumnElement[bool]] = []
    if stream is not None:
        where.append(Stream.code == stream)
    if ret is not None:
        where.append(ReturnSubmission.ret == ret)
    rows = session.execute(
        _query(where).order_by(ReturnSubmission.submitted_on.desc(), ReturnSubmission.id.desc())
    ).all()
    return [_row(tuple(r)) for r in rows]


def submission(session: Reads, submission_id: int) -> SubmissionFile | None:
    """One submission with its content and workbook, or None."""
    r = session.execute(_query([ReturnSubmission.id == submission_id])).first()
    if r is None:
        return None
    content, workbook = session.execute(
        select(ReturnSubmission.content, ReturnSubmission.workbook).where(
            ReturnSubmission.id == submission_id
        )
    ).one()
    return SubmissionFile(_row(tuple(r)), content, bytes(workbook))


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    ret: str
    stream: str | None
    first_due: date
    every_months: int
    due_to: str
    warn_days: int


def schedules(session: Reads) -> list[Schedule]:
    """Active schedules, by stream and return."""
    s = ReturnSchedule
    rows = session.execute(
        select(s.id, s.ret, Stream.code, s.first_due, s.every_months, s.due_to, s.warn_days)
        .outerjoin(Stream, Stream.id == s.stream_id)
        .where(s.active.is_(True))
        .order_by(Stream.code, s.ret, s.id)
    ).all()
    return [Schedule(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class AuditNote:
    entry: int
    at: datetime
    user: str
    action: str
    reason: str | None

    @property
    def text(self) -> str:
        why = f": {self.reason}" if self.reason else ""
        return f"#{self.entry} {self.at:%d/%m/%Y %H:%M} {self.user} {self.action}{why}"


def audit_since(
    session: Reads, rows: Iterable[tuple[str, str]], since: datetime | None
) -> dict[tuple[str, str], list[AuditNote]]:
    """The audit entries of each (table, row id) after ``since`` (all when None)."""
    wanted = set(rows)
    if not wanted:
        return {}
    out: dict[tuple[str, str], list[AuditNote]] = {}
    tables = {t for t, _ in wanted}
    ids = {i for _, i in wanted}
    q = select(AuditEntry.table_name, AuditEntry.row_id, AuditEntry.id, AuditEntry.at,
               AuditEntry.user, AuditEntry.action, AuditEntry.reason).where(
        AuditEntry.table_name.in_(tables), AuditEntry.row_id.in_(ids))  # fmt: skip
    if since is not None:
        q = q.where(AuditEntry.at > since)
    for table, row_id, entry, at, user, action, reason in session.execute(
        q.order_by(AuditEntry.id)
    ).all():
        key = (table, row_id or "")
        if key in wanted:
            out.setdefault(key, []).append(AuditNote(entry, at, user, action, reason))
    return out
