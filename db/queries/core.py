"""Mapped classes as plain tables, for read queries that need no ORM.

``core(Transaction).amount`` is the ``transactions.amount`` column itself (not the ORM
attribute), and ``core(Transaction)`` joins and selects from as the table.  A statement built
only from these is a Core statement: running it neither configures the ORM mappers (≈40 of them,
a large part of a short command's time) nor goes through the ORM's compile step.  The columns,
types and SQL are the same as through the classes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause


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
    """The table behind a mapped class as a :class:`CoreTable`; ``alias`` names an alias of it."""
    table: FromClause = model.__table__
    return CoreTable(table.alias(alias) if alias else table)
