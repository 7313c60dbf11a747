"""The audit page's check: does the hash chain still hold (no entry edited, removed or
inserted outside the app)?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from db.audit import ChainProblem, verify_chain
from db.ledger import Ledger
from db.queries.core import core
from db.schema.books import audit_log

__all__ = [
    "AuditLine",
    "AuditRow",
    "ChainProblem",
    "audit_mark",
    "audit_since",
    "entries",
    "seal",
    "verify",
]


def verify(ledger: Ledger) -> list[ChainProblem]:
    """Every break in the audit log's hash chain (empty when it holds)."""
    with ledger.read_core() as s:
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
    log = core(audit_log)  # Core: listing defines no ORM mapper (issue 23)
    q = select(audit_log).order_by(log.id.desc()).limit(limit)
    if table:
        q = q.where(log.table_name == table)
    if row:
        q = q.where(log.row_id == row)
    if user:
        q = q.where(log.user == user)
    with ledger.read_core() as s:
        return [AuditLine(a.id, a.at, a.user, a.action, a.table_name, a.row_id, a.old, a.new,
                          a.reason) for a in s.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    action: str
    table: str
    row: str | None
    reason: str | None


def audit_mark(ledger: Ledger) -> int:
    """The last audit entry's id now (what a write adds comes after it)."""
    log = core(audit_log)
    with ledger.read_core() as s:
        return int(s.execute(select(func.max(log.id))).scalar() or 0)


def audit_since(ledger: Ledger, mark: int) -> list[AuditRow]:
    """The audit entries the acting user wrote after ``mark``, oldest first."""
    log = core(audit_log)
    with ledger.read_core() as s:
        q = (
            select(audit_log)
            .where(log.id > mark, log.user == ledger.actor.username)
            .order_by(log.id)
        )
        return [AuditRow(a.id, a.action, a.table_name, a.row_id, a.reason)
                for a in s.execute(q)]  # fmt: skip
