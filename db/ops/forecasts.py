"""Forecast outturn: a budget holder's forecast for a line at a period, with commentary.

Every entry is a new row (history is kept); the latest for a line is the one with the highest
(year, period, id) — :func:`db.queries.budget.latest_forecasts`, which variance reads.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import BudgetLine, Forecast, Stream
from db.writes import LedgerError, insert

from ._common import load, money
from .locks import assert_open
from .permissions import require

__all__ = ["enter_forecast"]


def enter_forecast(
    session: Session,
    actor: Actor,
    *,
    budget_line_id: int,
    period: int,
    amount: Decimal | int | str,
    commentary: str | None = None,
) -> int:
    """Record a forecast outturn for a line's year at ``period``; returns its id."""
    line = load(session, BudgetLine, budget_line_id, "budget line")
    stream = load(session, Stream, line.stream_id, "stream")
    require(actor, "forecast.write", stream.code)
    if not 1 <= period <= 12:
        raise LedgerError(f"period {period} is not between 1 and 12")
    value = money(amount, "forecast")
    assert_open(session, line.stream_id, line.year, period)
    f = Forecast(
        budget_line_id=line.id,
        year=line.year,
        period=period,
        amount=value,
        commentary=(commentary or "").strip() or None,
    )
    insert(session, actor, f, action="enter_forecast")
    return f.id
