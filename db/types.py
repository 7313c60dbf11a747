"""Column types: money as integer pence (never ``Numeric`` on SQLite), a phasing as a list of
integer pence, UTC timestamps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

from fundledger.money import Money, from_pence, to_pence


class Pence(TypeDecorator[Money]):
    """``Decimal`` pounds in Python, a BIGINT of pence in the database.

    Binding a sub-penny value or a float raises (``fundledger.money.to_pence``).
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            raise TypeError("Pence columns take Decimal pounds, not int (ambiguous units)")
        return to_pence(Decimal(value) if isinstance(value, Decimal) else value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Money | None:
        if value is None:
            return None
        return from_pence(int(value))


class PencePhasing(TypeDecorator[tuple[Money, ...]]):
    """A phasing (an amount per period P1…P12) as ``Decimal`` pounds in Python and a JSON
    list of integer pence in the database (``[4200000, 4200000, …]``)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps([to_pence(Decimal(v)) for v in value])

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Money, ...] | None:
        if value is None:
            return None
        return tuple(from_pence(int(p)) for p in json.loads(value))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("audit timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
