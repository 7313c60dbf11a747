"""Small helpers shared by the write operations: loading rows, refusing with problems, money."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.orm import Session

from db.writes import LedgerError
from fundledger.budget import check_reason, money_problem
from fundledger.money import Money

T = TypeVar("T")


def load(session: Session, cls: type[T], row_id: int, what: str) -> T:
    """The row ``row_id`` of ``cls`` or a refusal naming ``what``."""
    obj = session.get(cls, row_id)
    if obj is None:
        raise LedgerError(f"{what} #{row_id} does not exist")
    return obj


def table_of(model: Table | type[Any]) -> Table:
    """The table itself, or the one behind a mapped class (``Transaction`` → ``transactions``):
    the bulk writers take either, and a caller that passes the table defines no ORM mapper."""
    if isinstance(model, Table):
        return model
    table: Table = model.__table__
    return table


def refuse(problems: Iterable[str | None]) -> None:
    """Raise one :class:`LedgerError` listing every problem, if there are any."""
    found = [p for p in problems if p]
    if found:
        raise LedgerError("; ".join(found))


def money(value: Decimal | int | str | None, what: str = "amount") -> Money:
    """Exact money from input, or a refusal (floats and sub-pence values are refused)."""
    amount, problem = money_problem(value, what)
    if amount is None:
        raise LedgerError(problem or f"{what} is required")
    return amount


def need_reason(reason: str | None, action: str) -> str:
    refuse([check_reason(reason, action)])
    assert reason is not None
    return reason.strip()
