"""Forecast outturn: a budget holder's forecast for a line at a period, with commentary.

Every entry is a new row (history is kept); the latest for a line is the one with the highest
(year, period, id) — :func:`db.queries.budget.latest_forecasts`, which variance reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import BudgetLine, Forecast, Stream
from db.writes import LedgerError, insert
from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import period_label

from ._common import load, money
from .locks import assert_open
from .permissions import require

__all__ = ["check_phasing", "enter_forecast"]


def check_phasing(outturn: Money, phasing: Sequence[Decimal]) -> tuple[Money, ...]:
    """Twelve whole-pence amounts (P1…P12) adding up to the outturn, or :class:`LedgerError`."""
    if len(phasing) != 12:
        raise LedgerError(f"a phasing has an amount for each of the 12 periods, not {len(phasing)}")
    phases = tuple(money(p, f"{period_label(i)} phasing") for i, p in enumerate(phasing, 1))
    total = Money(sum(phases, ZERO))
    if total != outturn:
        raise LedgerError(
            f"the phasing adds up to {format_gbp(total)}, not the forecast outturn "
            f"{format_gbp(outturn)} (a difference of {format_gbp(outturn - total)})"
        )
    return phases


def enter_forecast(
    session: Session,
    actor: Actor,
    *,
    budget_line_id: int,
    period: int,
    amount: Decimal | int | str,
    commentary: str | None = None,
    phasing: Sequence[Decimal] | None = None,
) -> int:
    """Record a forecast outturn for a line's year at ``period``, optionally phased by period
    (twelve amounts, P1…P12, adding up to the outturn); returns its id."""
    line = load(session, BudgetLine, budget_line_id, "budget line")
    stream = load(session, Stream, line.stream_id, "stream")
    require(actor, "forecast.write", stream.code)
    if not 1 <= period <= 12:
        raise LedgerError(f"period {period} is not between 1 and 12")
    value = money(amount, "forecast")
    phases = None if phasing is None else check_phasing(value, phasing)
    assert_open(session, line.stream_id, line.year, period)
    f = Forecast(
        budget_line_id=line.id,
        year=line.year,
        period=period,
        amount=value,
        commentary=(commentary or "").strip() or None,
        phasing=phases,
    )
    insert(session, actor, f, action="enter_forecast")
    return f.id
