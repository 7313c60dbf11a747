"""The scope of a variance query (stream, year, as-at date) as bound parameters.

Statements depend only on which filters apply (the scope's *shape*), so each is built once per
shape and executed with :func:`params`; SQLAlchemy's compiled cache does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, bindparam, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


@dataclass(frozen=True, slots=True)
class Scope:
    """Which rows: a stream (id) and/or a year (start year), up to an as-at date."""

    as_at: date
    stream_id: int | None = None
    year: int | None = None


def pence(col: Any) -> Any:
    """A Pence column as raw integer pence (so SQL arithmetic stays in pence)."""
    return type_coerce(col, BigInteger)


class Unindexed(ColumnElement[Any]):
    """A column SQLite must not pick an index by (``+col``; plain ``col`` elsewhere).

    SQLite plans without statistics (ledgers are never ``ANALYZE``d), so given
    ``year = ? AND txn_date <= ?`` it prefers the index with most usable columns, e.g.
    ``(year, txn_date, amount)``, and then reads the table once per row to group by line (1.2 s
    on a 1M-row ledger).  Making the as-at date unusable for index choice leaves the covering
    index ``(stream_id, year, budget_line_id, …)`` as the one that matches most, read in
    group-by order (0.07 s).  The unary plus is a no-op on every SQLite value.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(Unindexed)
def _unindexed(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(Unindexed, "sqlite")
def _unindexed_sqlite(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


AS_AT = bindparam("as_at", type_=Date)
STREAM = bindparam("stream_id", type_=Integer)
YEAR = bindparam("year", type_=Integer)


def shape(scope: Scope) -> Scope:
    """The scope with its values blanked: statements depend only on which filters apply, so
    they are built once per shape and executed with :func:`params`."""
    return Scope(
        date.min, None if scope.stream_id is None else 0, None if scope.year is None else 0
    )


def params(scope: Scope) -> dict[str, Any]:
    out: dict[str, Any] = {"as_at": scope.as_at}
    if scope.stream_id is not None:
        out["stream_id"] = scope.stream_id
    if scope.year is not None:
        out["year"] = scope.year
    return out


def scoped(stmt: Any, scope: Scope, stream_col: Any, year_col: Any) -> Any:
    if scope.stream_id is not None:
        stmt = stmt.where(stream_col == STREAM)
    if scope.year is not None:
        stmt = stmt.where(year_col == YEAR)
    return stmt


def scoped_by_index(stmt: Any, scope: Scope, stream_col: Any, year_col: Any) -> Any:
    """:func:`scoped` for an aggregate over ``transactions`` grouped by (stream, year, …).

    With a year but no stream, ``stream_id IN (every stream)`` lets SQLite seek the covering
    index on (stream, year) instead of scanning it or falling back to a year index and the
    table (see :class:`Unindexed`).
    """
    if scope.stream_id is None and scope.year is not None:
        from ..schema.reference import streams as stream_table
        from .core import core

        streams = core(stream_table)
        stmt = stmt.where(stream_col.in_(select(streams.id).scalar_subquery()))
    return scoped(stmt, scope, stream_col, year_col)
