"""How :func:`db.ops.imports.bulk_insert` binds a chunk of rows: a whole column at a time.

Processing goes a whole column at a time (``map`` in C over each processed column instead of
a Python loop over every row), with one transposition each way and the fixed values added as
the rows are rebuilt.  A column of plain dates is written as SQLite's DATE processor writes it
(``YYYY-MM-DD``: ``date.isoformat``, in C, once a day where the days repeat).

On SQLite (``sqlite``), what the driver would otherwise make an exception for is kept from it:
Python's sqlite3 module looks for an adapter for every value that is not exactly an int,
float, str or bytes — ``None`` and ``True``/``False`` included — and on Python 3.11 each such
look-up builds and discards an ``AttributeError`` with a formatted message (≈0.5 µs a value;
a 100k-row import binds half a million of them).  So a column of plain booleans is bound as
the integers 1/0 SQLite stores for them anyway, and a column that is NULL on every row of the
chunk and may be left out (nullable, no default: ``optional``) is left out of the INSERT,
which stores the same NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import repeat
from typing import Any

from sqlalchemy import Boolean, Date, Table
from sqlalchemy.engine import Connection

from db.types import Pence

__all__ = ["bind_chunk", "bound", "optional_columns", "processor"]


def processor(col_type: Any, dialect: Any) -> Any:
    """The column type's bind processor for this dialect (None when values pass as is)."""
    return col_type._cached_bind_processor(dialect)


def bound(col_type: Any, value: Any, dialect: Any) -> Any:
    """``value`` as the column type binds it (money as integer pence, as the rows give it)."""
    proc = None if isinstance(col_type, Pence) else processor(col_type, dialect)
    return value if proc is None or value is None else proc(value)


def optional_columns(conn: Connection, table: Table) -> frozenset[str]:
    """SQLite: the columns of ``table`` a row may leave out and still store NULL — nullable
    and without a default, as the ledger's own schema says (``PRAGMA table_info``)."""
    if conn.dialect.name != "sqlite":
        return frozenset()
    info = conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")').all()
    return frozenset(r[1] for r in info if not r[3] and r[4] is None and not r[5])


def bind_chunk(
    batch: Sequence[Sequence[Any]],
    active: list[tuple[int, Any, Any]],
    const: tuple[Any, ...] = (),
    sqlite: bool = False,
    optional: Sequence[bool] = (),
) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The positions bound (of the row's columns then ``const``'s) and the chunk's parameter
    rows: each row's values with ``active`` columns' processors applied, then ``const``.
    ``optional[j]``: position ``j`` may be left out when NULL throughout (see the module)."""
    width = len(batch[0]) + len(const)
    if not active and not any(optional):
        return list(range(width)), list(map(tuple.__add__, map(tuple, batch), repeat(const)))
    columns: list[Any] = list(zip(*batch, strict=True))
    for i, proc, col_type in active:
        col = columns[i]
        kinds = set(map(type, col))
        if isinstance(col_type, Date) and kinds == {date}:
            days = set(col)  # a big import repeats its days: each one's text made once
            iso = {d: d.isoformat() for d in days} if len(days) * 4 <= len(col) else None
            columns[i] = tuple(map(iso.__getitem__ if iso else date.isoformat, col))
        elif sqlite and isinstance(col_type, Boolean) and kinds <= {bool}:
            columns[i] = tuple(map(int, col))  # what SQLite stores for True/False
        elif None not in col:
            columns[i] = tuple(map(proc, col))
        else:
            columns[i] = tuple(None if v is None else proc(v) for v in col)
    n = len(batch)
    left = [j < len(optional) and optional[j] for j in range(width)]
    kept = [
        j
        for j in range(width)
        if not left[j]
        or (
            const[j - len(columns)] is not None if j >= len(columns) else columns[j].count(None) < n
        )
    ]
    everything = [*columns, *map(repeat, const)]  # repeat: endless
    return kept, list(zip(*(everything[j] for j in kept), strict=False))
