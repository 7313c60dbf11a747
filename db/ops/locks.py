"""Period locks: closing a period or a year, reopening it, and refusing writes into it.

**Every money write calls :func:`assert_open`** — transactions, imports and their undo,
virements, carry-forwards, forecasts, income — before it writes.  A lock is for one stream or
for all streams (``stream_id`` NULL), for one period (1–12) or a whole year (``period`` NULL).
A period lock closes exactly that period; a year lock closes every period of the year.
Reopening is an administrator action with a reason; the lock row stays as history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from db import schema as orm  # the ORM classes load on first use, not on import
from db.ledger import Actor
from db.queries.core import core
from db.schema.books import period_locks
from db.schema.reference import streams
from db.types import utcnow
from db.writes import LedgerError, insert, update_row
from fundledger.years import FinancialYear, period_label

from ._common import load, need_reason
from .permissions import require

if TYPE_CHECKING:
    from db.schema import PeriodLock

__all__ = ["PeriodLocked", "assert_open", "close_period", "describe", "find_lock", "reopen"]

#: the checks read the Core table: an import (or any write) checking its periods defines no
#: ORM mapper (issue 23); closing and reopening write through the ORM class
_locks = core(period_locks)


class PeriodLocked(LedgerError):
    """A write into a closed period or year."""


def find_lock(
    session: Session, stream_id: int | None, year: int, period: int | None
) -> Row[Any] | None:
    """The active lock covering (stream, year, period), if any: its row (the columns of
    ``period_locks`` by name, as :class:`~db.schema.PeriodLock` has them).

    ``period=None`` asks about the year as a whole (a change that belongs to no one period,
    such as a contribution or a carry-forward): only a whole-year lock covers it.
    """
    lk = _locks
    q = select(lk).where(lk.active.is_(True), lk.year == year)
    q = q.where(
        lk.stream_id.is_(None)
        if stream_id is None
        else or_(lk.stream_id.is_(None), lk.stream_id == stream_id)
    )
    if period is None:
        q = q.where(lk.period.is_(None))
    else:
        q = q.where(or_(lk.period.is_(None), lk.period == period))
    return session.execute(q.order_by(lk.id).limit(1)).first()


def assert_open(session: Session, stream_id: int | None, year: int, period: int | None) -> None:
    """Raise :class:`PeriodLocked` if (stream, year, period) is closed.

    Call this from every write that adds, changes, reverses or undoes money charged to a
    period.  The message names the period, who closed it, when and why.
    """
    lock = find_lock(session, stream_id, year, period)
    if lock is not None:
        raise PeriodLocked(describe(session, lock) + "; an administrator must reopen it first")


def describe(session: Session, lock: PeriodLock | Row[Any]) -> str:
    """ "2025-26 P03 is closed for DA (by fiona on 02/07/2025: month end)"."""
    what = FinancialYear(lock.year).code
    what += f" {period_label(lock.period)}" if lock.period else " (whole year)"
    scope = "all streams"
    if lock.stream_id is not None:
        st = streams.c
        code = session.execute(select(st.code).where(st.id == lock.stream_id)).scalar()
        scope = code if code is not None else f"stream #{lock.stream_id}"
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
        stream = load(session, orm.Stream, stream_id, "stream")
        code = stream.code
    require(actor, "period.close", code)
    if period is not None and not 1 <= period <= 12:
        raise LedgerError(f"period {period} is not between 1 and 12")
    FinancialYear(year)
    existing = _exact(session, stream_id, year, period)
    if existing is not None:
        raise LedgerError(describe(session, existing) + " already")
    lock = orm.PeriodLock(stream_id=stream_id, year=year, period=period, reason=reason, active=True)
    insert(session, actor, lock, action="close_period", reason=reason)
    return lock.id


def _exact(
    session: Session, stream_id: int | None, year: int, period: int | None
) -> PeriodLock | None:
    lk = orm.PeriodLock
    q = select(lk).where(
        lk.active.is_(True),
        lk.year == year,
        lk.stream_id.is_(None) if stream_id is None else lk.stream_id == stream_id,
        lk.period.is_(None) if period is None else lk.period == period,
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
    lock = load(session, orm.PeriodLock, lock_id, "period lock")
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
