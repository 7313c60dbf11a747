"""What the app's side panel lists: the ledger's streams and the financial years in use.

Core, over the tables (``db.queries.core``): opening the app needs no ORM mapper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select, union

from db.queries.core import core
from db.schema.actuals import transactions
from db.schema.budgets import allocations, budget_lines
from db.schema.reference import ledger_info
from db.schema.reference import settings as settings_table
from db.schema.reference import streams as stream_table

if TYPE_CHECKING:
    from db.queries.core import Reads

Allocation = core(allocations)
BudgetLine = core(budget_lines)
LedgerInfo = core(ledger_info)
Setting = core(settings_table)
Stream = core(stream_table)
Transaction = core(transactions)

#: the ``settings`` key of the name the ledger's council gave it (``fundledger settings name``);
#: without one, the name ``init`` wrote in ``ledger_info``
LEDGER_NAME_SETTING = "ledger.name"


@dataclass(frozen=True, slots=True)
class StreamItem:
    code: str
    name: str
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class LedgerSummary:
    """Streams, the years with budgets or allocations (start years), and the ledger name."""

    streams: tuple[StreamItem, ...]
    years: tuple[int, ...]
    name: str | None
    transactions_max_year: int | None


def streams(session: Reads) -> tuple[StreamItem, ...]:
    rows = session.execute(
        select(Stream.code, Stream.name, Stream.kind, Stream.status).order_by(
            Stream.sort_order, Stream.code
        )
    )
    return tuple(StreamItem(*r) for r in rows)


def years(session: Reads) -> tuple[int, ...]:
    """Years named by allocations (each year of a range) and budget lines, ascending."""
    q = union(
        select(Allocation.year_from.label("y")),
        select(Allocation.year_to.label("y")),
        select(BudgetLine.year.label("y")),
    ).subquery()
    found = {int(y) for y in session.execute(select(q.c.y)).scalars()}
    if found:
        found.update(range(min(found), max(found) + 1))
    return tuple(sorted(found))


def ledger_name(session: Reads) -> str | None:
    """The ledger's name, printed on every export and return and in the window title: the
    one its council gave it, else the one ``init`` wrote."""
    given = session.execute(
        select(Setting.value).where(Setting.key == LEDGER_NAME_SETTING)
    ).scalar_one_or_none()
    if given is not None:
        return str(given)
    value = session.execute(
        select(LedgerInfo.value).where(LedgerInfo.key == "name")
    ).scalar_one_or_none()
    return None if value is None else str(value)


def summary(session: Reads) -> LedgerSummary:
    name = ledger_name(session)
    max_year = session.execute(select(func.max(Transaction.year))).scalar_one_or_none()
    return LedgerSummary(streams(session), years(session), name, max_year)
