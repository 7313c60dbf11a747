"""The audit page's check: does the hash chain still hold (no entry edited, removed or
inserted outside the app)?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.audit import ChainProblem, verify_chain
from db.ledger import Ledger
from db.schema import AuditEntry

__all__ = ["AuditLine", "ChainProblem", "entries", "seal", "verify"]


def verify(ledger: Ledger) -> list[ChainProblem]:
    """Every break in the audit log's hash chain (empty when it holds)."""
    with ledger.read() as s:
        return verify_chain(s)


def seal(ledger: Ledger) -> str:
    """The ledger's seal now ("Ledger seal #614 9ae7b0206915155f"): the audit chain's head,
    which `fundledger check --seal` later proves is still in the chain."""
    from db.seal import current_seal

    with ledger.read() as s:
        return str(current_seal(s))


@dataclass(frozen=True, slots=True)
class AuditLine:
    id: int
    at: datetime
    user: str
    action: str
    table: str
    row: str | None
    old: str | None
    new: str | None
    reason: str | None


def entries(
    ledger: Ledger,
    *,
    table: str | None = None,
    row: str | None = None,
    user: str | None = None,
    limit: int = 100,
) -> list[AuditLine]:
    """Audit entries, newest first, filtered by table, row and user."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if table:
        q = q.where(AuditEntry.table_name == table)
    if row:
        q = q.where(AuditEntry.row_id == row)
    if user:
        q = q.where(AuditEntry.user == user)
    with ledger.read() as s:
        return [AuditLine(a.id, a.at, a.user, a.action, a.table_name, a.row_id, a.old, a.new,
                          a.reason) for a in s.execute(q).scalars()]  # fmt: skip
