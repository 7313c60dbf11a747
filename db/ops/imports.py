"""Import writes: the batch record, bulk row inserts, saved profiles, and undoing a batch.

Auditing an import: the batch row is inserted under :func:`db.audit.acting` (a Core insert:
the import defines no ORM mapper), so the audit log gets **one entry per batch** holding the
file name, sha256, sheet, profile, row count, duplicates and control total; the rows
themselves are bulk-inserted (integer pence, one ``executemany`` per table) and each carries
``batch_id``, which ties it to that entry.  Per-row audit entries would make a 100k-row import
an order of magnitude slower.  ``check`` treats a row whose batch has an import audit entry as
audited.

Undoing a batch (one audited action, refused if any period it touches is closed):
- the batch's status becomes ``undone`` (who, when, why) — queries that must exclude undone
  imports filter with :func:`db.queries.imports.active_batch`;
- its transactions are **reversed**: one negating row each (``kind='reversal'``,
  ``reverses_id``, same stream/year/period/line, same batch), so every sum over
  ``transactions`` nets the batch to zero whether or not a query filters by batch status;
- its allocations are marked ``superseded`` and its income items ``cancelled`` (the states the
  variance queries already exclude);
- budget lines, contract lines, contributions and statement lines keep their rows and are
  excluded by the batch status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session

from db import audit
from db import schema as orm  # the ORM classes load on first use, not on import
from db.ledger import Actor
from db.queries import imports as q
from db.schema.books import import_batches
from db.types import Pence, utcnow
from db.writes import LedgerError, insert, update_row
from fundledger.money import ZERO, Money, money_str
from fundledger.orgs import normalise

from ._common import load, need_reason, table_of
from .bulk_bind import bind_chunk, bound, optional_columns, processor
from .locks import assert_open
from .permissions import require
from .undo_corrections import (
    MovedReversals,
    closed_period_reversals,
    reverse_batch_transactions,
    signed_off_lines,
)

__all__ = [
    "BatchInput",
    "UndoResult",
    "bulk_insert",
    "create_batch",
    "create_org",
    "delete_profile",
    "drop_indexes",
    "record_bulk",
    "restore_indexes",
    "row_count",
    "save_profile",
    "sparse_partial",
    "suspend_row_audit",
    "undo_batch",
    "undoable",
]

if TYPE_CHECKING:
    from db.schema import Base


@dataclass(frozen=True, slots=True)
class BatchInput:
    kind: str
    file_name: str
    sha256: str
    sheet: str | None
    profile: str | None
    stream_id: int | None
    year: int | None
    rows: int
    duplicates: int
    control_total: Money
    as_at: date | None = None


def create_batch(session: Session, actor: Actor, data: BatchInput) -> int:
    """Insert the batch row (its audit entry is the import's audit record); returns its id.

    A Core insert into ``import_batches`` (the columns the ORM class wrote, the table's
    defaults for the rest): recording an import defines no ORM mapper (issue 23)."""
    row = {
        "kind": data.kind,
        "file_name": data.file_name,
        "sha256": data.sha256,
        "sheet": data.sheet,
        "profile": data.profile,
        "stream_id": data.stream_id,
        "year": data.year,
        "rows": data.rows,
        "duplicates": data.duplicates,
        "control_total": data.control_total,
        "as_at": data.as_at,
        "status": "active",
        "created_by": actor.username,
    }
    why = f"import {data.kind} {data.file_name}"
    with audit.acting(session, actor.username, "import", reason=why):
        done = session.connection().execute(sa_insert(import_batches).values(row))
    key = done.inserted_primary_key
    assert key is not None
    return int(key[0])


def bulk_insert(
    session: Session,
    model: Table | type[Base],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    actor: Actor,
    *,
    chunk: int = 20_000,
    fixed: Mapping[str, Any] | None = None,
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) with one DBAPI ``executemany`` per chunk.

    Money (:class:`~db.types.Pence`) columns take **integer pence**; other values are bound
    through their column types (dates, booleans).  ``fixed`` columns (e.g. the batch) take one
    value for every row, added as the rows are bound rather than to each row beforehand.
    ``version``, ``created_at`` and ``created_by`` are filled in.  Works inside the caller's
    transaction; returns the count.
    """
    conn = session.connection()
    dialect = conn.dialect
    table = table_of(model)
    tracked = "created_by" in table.c
    same = dict(fixed or {})
    names = [*columns, *same] + (["version", "created_at", "created_by"] if tracked else [])
    procs: list[Any] = []
    for name in columns:
        col_type = table.c[name].type
        procs.append(None if isinstance(col_type, Pence) else processor(col_type, dialect))
    const: tuple[Any, ...] = tuple(bound(table.c[k].type, v, dialect) for k, v in same.items())
    if tracked:
        stamp_proc = processor(table.c.created_at.type, dialect)
        stamp = utcnow()
        const += (1, stamp_proc(stamp) if stamp_proc else stamp, actor.username)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    active = [(i, p, table.c[columns[i]].type) for i, p in enumerate(procs) if p is not None]
    sqlite = dialect.name == "sqlite"
    left_out = optional_columns(conn, table)  # SQLite: NULL throughout → not bound (bulk_bind)
    optional = [n in left_out for n in names]
    count = 0
    it = iter(rows)
    # each chunk a whole column at a time: ``map`` in C, no Python step per row
    while batch := list(islice(it, chunk)):
        kept, params = bind_chunk(batch, active, const, sqlite, optional)
        into = ", ".join(names[j] for j in kept)
        sql = f"INSERT INTO {table.name} ({into}) VALUES ({', '.join([mark] * len(kept))})"
        conn.exec_driver_sql(sql, params)
        count += len(batch)
    return count


#: the page cache (KiB, as SQLite's negative cache_size) an index rebuild sorts in
_BUILD_CACHE = -65536


def drop_indexes(
    session: Session, model: Table | type[Base], keep: Callable[[str], bool] | None = None
) -> list[str]:
    """SQLite only: drop ``model``'s indexes (inside the transaction) and return their DDL for
    :func:`restore_indexes`.  Building an index once after a big bulk insert is several times
    faster than maintaining it row by row; SQLite DDL is transactional, so a failure or a
    killed process rolls the drop back too.  ``keep(sql)`` True leaves that index in place
    (see :func:`sparse_partial`).  Elsewhere returns ``[]`` and drops nothing."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    name = table_of(model).name
    found = [
        (index, sql)
        for index, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (name,),
        ).all()
        if keep is None or not keep(sql)
    ]
    for index, _sql in found:
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    return [sql for _index, sql in found]


#: a partial index over the rows where one column is set (``… WHERE col IS NOT NULL``)
_PARTIAL = re.compile(r'\bWHERE\s+"?(\w+)"?\s+IS\s+NOT\s+NULL\s*$', re.IGNORECASE)


def sparse_partial(cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> Callable[[str], bool]:
    """For :func:`drop_indexes`: keep a partial index (``WHERE col IS NOT NULL``) that at most
    a tenth of ``rows`` enter.  Inserting a row the index leaves out costs nothing, while
    building the index again reads the whole table (≈8 ms each at 100k rows: most imported
    transactions are on no contract line and reverse nothing)."""

    def keep(sql: str) -> bool:
        m = _PARTIAL.search(sql)
        if m is None:
            return False
        if m.group(1) not in cols:
            return True  # the rows leave the column NULL
        at = list(cols).index(m.group(1))
        return sum(1 for r in rows if r[at] is not None) * 10 <= len(rows)

    return keep


def suspend_row_audit(session: Session, model: Table | type[Base]) -> list[str]:
    """SQLite only: drop ``model``'s per-row insert audit trigger (inside the transaction) and
    return its DDL for :func:`restore_indexes`.  Rows inserted for a batch are covered by the
    batch's one entry (:func:`record_bulk`) and the trigger leaves them anyway, but only after
    calling back into Python for each row to ask; SQLite DDL is transactional and the caller
    holds the write lock, so no other writer ever sees the table without it.  Elsewhere
    returns ``[]`` and drops nothing (PostgreSQL's trigger skips the batch's rows itself)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    name = f"audit_{table_of(model).name}_insert"
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).all()
    for _sql in found:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    return [sql for (sql,) in found]


