"""Budget lifecycle reads for the app's forms and lists: budget lines to pick, what a line can
carry forward, a line's forecast history, virements and carry-forwards, period locks.

One read per call, frozen rows back (``db.queries.budget``), so the Qt dialogs run them with
``ctx.run_read`` and never open a session themselves.  The writes are in
:mod:`ui.usecases.lifecycle`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops.carry_forward import available_to_carry as _available
from db.queries import budget as bq
from db.queries.budget import ForecastRow, LineBudget, LockRow, MovementRow
from db.schema import Stream
from fundledger.budget import check_carry_forward
from fundledger.money import Money

__all__ = [
    "CarryForwardOptions",
    "ForecastRow",
    "LineBudget",
    "LockRow",
    "MovementRow",
    "available_to_carry",
    "carry_forward_options",
    "forecast_history",
    "lines",
    "movements",
    "period_locks",
]


def _stream(session: Session, code: str | None) -> Stream | None:
    if not code:
        return None
    return session.execute(select(Stream).where(Stream.code == code)).scalar_one_or_none()


def _lines(session: Session, stream_code: str | None, year: int | None) -> list[LineBudget]:
    stream = _stream(session, stream_code)
    return bq.line_budgets(session, stream_id=None if stream is None else stream.id, year=year)


def lines(ledger: Ledger, stream_code: str | None, year: int | None) -> list[LineBudget]:
    """The budget lines of a stream and year (None: all), with their layers."""
    with ledger.read() as s:
        return _lines(s, stream_code, year)


@dataclass(frozen=True, slots=True)
class CarryForwardOptions:
    """What the carry-forward form offers: this year's lines, next year's, and the stream's
    grant condition when it forbids carrying forward (else "")."""

    lines: list[LineBudget]
    next_lines: list[LineBudget]
    condition: str


def carry_forward_options(
    ledger: Ledger, stream_code: str | None, year: int | None
) -> CarryForwardOptions:
    with ledger.read() as s:
        found = _lines(s, stream_code, year)
        nxt = _lines(s, stream_code, None if year is None else year + 1)
        stream = _stream(s, stream_code)
        problems = (
            []
            if stream is None
            else check_carry_forward(
                stream.code, stream.carry_forward_allowed, stream.carry_forward_condition, 0, 1
            )
        )
    return CarryForwardOptions(found, nxt, problems[0] if problems else "")


def available_to_carry(ledger: Ledger, line_id: int, basis: str) -> Money:
    """What a line can carry on ``basis`` (underspend or committed balance)."""
    with ledger.read() as s:
        return _available(s, line_id, basis)


def forecast_history(ledger: Ledger, line_id: int, limit: int = 5) -> list[ForecastRow]:
    """A line's latest ``limit`` forecasts, latest first."""
    with ledger.read() as s:
        return bq.forecast_history(s, line_id)[:limit]


def movements(ledger: Ledger, stream_code: str | None, year: int | None) -> list[MovementRow]:
    """Virements and carry-forwards of a stream and year: pending first, then newest first."""
    with ledger.read() as s:
        stream = _stream(s, stream_code)
        sid = None if stream is None else stream.id
        rows = bq.virements(s, stream_id=sid, year=year)
        rows += bq.carry_forwards(s, stream_id=sid, year=year)
    rows.sort(key=lambda r: (r.status != "pending", -r.requested_at.timestamp()))
    return rows


def period_locks(ledger: Ledger) -> list[LockRow]:
    """Every period and year lock with its history, newest first."""
    with ledger.read() as s:
        return bq.period_locks(s)
