"""The audit log: every change records who, when, what, old → new and why.

Entries are written in the same transaction as the change, are never updated or deleted, and
form a hash chain (each entry's hash covers the previous hash), so ``check`` detects an entry
edited, removed or inserted by hand in the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from .engine import PG_WRITE_LOCK
from .schema import AuditEntry
from .types import utcnow

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """A JSON-safe form of a column value (Decimal → "1.23", date → ISO)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):  # e.g. a forecast's phasing by period
        return [jsonable(v) for v in value]
    return value


def row_dict(obj: Any) -> dict[str, Any]:
    """The mapped columns of an ORM object as a JSON-safe dict."""
    mapper = inspect(obj).mapper
    return {a.key: jsonable(getattr(obj, a.key)) for a in mapper.column_attrs}


def _dump(d: dict[str, Any] | None) -> str | None:
    return None if d is None else json.dumps(d, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _hash_fields(e: AuditEntry) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "user": e.user,
        "action": e.action,
        "table": e.table_name,
        "row": e.row_id,
        "old": e.old,
        "new": e.new,
        "reason": e.reason,
        "batch": e.batch_id,
    }


def _last_hash(session: Session) -> str:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # serialise chain appends across concurrent writers; the head as the owner sees it
        # (row-level security scopes a budget holder's reads of the log: migration 0013)
        session.execute(text(PG_WRITE_LOCK))
        return session.execute(text("select public.fl_audit_head()")).scalar_one() or GENESIS
    last = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS


def record(
    session: Session,
    user: str,
    action: str,
    table: str,
    row_id: object | None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    *,
    reason: str | None = None,
    batch_id: int | None = None,
) -> AuditEntry:
    """Append one audit entry in the caller's transaction."""
    entry = AuditEntry(
        at=utcnow(),
        user=user,
        action=action,
        table_name=table,
        row_id=None if row_id is None else str(row_id),
        old=_dump(old),
        new=_dump(new),
        reason=reason,
        batch_id=batch_id,
    )
    entry.prev_hash = _last_hash(session)
    entry.hash = entry_hash(entry.prev_hash, _hash_fields(entry))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the audit log in id order and report every entry whose hash does not fit."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.id, "previous-hash link broken (entry removed?)"))
        if entry_hash(e.prev_hash, _hash_fields(e)) != e.hash:
            problems.append(ChainProblem(e.id, "contents do not match their hash (edited?)"))
        prev = e.hash
    return problems
