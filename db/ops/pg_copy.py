"""PostgreSQL: an import's rows written through ``COPY … FROM STDIN`` instead of INSERTs.

The bulk import writer (:mod:`db.ops.import_writes`) asks :func:`copier` for the way to write a
table's rows; on a PostgreSQL ledger whose connection is not subject to row-level security it
gets :func:`copy_rows`, which streams the rows to the server with psycopg's
``cursor.copy(...).write_row`` on the import's own connection, so they are part of the import's
one transaction (a failure or a cancel rolls them back with the batch).

Nothing the server enforces is bypassed: COPY FROM fires the table's row triggers like INSERT —
the period guard (``fl_guard_period``) refuses a row charged to a closed period, and the audit
trigger (``fl_audit``) records any row not covered by the batch's bulk entry — and needs the same
INSERT privilege on the columns.  PostgreSQL refuses COPY FROM where row-level security applies
to the session (a ledger user's own login), so there :func:`copier` answers ``None`` and the
writer keeps its INSERTs, which the policies check row by row; nothing is granted to make COPY
possible for a login.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.types import Pence, utcnow

from ._common import table_of

if TYPE_CHECKING:
    from db.schema import Base

__all__ = ["RowWriter", "copier", "copy_rows"]

#: ``(session, table, columns, rows, actor) -> count``: how the bulk writer inserts a chunk (the
#: table, or a mapped class standing for its table)
RowWriter = Callable[
    [Session, "Table | type[Base]", Sequence[str], Iterable[Sequence[Any]], Actor], int
]


def copier(session: Session, model: Table | type[Base]) -> RowWriter | None:
    """:func:`copy_rows` when the ledger is PostgreSQL and row-level security does not apply to
    this connection for ``model``'s table (the owner or a maintenance login); else ``None``."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    rls = conn.exec_driver_sql(
        "SELECT row_security_active(%s::regclass)", (table_of(model).name,)
    ).scalar_one()
    return None if rls else copy_rows


def copy_rows(
    session: Session,
    model: Table | type[Base],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    actor: Actor,
) -> int:
    """COPY ``rows`` (tuples in ``columns`` order) into ``model``'s table; returns the count.

    As :func:`db.ops.imports.bulk_insert`: money (:class:`~db.types.Pence`) columns take
    integer pence, other values go through their column types' bind processors, and
    ``version``, ``created_at`` and ``created_by`` are filled in.  Runs on the session's
    connection, inside the caller's transaction."""
    conn = session.connection()
    dialect = conn.dialect
    table = table_of(model)
    tracked = "created_by" in table.c
    names = list(columns) + (["version", "created_at", "created_by"] if tracked else [])
    procs = [
        (i, proc)
        for i, name in enumerate(columns)
        if not isinstance(table.c[name].type, Pence)
        and (proc := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]
    const: tuple[Any, ...] = ()
    if tracked:
        stamp = utcnow()
        stamp_proc = table.c.created_at.type._cached_bind_processor(dialect)
        const = (1, stamp_proc(stamp) if stamp_proc else stamp, actor.username)
    quoted = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    sql = f"COPY {dialect.identifier_preparer.quote(table.name)} ({quoted}) FROM STDIN"
    raw: Any = conn.connection.driver_connection
    error: type[Exception] = dialect.loaded_dbapi.Error
    count = 0
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                if procs:
                    values = list(row)
                    for i, proc in procs:
                        if values[i] is not None:
                            values[i] = proc(values[i])
                    row = values
                write((*row, *const))
                count += 1
    except error as exc:
        # as SQLAlchemy raises it for an INSERT (a guard's refusal, a full disk, …)
        raise DBAPIError.instance(sql, None, exc, error, dialect=dialect) from exc
    return count
