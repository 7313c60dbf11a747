"""Closing periods cumulatively and reopening them (month-end).

Closing up to a period closes every period of the year up to it that is still open, for one
stream or all streams, in one audited transaction (one lock row per period, so the server's
period guards and the history work unchanged).  Reopening is an administrator's action with a
reason: reopening a period reopens it and every later closed period of the same scope, so the
closed periods of a year stay P01…Pn.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.periods import closed_periods
from db.schema import PeriodLock, Stream
from db.writes import LedgerError
from fundledger.periods import range_label, to_close
from fundledger.years import FinancialYear, period_label

from ._common import load, need_reason
from .locks import close_period, reopen
from .permissions import require

__all__ = ["PeriodsChanged", "close_through", "reopen_from"]


@dataclass(frozen=True, slots=True)
class PeriodsChanged:
    """What a close or reopen did: the periods, for which stream (None: all), the lock ids."""

    year: int
    periods: tuple[int, ...]
    stream: str | None
    lock_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        if not self.periods:
            return FinancialYear(self.year).code
        return range_label(self.year, self.periods[0], self.periods[-1])


def _code(session: Session, stream_id: int | None) -> str | None:
    return None if stream_id is None else load(session, Stream, stream_id, "stream").code


def close_through(
    session: Session,
    actor: Actor,
    *,
    year: int,
    to: int,
    stream_id: int | None = None,
    reason: str | None,
) -> PeriodsChanged:
    """Close every open period of ``year`` up to ``to`` (for ``stream_id`` or all streams)."""
    code = _code(session, stream_id)
    require(actor, "period.close", code)
    why = need_reason(reason, "close periods")
    if not 1 <= to <= 12:
        raise LedgerError(f"period {to} is not between 1 and 12")
    FinancialYear(year)
    todo = to_close(closed_periods(session, stream_id, year), to)
    if not todo:
        raise LedgerError(
            f"{FinancialYear(year).code} P01–{period_label(to)} are already closed for "
            f"{code or 'all streams'}"
        )
    ids = [
        close_period(session, actor, year=year, period=p, stream_id=stream_id, reason=why)
        for p in todo
    ]
    return PeriodsChanged(year, tuple(todo), code, tuple(ids))


def reopen_from(
    session: Session,
    actor: Actor,
    *,
    year: int,
    period: int,
    stream_id: int | None = None,
    reason: str | None,
) -> PeriodsChanged:
    """Reopen ``period`` of ``year`` and every later closed period of the same scope
    (administrators, with a reason)."""
    code = _code(session, stream_id)
    require(actor, "period.reopen", code)
    why = need_reason(reason, "reopen a closed period")
    where = f"{FinancialYear(year).code} {period_label(period)}"
    q = select(PeriodLock).where(PeriodLock.active.is_(True), PeriodLock.year == year)
    q = q.where(
        PeriodLock.stream_id.is_(None) if stream_id is None else PeriodLock.stream_id == stream_id
    )
    locks = [
        x for x in session.execute(q.order_by(PeriodLock.id)).scalars()
        if x.period is None or x.period >= period
    ]  # fmt: skip
    if any(x.period is None for x in locks) and period != 1:
        raise LedgerError(
            f"{FinancialYear(year).code} is closed as a whole year for {code or 'all streams'}; "
            "reopen it from P01"
        )
    if not any(x.period == period or x.period is None for x in locks):
        broader = stream_id is not None and period in closed_periods(session, None, year)
        raise LedgerError(
            f"{where} is closed for all streams, not for {code} alone: reopen it for all streams"
            if broader
            else f"{where} is not closed for {code or 'all streams'}"
        )
    for lock in locks:
        reopen(session, actor, lock.id, reason=why)
    periods = sorted({p for x in locks for p in (range(1, 13) if x.period is None else [x.period])})
    return PeriodsChanged(year, tuple(periods), code, tuple(x.id for x in locks))