def restore_indexes(session: Session, ddl: Sequence[str]) -> None:
    """Re-create what :func:`drop_indexes` or :func:`suspend_row_audit` dropped.  On SQLite
    the indexes are sorted with a 64 MB page cache (the default 2 MB spills each sort to
    temporary files; about a quarter of the build time on 100k rows), set back after."""
    if not ddl:
        return
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar() if sqlite else None
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = {_BUILD_CACHE}")
    try:
        for sql in ddl:
            conn.exec_driver_sql(sql)
    finally:
        if before is not None:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def row_count(session: Session, model: Table | type[Base]) -> int:
    table = table_of(model)
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def record_bulk(
    session: Session,
    actor: Actor,
    model: Table | type[Base],
    batch_id: int,
    count: int,
    total: Money,
    reason: str,
    action: str = "bulk_insert",
) -> None:
    """The audit entry covering rows bulk-inserted for a batch: ``row_id`` NULL, the batch, the
    row count and control total (``check`` verifies both against the rows).  The rows were
    inserted inside ``audit.acting(…, bulk_batch=batch_id)`` so the row trigger left them."""
    audit.note(
        session,
        actor.username,
        action,
        table_of(model).name,
        None,
        {"batch_id": batch_id, "count": count, "control_total": money_str(total)},
        reason=reason,
        batch_id=batch_id,
    )


