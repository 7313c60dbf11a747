"""The scope of a variance query (stream, year, as-at date) as bound parameters.

Statements depend only on which filters apply (the scope's *shape*), so each is built once per
shape and executed with :func:`params`; SQLAlchemy's compiled cache does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, bindparam, type_coerce


@dataclass(frozen=True, slots=True)
class Scope:
    """Which rows: a stream (id) and/or a year (start year), up to an as-at date."""

    as_at: date
    stream_id: int | None = None
    year: int | None = None


def pence(col: Any) -> Any:
    """A Pence column as raw integer pence (so SQL arithmetic stays in pence)."""
    return type_coerce(col, BigInteger)


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
