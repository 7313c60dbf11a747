"""Read queries for evidence (issue 22): attachments by what they are on, by stream, or those
behind a submission's rows, and a file's bytes.  On PostgreSQL row-level security leaves a
budget holder only their own streams' attachments and files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from db.schema import Attachment, EvidenceFile, Stream

__all__ = ["AttachmentRow", "attachments", "file_bytes"]


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    sha256: str
    file_name: str
    content_type: str
    size: int
    stream: str | None
    #: txn | contract | contribution | return
    kind: str
    target_id: int
    note: str | None
    created_at: datetime
    created_by: str
    detached: bool
    detached_at: datetime | None
    detached_by: str | None
    detach_reason: str | None

    @property
    def on(self) -> str:
        words = {"txn": "transaction", "contract": "contract line", "contribution":
                 "contribution", "return": "submission"}  # fmt: skip
        return f"{words[self.kind]} #{self.target_id}"


_COLUMNS = {
    "txn": Attachment.transaction_id,
    "contract": Attachment.contract_line_id,
    "contribution": Attachment.contribution_id,
    "return": Attachment.submission_id,
}


def _row(a: Attachment, code: str | None) -> AttachmentRow:
    kind, target = next((k, getattr(a, c.key)) for k, c in _COLUMNS.items()
                        if getattr(a, c.key) is not None)  # fmt: skip
    return AttachmentRow(a.id, a.sha256, a.file_name, a.content_type, a.size, code, kind, target,
                         a.note, a.created_at, a.created_by, a.detached, a.detached_at,
                         a.detached_by, a.detach_reason)  # fmt: skip


def attachments(
    session: Session,
    *,
    on: Iterable[tuple[str, int]] = (),
    stream: str | None = None,
    ids: Iterable[int] = (),
    detached: bool = False,
) -> list[AttachmentRow]:
    """Attachments on any of ``on`` ((kind, id) pairs), of ``stream``, or with ``ids`` (all
    when none is given); detached ones only when ``detached``."""
    where: list[ColumnElement[bool]] = []
    pairs = list(on)
    if pairs:
        where.append(or_(*(_COLUMNS[k] == i for k, i in pairs)))
    wanted = list(ids)
    if wanted:
        where.append(Attachment.id.in_(wanted))
    if stream is not None:
        where.append(Stream.code == stream)
    if not detached:
        where.append(Attachment.detached.is_(False))
    rows = session.execute(
        select(Attachment, Stream.code)
        .outerjoin(Stream, Stream.id == Attachment.stream_id)
        .where(*where)
        .order_by(Attachment.id)
    ).all()
    return [_row(a, code) for a, code in rows]


def file_bytes(session: Session, sha256: str) -> bytes | None:
    """A file's bytes (None when missing or not visible to the reader)."""
    data = session.execute(
        select(EvidenceFile.content).where(EvidenceFile.sha256 == sha256)
    ).scalar_one_or_none()
    return None if data is None else bytes(data)
