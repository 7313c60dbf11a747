"""Storing an auto-match run: its new groups in one set-based insert and one covering audit
entry (:mod:`db.audit_range`), instead of one row write and one audit entry per match.

On SQLite the rows travel as one JSON array that ``json_each`` unpacks inside the ``INSERT …
SELECT`` (no Python step per row to bind; ~80k rows of a 100k × 100k reconciliation); the
stored values are the ones :func:`db.ops.imports.bulk_insert` writes (integers, the method and
status text, version 1, the creation stamp and user).  Other backends use ``bulk_insert``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from itertools import zip_longest

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit, audit_range
from db.ledger import Actor
from db.schema.books import recon_matches
from db.types import utcnow
from fundledger.reconcile import Match

__all__ = ["MATCH_COLUMNS", "store_matches"]

#: the columns an auto-match run writes (then version, created_at, created_by)
MATCH_COLUMNS = ("group_id", "transaction_id", "statement_line_id", "score", "method", "status")
_TABLE = recon_matches.name
#: a run storing this many rows or more drops the per-row insert audit trigger meanwhile
#: (SQLite; inside the transaction, put back before it ends).  Dropping and re-creating it
#: costs ≈10 ms and saves ≈1.5 µs a row, so a smaller run (7,916 rows of the 10k bench ledger
#: were slower with it) leaves the schema alone, which other connections would read again
SUSPEND_AT = 20_000
#: JSON functions (json_each, json_extract) are built into SQLite from 3.38
_JSON_SQLITE = sqlite3.sqlite_version_info >= (3, 38)
_INSERT_JSON = (
    f"INSERT INTO {_TABLE} ({', '.join(MATCH_COLUMNS)}, version, created_at, created_by) "
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), "
    "json_extract(value, '$[5]'), 1, ?, ? FROM json_each(?) ORDER BY key"
)


def store_matches(
    session: Session, actor: Actor, matches: Sequence[Match], where: str
) -> list[Match]:
    """Store ``matches`` as new groups (one insert, one audit entry naming ``where``); them
    with their group ids."""
    if not matches:
        return []
    first = gid = _next_group(session)
    rows: list[tuple[object, ...]] = []
    stored: list[Match] = []
    for m in matches:
        if len(m.ledger_ids) == 1 and len(m.statement_ids) == 1:
            rows.append((gid, m.ledger_ids[0], m.statement_ids[0], m.score, m.method, m.status))
        else:
            for lid, sid in zip_longest(m.ledger_ids, m.statement_ids):
                rows.append((gid, lid, sid, m.score, m.method, m.status))
        stored.append(Match(m.ledger_ids, m.statement_ids, m.score, m.method, m.status, gid))
        gid += 1
    why = f"automatic matching ({where}), groups {first}-{gid - 1}"
    # one audit entry covers the run's rows (db.audit_range; the row trigger leaves them)
    with audit.acting(session, actor.username, "reconcile.auto", reason=why, bulk_table=_TABLE):
        _insert(session, actor, rows)
    audit_range.record(session, actor.username, "reconcile.auto", _TABLE,
                       _with_ids(session, rows, first, gid - 1), reason=why)  # fmt: skip
    return stored


def _next_group(session: Session) -> int:
    q = select(func.coalesce(func.max(recon_matches.c.group_id), 0))
    return int(session.execute(q).scalar_one()) + 1


def _insert(session: Session, actor: Actor, rows: list[tuple[object, ...]]) -> None:
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite" or not _JSON_SQLITE:
        from db.ops.imports import bulk_insert
        from db.schema import ReconMatch

        bulk_insert(session, ReconMatch, MATCH_COLUMNS, rows, actor)
        return
    stamp = recon_matches.c.created_at.type._cached_bind_processor(dialect)
    at = stamp(utcnow()) if stamp is not None else utcnow()
    payload = json.dumps(rows, separators=(",", ":"))
    ddl: list[str] = []
    if len(rows) >= SUSPEND_AT:
        from db.ops.imports import restore_indexes, suspend_row_audit

        # the run's covering entry audits these rows; the row trigger would leave each of them
        # only after calling back into Python to ask (db.ops.imports.suspend_row_audit)
        ddl = suspend_row_audit(session, recon_matches)
    conn.exec_driver_sql(_INSERT_JSON, (at, actor.username, payload))
    if ddl:
        restore_indexes(session, ddl)


def _with_ids(
    session: Session, rows: list[tuple[object, ...]], first: int, last: int
) -> list[tuple[object, ...]]:
    """The rows just stored as groups ``first``–``last``, with their ids, in id order (the
    columns of :data:`db.audit_range.COLUMNS`)."""
    c = recon_matches.c
    lo, hi, n = session.execute(
        select(func.min(c.id), func.max(c.id), func.count()).where(c.group_id.between(first, last))
    ).one()
    if n == len(rows) and hi - lo + 1 == n:  # one run of ids, in insertion order
        return [(lo + k, g, t, s, score, method) for k, (g, t, s, score, method, _) in
                enumerate(rows)]  # fmt: skip
    return audit_range.read_rows(session, _TABLE, int(lo), int(hi))
