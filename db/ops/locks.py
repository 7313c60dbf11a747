"""Period locks: closing a period or a year, reopening it, and refusing writes into it.

**Every money write calls :func:`assert_open`** — transactions, imports and their undo,
virements, carry-forwards, forecasts, income — before it writes.  A lock is for one stream or
for all streams (``stream_id`` NULL), for one period (1–12) or a whole year (``period`` NULL).
A period lock closes exactly that period; a year lock closes every period of the year.
Reopening is an administrator action with a reason; the lock row stays as history.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import PeriodLock, Stream
from db.types import utcnow
from db.writes import LedgerError, insert, update_row
from fundledger.years import FinancialYear, period_label

from ._common import load, need_reason
from .permissions import require

__all__ = ["PeriodLocked", "assert_open", "close_period", "describe", "find_lock", "reopen"]


class PeriodLocked(LedgerError):
    """A write into a closed period or year."""


def find_lock(
    session: Session, stream_id: int | None, year: int, period: int | None
) -> PeriodLock | None:
    """The active lock covering (stream, year, period), if any.

    ``period=None`` asks about the year as a whole (a change that belongs to no one period,
    such as a contribution or a carry-forward): only a whole-year lock covers it.
    """
    q = select(PeriodLock).where(PeriodLock.active.is_(True), PeriodLock.year == year)
    q = q.where(
        PeriodLock.stream_id.is_(None)
        if stream_id is None
        else or_(PeriodLock.stream_id.is_(None), PeriodLock.stream_id == stream_id)
    )
    if period is None:
        q = q.where(PeriodLock.period.is_(None))
    else:
        q = q.where(or_(PeriodLock.period.is_(None), PeriodLock.period == period))
    return session.execute(q.order_by(PeriodLock.id).limit(1)).scalar_one_or_none()


def assert_open(session: Session, stream_id: int | None, year: int, period: int | None) -> None:
    """Raise :class:`PeriodLocked` if (stream, year, period) is closed.

    Call this from every write that adds, changes, reverses or undoes money charged to a
    period.  The message names the period, who closed it, when and why.
    """
    lock = find_lock(session, stream_id, year, period)
    if lock is not None:
        raise PeriodLocked(describe(session, lock) + "; an administrator must reopen it first")


def describe(session: Session, lock: PeriodLock) -> str:
    """ "2025-26 P03 is closed for DA (by fiona on 02/07/2025: month end)"."""
    what = FinancialYear(lock.year).code
    what += f" {period_label(lock.period)}" if lock.period else " (whole year)"
    scope = "all streams"
    if lock.stream_id is not None:
        stream = session.get(Stream, lock.stream_id)
        scope = stream.code if stream else f"stream #{lock.stream_id}"
    why = f": {lock.reason}" if lock.reason else ""
    return f"{what} is closed for {scope} (by {lock.created_by} on {lock.created_at:%d/%m/%Y}{why})"


def close_period(
    session: Session,
    actor: Actor,
    *,
    year: int,
    period: int | None,
    stream_id: int | None = None,
    reason: str | None = None,
) -> int:
    """Close a period (``period`` 1–12) or a whole year (``period=None``); returns the lock id."""
    code = None
    if stream_id is not None:
        stream = load(session, Stream, stream_id, "stream")
        code = stream.code
    require(actor, "period.close", code)
    if period is not None and not 1 <= period <= 12:
        raise LedgerError(f"period {period} is not between 1 and 12")
    FinancialYear(year)
    existing = _exact(session, stream_id, year, period)
    if existing is not None:
        raise LedgerError(describe(session, existing) + " already")
    lock = PeriodLock(stream_id=stream_id, year=year, period=period, reason=reason, active=True)
    insert(session, actor, lock, action="close_period", reason=reason)
    return lock.id


def _exact(
    session: Session, stream_id: int | None, year: int, period: int | None
) -> PeriodLock | None:
    q = select(PeriodLock).where(
        PeriodLock.active.is_(True),
        PeriodLock.year == year,
        PeriodLock.stream_id.is_(None) if stream_id is None else PeriodLock.stream_id == stream_id,
        PeriodLock.period.is_(None) if period is None else PeriodLock.period == period,
    )
    return session.execute(q.limit(1)).scalar_one_or_none()


def reopen(
    session: Session,
    actor: Actor,
    lock_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> None:
    """Reopen a closed period or year (administrators only, with a reason; audited)."""
    require(actor, "period.reopen")
    why = need_reason(reason, "reopen a closed period")
    lock = load(session, PeriodLock, lock_id, "period lock")
    if not lock.active:
        raise LedgerError(f"period lock #{lock_id} was already reopened by {lock.reopened_by}")
    update_row(
        session,
        actor,
        lock,
        {
            "active": False,
            "reopened_by": actor.username,
            "reopened_at": utcnow(),
            "reopen_reason": why,
        },
        expected_version=expected_version,
        action="reopen_period",
        reason=why,
    )
