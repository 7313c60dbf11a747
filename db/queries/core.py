"""Mapped classes as plain tables, for read queries that need no ORM.

``core(Transaction).amount`` is the ``transactions.amount`` column itself (not the ORM
attribute), and ``core(Transaction)`` joins and selects from as the table.  A statement built
only from these is a Core statement: running it neither configures the ORM mappers (≈40 of them,
a large part of a short command's time) nor goes through the ORM's compile step.  The columns,
types and SQL are the same as through the classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import ColumnElement, FromClause, exists, or_

from ..schema.books import import_batches

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    #: what a Core read runs on: an ORM session (``Ledger.read()``) or a Core connection
    #: (``Ledger.read_core()``, which never loads the ORM); both ``execute`` a statement alike
    Reads: TypeAlias = Session | Connection


class CoreTable:
    """A table (or an alias of one) whose columns read as attributes, like the mapped class."""

    __slots__ = ("_from",)

    def __init__(self, source: FromClause) -> None:
        self._from = source

    def __getattr__(self, name: str) -> ColumnElement[Any]:
        try:
            column: ColumnElement[Any] = self._from.c[name]
        except KeyError:
            raise AttributeError(f"{self._from.description} has no column {name!r}") from None
        return column

    def __clause_element__(self) -> FromClause:
        return self._from


def core(model: Any, alias: str | None = None) -> Any:
    """A table (``db.schema.actuals.transactions``) or the table behind a mapped class as a
    :class:`CoreTable`; ``alias`` names an alias of it.  Pass the table itself: naming the
    class imports and defines every ORM mapper (``db.schema.mapped``)."""
    table: FromClause = model if isinstance(model, FromClause) else model.__table__
    return CoreTable(table.alias(alias) if alias else table)


def active_batch(batch_col: Any) -> ColumnElement[bool]:
    """A WHERE clause for "counted": ``batch_col`` is NULL or names an active batch.

    Use it in any query over a table with ``batch_id`` that must exclude undone imports.
    """
    b = core(import_batches)
    return or_(
        batch_col.is_(None),
        exists().where(b.id == batch_col, b.status == "active"),
    )
