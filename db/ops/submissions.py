"""Returns as records (issue 22): store a return as it was sent, and when returns are due.

A submission keeps the return's figures, table and the rows behind them as JSON, the workbook's
bytes with their sha256, who stored it and when, to whom it went, the period it covers, a note,
and the audit chain's head at that moment (the ledger seal).  It is never changed: a correction
is a new submission that names the one it supersedes (which then shows as superseded).  Every
write is one transaction with its audit entry (the entry carries the digest, not the bytes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db import audit
from db.ledger import Actor
from db.schema import ReturnSchedule, ReturnSubmission, Stream
from db.seal import Seal, current_seal
from db.writes import LedgerError, insert, update_row
from fundledger.due import EVERY as DUE_EVERY

from ._common import load, refuse
from .permissions import require

__all__ = [
    "EVERY",
    "MAX_WORKBOOK",
    "Seal",
    "ledger_seal",
    "retire_schedule",
    "schedule_return",
    "store_submission",
]

#: the largest workbook a submission keeps (bytes)
MAX_WORKBOOK = 50 * 1024 * 1024
#: repeat → months between due dates (fundledger.due)
EVERY = DUE_EVERY


def ledger_seal(session: Session) -> Seal | None:
    """The ledger seal now (:func:`db.seal.current_seal`; None on an empty audit log).

    On PostgreSQL a budget holder sees only her streams' audit entries, so the chain's head
    may be hidden from her: its hash is read through ``fl_audit_head()`` (which sees past the
    caller's scope) and the entry's number is left out (0) when she cannot see it."""
    seal = current_seal(session)
    if session.get_bind().dialect.name == "postgresql":
        head = session.execute(text("select public.fl_audit_head()")).scalar_one_or_none()
        if head and head != seal.hash:
            return Seal(0, str(head))
    return None if seal.entry == 0 else seal


@dataclass(frozen=True, slots=True)
class SubmissionInput:
    """What the user says about a return they send (the figures come from ``content``)."""

    ret: str
    title: str
    stream_id: int | None
    year: int | None
    as_at: date
    period: str
    submitted_to: str
    submitted_on: date
    note: str | None
    content: str
    file_name: str
    workbook: bytes
    supersedes_id: int | None = None
    draft: bool = False


def _stream_code(session: Session, stream_id: int | None) -> str | None:
    if stream_id is None:
        return None
    stream = session.get(Stream, stream_id)
    if stream is None:
        raise LedgerError(f"stream #{stream_id} does not exist")
    return stream.code


def _problems(session: Session, data: SubmissionInput, today: date) -> list[str | None]:
    out: list[str | None] = []
    if not data.submitted_to.strip():
        out.append("say to whom the return was sent (e.g. the partnership board)")
    if not data.period.strip():
        out.append("say which period the return covers")
    if not data.workbook:
        out.append(f"{data.file_name}: the workbook is empty")
    elif len(data.workbook) > MAX_WORKBOOK:
        out.append(f"{data.file_name}: {len(data.workbook):,} bytes is more than the "
                   f"{MAX_WORKBOOK // (1024 * 1024)} MB a submission keeps")  # fmt: skip
    if data.submitted_on > today:
        out.append(f"the submission date {data.submitted_on:%d/%m/%Y} is in the future")
    if data.supersedes_id is not None:
        out.append(_supersede_problem(session, data))
    return out


def _supersede_problem(session: Session, data: SubmissionInput) -> str | None:
    old = session.get(ReturnSubmission, data.supersedes_id)
    if old is None:
        return f"submission #{data.supersedes_id} does not exist"
    if old.ret != data.ret or old.stream_id != data.stream_id:
        return (f"submission #{old.id} is the {old.ret} return"
                f"{'' if old.stream_id is None else ' for another stream'}; a correction "
                f"supersedes a submission of the same return and stream")  # fmt: skip
    later = session.execute(
        select(ReturnSubmission.id).where(ReturnSubmission.supersedes_id == old.id)
    ).scalar_one_or_none()
    if later is not None:
        return f"submission #{old.id} is already superseded by #{later}; supersede #{later}"
    return None


def store_submission(session: Session, actor: Actor, data: SubmissionInput, today: date) -> int:
    """Keep a return as sent; its id.  Budget holders submit only their streams' returns;
    ``today`` (the council's) bounds the submission date."""
    code = _stream_code(session, data.stream_id)
    require(actor, "return.submit", code)
    refuse(_problems(session, data, today))
    seal = ledger_seal(session)
    digest = hashlib.sha256(data.workbook).hexdigest()
    row = ReturnSubmission(
        ret=data.ret, title=data.title, stream_id=data.stream_id, year=data.year,
        as_at=data.as_at, period=data.period.strip(), submitted_to=data.submitted_to.strip(),
        submitted_on=data.submitted_on, status="draft" if data.draft else "submitted",
        note=(data.note or "").strip() or None, content=data.content, file_name=data.file_name,
        workbook=data.workbook, sha256=digest, size=len(data.workbook),
        seal_entry=None if seal is None or seal.entry == 0 else seal.entry,
        seal_hash=None if seal is None else seal.hash, supersedes_id=data.supersedes_id,
        created_by=actor.username,
    )  # fmt: skip
    # the database's trigger audits it, leaving out the file and its JSON (db.audit_sql)
    with audit.acting(session, actor.username, "submit_return", reason=row.note):
        session.add(row)
    return row.id


def schedule_return(
    session: Session,
    actor: Actor,
    ret: str,
    stream_id: int | None,
    first_due: date,
    every: str,
    due_to: str,
    warn_days: int = 14,
) -> int:
    """Record when a return is due for a stream (first due date, then every month, quarter,
    half-year or year, or once)."""
    require(actor, "return.schedule", _stream_code(session, stream_id))
    refuse([
        None if every in EVERY else f"every: {every!r} is not one of {', '.join(EVERY)}",
        None if due_to.strip() else "say to whom the return is due (e.g. the partnership board)",
        None if 0 <= warn_days <= 365 else f"warn: {warn_days} days is not between 0 and 365",
    ])  # fmt: skip
    row = ReturnSchedule(ret=ret, stream_id=stream_id, first_due=first_due,
                         every_months=EVERY[every], due_to=due_to.strip(), warn_days=warn_days)  # fmt: skip
    insert(session, actor, row, action="schedule_return")
    return row.id


def retire_schedule(session: Session, actor: Actor, schedule_id: int, reason: str | None) -> None:
    """Stop reminding of a schedule (kept as history)."""
    row = load(session, ReturnSchedule, schedule_id, "schedule")
    require(actor, "return.schedule", _stream_code(session, row.stream_id))
    if not row.active:
        raise LedgerError(f"schedule #{schedule_id} is already retired")
    update_row(session, actor, row, {"active": False}, action="retire_schedule", reason=reason)