def create_org(session: Session, actor: Actor, name: str, kind: str, reason: str) -> int:
    """Create an organisation (``--create-missing``) with its printed name as an alias."""
    require(actor, "reference.write")
    clean = " ".join(name.split())
    org = orm.Organisation(name=clean, kind=kind, internal=False)
    insert(session, actor, org, action="create_missing", reason=reason)
    alias = orm.OrgAlias(org_id=org.id, alias=clean, normalised=normalise(clean), is_name=True)
    insert(session, actor, alias, action="create_missing", reason=reason)
    return org.id


def save_profile(session: Session, actor: Actor, name: str, kind: str, mapping: str) -> int:
    """Save (or replace) a named column-mapping profile; audited."""
    clean = name.strip()
    if not clean:
        raise LedgerError("a profile needs a name")
    row = session.execute(
        select(orm.ImportProfile).where(orm.ImportProfile.name == clean)
    ).scalar_one_or_none()
    if row is None:
        prof = orm.ImportProfile(name=clean, kind=kind, mapping=mapping)
        insert(session, actor, prof, action="save_import_profile")
        return prof.id
    update_row(
        session, actor, row, {"kind": kind, "mapping": mapping}, action="save_import_profile"
    )
    return row.id


def delete_profile(session: Session, actor: Actor, name: str) -> None:
    """Delete a named column-mapping profile; audited with the profile as it was."""
    row = session.execute(
        select(orm.ImportProfile).where(orm.ImportProfile.name == name.strip())
    ).scalar_one_or_none()
    if row is None:
        raise LedgerError(f"no import profile is called {name!r}")
    with audit.acting(session, actor.username, "delete_import_profile"):
        session.delete(row)


@dataclass(frozen=True, slots=True)
class UndoResult:
    batch_id: int
    kind: str
    file_name: str
    reversed_transactions: int
    superseded_allocations: int
    cancelled_income: int
    control_total: Money
    #: transactions of closed periods whose reversals went into the open period
    moved: tuple[MovedReversals, ...] = ()
    #: the batch's rows as imported
    rows: int = 0


