"""Period reads for month-end: which periods of a year are closed (for a stream, or for all),
the state of each period with its locks (``period list``, the pickers), and where a
correction of a closed period's transaction goes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from fundledger.periods import correction_period, month_year

from ..schema.books import period_locks
from ..schema.reference import streams
from .core import core

if TYPE_CHECKING:
    from .core import Reads

# the tables as Core (db.queries.core): ``period list`` defines no ORM mapper (issue 23)
PeriodLock = core(period_locks)
Stream = core(streams)

__all__ = ["LockInfo", "PeriodState", "closed_periods", "correction_for", "period_states"]


@dataclass(frozen=True, slots=True)
class LockInfo:
    id: int
    stream: str | None  # None: all streams
    whole_year: bool
    reason: str | None
    closed_by: str
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class PeriodState:
    """One period of a year: closed for all streams, for some, or open."""

    year: int
    period: int
    month: str
    locks: tuple[LockInfo, ...]

    @property
    def closed_for_all(self) -> bool:
        return any(x.stream is None for x in self.locks)

    @property
    def closed_streams(self) -> tuple[str, ...]:
        return tuple(sorted({x.stream for x in self.locks if x.stream is not None}))

    def closed_for(self, stream: str | None) -> bool:
        return self.closed_for_all or (stream is not None and stream in self.closed_streams)


def closed_periods(session: Reads, stream_id: int | None, year: int) -> set[int]:
    """The periods of ``year`` closed for ``stream_id`` (None: closed for all streams)."""
    q = select(PeriodLock.period).where(PeriodLock.active.is_(True), PeriodLock.year == year)
    q = q.where(
        PeriodLock.stream_id.is_(None)
        if stream_id is None
        else or_(PeriodLock.stream_id.is_(None), PeriodLock.stream_id == stream_id)
    )
    out: set[int] = set()
    for (p,) in session.execute(q):
        out.update(range(1, 13) if p is None else (p,))
    return out


def period_states(session: Reads, year: int) -> list[PeriodState]:
    """P01…P12 of ``year`` with the active locks covering each."""
    q = (
        select(*period_locks.c, Stream.code.label("stream_code"))
        .outerjoin(Stream, Stream.id == PeriodLock.stream_id)
        .where(PeriodLock.active.is_(True), PeriodLock.year == year)
        .order_by(PeriodLock.id)
    )
    by: dict[int, list[LockInfo]] = defaultdict(list)
    for lock in session.execute(q):
        info = LockInfo(lock.id, lock.stream_code, lock.period is None, lock.reason,
                        lock.created_by, lock.created_at)  # fmt: skip
        for p in range(1, 13) if lock.period is None else (lock.period,):
            by[p].append(info)
    return [PeriodState(year, p, month_year(year, p), tuple(by[p])) for p in range(1, 13)]


def correction_for(
    session: Reads, stream_id: int, year: int, today: date
) -> tuple[int, date] | None:
    """(period, date) a correction of the stream's ``year`` is posted to (see
    :func:`fundledger.periods.correction_period`); None when the whole year is closed."""
    return correction_period(closed_periods(session, stream_id, year), year, today)
