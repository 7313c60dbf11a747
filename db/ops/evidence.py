"""Evidence attached to the ledger (issue 22): invoices, claim forms, board papers.

A file is stored once by its sha256 (``evidence_files``, content-addressed: attaching the same
invoice to two transactions keeps one copy) and attached to exactly one transaction, contract
line, contribution or submission (``attachments``).  Detaching is an audited update that keeps
the attachment row and the file.  Empty and oversized files, and kinds of file that are not
evidence (programs, scripts), are refused with the reason.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import text
from sqlalchemy.orm import Session

from db import audit
from db.ledger import Actor
from db.schema import (
    Attachment,
    ContractLine,
    Contribution,
    EvidenceFile,
    ReturnSubmission,
    Stream,
    Transaction,
)
from db.types import utcnow
from db.writes import LedgerError, insert, update_row

from ._common import load, need_reason
from .permissions import require

__all__ = ["KINDS", "MAX_BYTES", "TARGETS", "Attached", "attach", "detach", "file_problem"]

#: the largest file kept (bytes)
MAX_BYTES = 25 * 1024 * 1024
#: the kinds of file kept as evidence, by extension
KINDS = frozenset({
    ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic",
    ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".docx", ".doc", ".odt", ".rtf",
    ".txt", ".eml", ".msg", ".pptx", ".zip",
})  # fmt: skip
#: what an attachment can be on → (column, table, words)
TARGETS: dict[str, tuple[str, type, str]] = {
    "txn": ("transaction_id", Transaction, "transaction"),
    "contract": ("contract_line_id", ContractLine, "contract line"),
    "contribution": ("contribution_id", Contribution, "contribution"),
    "return": ("submission_id", ReturnSubmission, "submission"),
}


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def file_problem(name: str, size: int) -> str | None:
    """Why a file of ``size`` bytes called ``name`` cannot be attached (None if it can)."""
    ext = PurePath(name).suffix.lower()
    if size == 0:
        return f"{name}: the file is empty (0 bytes); nothing was attached"
    if size > MAX_BYTES:
        return (f"{name}: {_mb(size)} is more than the {_mb(MAX_BYTES)} an attachment may be; "
                "nothing was attached (scan at a lower resolution or split it)")  # fmt: skip
    if ext not in KINDS:
        kinds = ", ".join(sorted(KINDS))
        return (f"{name}: a {ext or 'file without an extension'} file is not kept as evidence "
                f"(PDF, images, workbooks, documents and emails: {kinds}); nothing was attached")  # fmt: skip
    return None


@dataclass(frozen=True, slots=True)
class Attached:
    id: int
    sha256: str
    size: int
    #: the bytes were already in the ledger (another attachment has the same file)
    reused: bool


def _target_stream(session: Session, kind: str, target_id: int) -> tuple[str, int | None]:
    """(column, stream id) of what ``kind`` #``target_id`` names (refused when missing)."""
    if kind not in TARGETS:
        raise LedgerError(f"cannot attach to a {kind!r}: one of {', '.join(TARGETS)}")
    column, cls, words = TARGETS[kind]
    row: object = load(session, cls, target_id, words)
    return column, getattr(row, "stream_id", None)


def _store_file(session: Session, actor: Actor, data: bytes, digest: str) -> bool:
    """Add the bytes unless the ledger has them already; whether they were there.

    On PostgreSQL a file attached only to another stream is hidden from a budget holder by
    row-level security, so ``fl_evidence_stored`` (which sees every file) is asked; writers
    hold the ledger's write lock, so no one stores the same file in between."""
    if session.get_bind().dialect.name == "postgresql":
        stored = session.execute(
            text("select public.fl_evidence_stored(:h)"), {"h": digest}
        ).scalar()
    else:
        stored = session.get(EvidenceFile, digest) is not None
    if stored:
        return True
    # the database's trigger audits it (its sha256 and size; the bytes are left out)
    with audit.acting(session, actor.username, "store_evidence"):
        session.add(EvidenceFile(sha256=digest, size=len(data), content=data,
                                 created_by=actor.username))  # fmt: skip
    return False


def attach(
    session: Session,
    actor: Actor,
    kind: str,
    target_id: int,
    file_name: str,
    data: bytes,
    note: str | None = None,
) -> Attached:
    """Attach ``data`` (a file called ``file_name``) to ``kind`` #``target_id``."""
    column, stream_id = _target_stream(session, kind, target_id)
    code = None if stream_id is None else session.get(Stream, stream_id)
    require(actor, "evidence.attach", None if code is None else code.code)
    name = PurePath(file_name).name.strip()
    problem = file_problem(name or "the file", len(data))
    if problem:
        raise LedgerError(problem)
    digest = hashlib.sha256(data).hexdigest()
    reused = _store_file(session, actor, data, digest)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    row = Attachment(sha256=digest, file_name=name, content_type=content_type, size=len(data),
                     stream_id=stream_id, note=(note or "").strip() or None,
                     **{column: target_id})  # fmt: skip
    insert(session, actor, row, action="attach_evidence", reason=row.note)
    return Attached(row.id, digest, len(data), reused)


def detach(session: Session, actor: Actor, attachment_id: int, reason: str | None) -> None:
    """Detach (the row and the file stay, as history); a reason is required."""
    row = load(session, Attachment, attachment_id, "attachment")
    stream = None if row.stream_id is None else session.get(Stream, row.stream_id)
    require(actor, "evidence.attach", None if stream is None else stream.code)
    why = need_reason(reason, "detach evidence")
    if row.detached:
        raise LedgerError(f"attachment #{attachment_id} ({row.file_name}) was already detached "
                          f"by {row.detached_by} on {row.detached_at:%d/%m/%Y}")  # fmt: skip
    update_row(session, actor, row, {"detached": True, "detached_at": utcnow(),
                                     "detached_by": actor.username, "detach_reason": why},
               action="detach_evidence", reason=why)  # fmt: skip