def undoable(session: Session, batch_id: int) -> Any:
    """The batch, if it may be undone: refused when undone already, or when it is the GL
    statement of reconciliations signed off (the undo and its preview say the same)."""
    batch = load(session, orm.ImportBatch, batch_id, "import batch")
    if batch.status != "active":
        raise LedgerError(
            f"import batch {batch_id} ({batch.file_name}) was already undone by "
            f"{batch.undone_by} on {batch.undone_at:%d/%m/%Y}"
            if batch.undone_at
            else f"import batch {batch_id} is {batch.status}"
        )
    if batch.kind == "gl" and (signed := signed_off_lines(session, batch_id)) is not None:
        raise LedgerError(
            f"import batch {batch_id} ({batch.file_name}) is the statement of reconciliations "
            f"signed off: {signed}; reopen them first (reconcile reopen)"
        )
    return batch


def undo_batch(
    session: Session,
    actor: Actor,
    batch_id: int,
    reason: str | None,
    *,
    today: date | None = None,
) -> UndoResult:
    """Undo an import batch as one audited action (see the module docstring)."""
    why = need_reason(reason, "undo an import")
    batch = undoable(session, batch_id)
    touches = q.batch_touches(session, batch_id)
    codes: dict[int, str] = {
        i: c for i, c in session.execute(select(orm.Stream.id, orm.Stream.code))
    }
    sids = {s for s, _y, _p in touches}
    if batch.stream_id is not None:
        sids.add(batch.stream_id)
    for sid in sorted(sids):
        require(actor, "import.undo", codes.get(sid))
    if not sids:
        require(actor, "import.undo")
    # transactions in closed periods are reversed in the open period; anything else must be open
    moved = closed_period_reversals(session, batch_id, today)
    moving = {m.key for m in moved}
    # a GL statement's lines are not postings: imported into closed periods, undone there too
    posted = q.batch_touches(session, batch_id, statement=False) if batch.kind == "gl" else touches
    for sid, year, period in sorted(posted, key=lambda t: (t[0], t[1], t[2] or 0)):
        if (sid, year, period) not in moving:
            assert_open(session, sid, year, period)
    # rows reversed one by one before (``fundledger reverse``) are nil already: left alone
    reversed_n, undone_sum = session.execute(
        select(func.count(), func.sum(orm.Transaction.amount)).where(q.standing_rows(batch_id))
    ).one()
    with audit.acting(session, actor.username, "undo_import", reason=why, bulk_batch=batch_id):
        reverse_batch_transactions(session, actor, batch_id, moved)
        if reversed_n:
            record_bulk(
                session,
                actor,
                orm.Transaction,
                batch_id,
                reversed_n,
                Money(-(undone_sum or ZERO)),
                why,
                action="undo_import_reversals",
            )
        alloc_n = session.execute(
            update(orm.Allocation)
            .where(orm.Allocation.batch_id == batch_id, orm.Allocation.superseded.is_(False))
            .values(
                superseded=True,
                updated_at=utcnow(),
                updated_by=actor.username,
                version=orm.Allocation.version + 1,
            )
        ).rowcount  # type: ignore[attr-defined]
        income_n = session.execute(
            update(orm.IncomeItem)
            .where(orm.IncomeItem.batch_id == batch_id, orm.IncomeItem.status != "cancelled")
            .values(
                status="cancelled",
                updated_at=utcnow(),
                updated_by=actor.username,
                version=orm.IncomeItem.version + 1,
            )
        ).rowcount  # type: ignore[attr-defined]
    update_row(
        session,
        actor,
        batch,
        {
            "status": "undone",
            "undone_at": utcnow(),
            "undone_by": actor.username,
            "undo_reason": why,
        },
        action="undo_import",
        reason=why,
    )
    return UndoResult(
        batch_id, batch.kind, batch.file_name, reversed_n, alloc_n, income_n, batch.control_total,
        tuple(moved), batch.rows,
    )  # fmt: skip
