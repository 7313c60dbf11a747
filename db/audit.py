"""The audit log: every change records who, when, what, old → new and why.

The database writes the entries (:mod:`db.audit_sql`: a trigger on every audited table), in
the same transaction as the change, so raw SQL is audited exactly like the application; the
application only says who is acting and why (:func:`acting`) and adds covering entries for
bulk imports (:func:`note`).  Entries are never updated or deleted and form a hash chain (each
entry's hash covers the previous hash), so ``check`` detects an entry edited, removed or
inserted by hand; the chain's head is the ledger seal (:mod:`db.seal`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, select, text

from .audit_sql import GENESIS, payload
from .types import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .queries.core import Reads
    from .schema import AuditEntry


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


KEYS = ("user", "action", "reason", "batch", "bulk_batch", "bulk_table")


def _statement(
    dialect: str, keys: list[str], values: dict[str, Any]
) -> tuple[str, dict[str, object]]:
    text_of = {k: None if values[k] is None else str(values[k]) for k in keys}
    params: dict[str, object] = dict(text_of)
    if dialect == "postgresql":
        sets = [f"set_config('fundledger.{k}', coalesce(:{k}, ''), true)" for k in keys]
        if values.get("bulk_batch") is not None or values.get("bulk_table") is not None:
            # the row trigger leaves rows to a covering entry only inside a run the login
            # began (migration 0019); the settings alone are anyone's to set
            sets.append("fl_bulk_begin(:bulk_table, CAST(:bulk_batch AS integer))")
    else:
        sets = [f"fl_audit_set('{k}', :{k})" for k in keys]
        params = {k: _sqlite_value(k, v) for k, v in text_of.items()}
    return "select " + ", ".join(sets), params


def _apply(session: Session, values: dict[str, Any]) -> None:
    """Pass the audit context to the database for this transaction (see db.audit_sql)."""
    keys = [k for k in KEYS if k in values]
    sql, params = _statement(session.get_bind().dialect.name, keys, values)
    session.execute(text(sql), params)


def _sqlite_value(key: str, value: str | None) -> object:
    return int(value) if value is not None and key in {"batch", "bulk_batch"} else value


def on_begin(session: Session, _transaction: object, connection: Any) -> None:
    """``after_begin``: pass the session's audit context (``Ledger.write`` puts the acting user
    in it) to the transaction that has just started."""
    values = session.info.get("fl_audit")
    if values:
        keys = [k for k in KEYS if k in values]
        sql, params = _statement(connection.dialect.name, keys, values)
        connection.execute(text(sql), params)


@contextmanager
def acting(
    session: Session,
    user: str | None = None,
    action: str | None = None,
    *,
    reason: str | None = None,
    batch_id: int | None = None,
    bulk_batch: int | None = None,
    bulk_table: str | None = None,
) -> Iterator[None]:
    """Changes made inside are audited by the database's triggers with this user, action,
    reason and batch (rows inserted with ``bulk_batch`` are left to the batch's :func:`note`,
    and inserts into ``bulk_table`` (a :data:`db.audit_sql.BULK_RANGE` table) to a range note).
    The previous context comes back afterwards."""
    before = dict(session.info.get("fl_audit", {}))
    now = {"action": action, "reason": reason, "batch": batch_id, "bulk_batch": bulk_batch,
           "bulk_table": bulk_table}  # fmt: skip
    now["user"] = user or before.get("user")
    session.flush()  # pending changes are audited under the context they were made in
    session.info["fl_audit"] = now
    _apply(session, now)
    try:
        yield
        session.flush()
    except BaseException:
        session.info["fl_audit"] = before
        with suppress(Exception):  # a failed PostgreSQL transaction takes no statement
            _apply(session, {k: before.get(k) for k in KEYS})
        raise
    session.info["fl_audit"] = before
    _apply(session, {k: before.get(k) for k in KEYS})


def note(
    session: Session,
    user: str,
    action: str,
    table: str,
    row_id: object | None,
    new: dict[str, Any],
    *,
    reason: str | None = None,
    batch_id: int | None = None,
) -> None:
    """An entry the application adds itself (a bulk import's covering entry: count and
    control total), appended to the chain by the database and stamped with its login."""
    body = _dump(new)
    rid = None if row_id is None else str(row_id)
    if session.get_bind().dialect.name == "postgresql":
        with acting(session, user):
            session.execute(
                text("select fl_audit_note(:a, :t, :r, :n, :why, :b)"),
                {"a": action, "t": table, "r": rid, "n": body, "why": reason, "b": batch_id},
            )
        return
    from .schema.books import audit_log  # a Core insert: writing an entry defines no mapper

    session.flush()  # pending changes are audited before the entry that follows them
    log = audit_log.c
    prev = session.execute(select(log.hash).order_by(log.id.desc()).limit(1)).scalar_one_or_none()
    at, prev = utcnow(), prev or GENESIS
    fields = [stamp(at), user, None, action, table, rid, None, body, reason, batch_id]
    digest = hashlib.sha256(payload(prev, fields).encode()).hexdigest()  # as hash_v2
    session.execute(text("select fl_audit_set('writing', 1)"))
    try:
        row = {"at": at, "user": user, "login": None, "action": action, "table_name": table,
               "row_id": rid, "old": None, "new": body, "reason": reason, "batch_id": batch_id,
               "prev_hash": prev, "hash": digest}  # fmt: skip
        session.execute(audit_log.insert().values(row))
    finally:
        session.execute(text("select fl_audit_set('writing', NULL)"))


def stamp(at: datetime) -> str:
    """An entry's time as hashed: UTC, microseconds (``2026-12-02T09:20:49.123000``)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def hash_v2(e: AuditEntry) -> str:
    fields = [stamp(e.at), e.user, e.login, e.action, e.table_name, e.row_id, e.old, e.new,
              e.reason, e.batch_id]  # fmt: skip
    return hashlib.sha256(payload(e.prev_hash, fields).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain(session: Reads) -> list[ChainProblem]:
    """Walk the audit log in id order and report every entry whose hash does not fit.

    Reads the table as Core rows (the same columns by name as :class:`AuditEntry`): checking
    the chain defines no ORM mapper (issue 23)."""
    from .schema.books import audit_log

    problems: list[ChainProblem] = []
    prev = GENESIS
    e: Any
    for e in session.execute(select(audit_log).order_by(audit_log.c.id)):
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.id, "previous-hash link broken (entry removed?)"))
        if e.hash not in (hash_v2(e), entry_hash(e.prev_hash, _hash_fields(e))):
            problems.append(ChainProblem(e.id, "contents do not match their hash (edited?)"))
        prev = e.hash
    return problems
