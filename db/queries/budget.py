"""Budget lifecycle reads: line layers (original, virements, carry-forward, revised), virements,
carry-forwards, forecasts (latest and history), period locks and settings.

Revised = original + approved virements + approved carry-forwards; pending ones are reported
beside it but do not count.  The latest forecast for a line is the one with the highest
(year, period, id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.queries.core import active_batch
from db.schema import (
    BudgetLine,
    CarryForward,
    Forecast,
    PeriodLock,
    Setting,
    Stream,
    Transaction,
    Virement,
)
from fundledger.budget import revised
from fundledger.money import ZERO, Money


@dataclass(frozen=True, slots=True)
class LineBudget:
    line_id: int
    stream_id: int
    stream_code: str
    year: int
    name: str
    category: str | None
    original: Money
    virements_in: Money
    virements_out: Money
    carried_in: Money
    carried_out: Money
    pending_in: Money
    pending_out: Money
    actual: Money

    @property
    def virements(self) -> Money:
        return Money(self.virements_in - self.virements_out)

    @property
    def carry_forward(self) -> Money:
        return Money(self.carried_in - self.carried_out)

    @property
    def revised(self) -> Money:
        return revised(
            self.original, self.virements_in, self.virements_out, self.carried_in, self.carried_out
        )

    @property
    def underspend(self) -> Money:
        return Money(self.revised - self.actual)


def _sums(session: Session, q: Any) -> dict[int, Money]:
    return {k: v for k, v in session.execute(q) if v is not None}


def _movement(
    session: Session, cls: Any, side: Any, status: str, ids: list[int]
) -> dict[int, Money]:
    q = select(side, func.sum(cls.amount)).where(cls.status == status, side.in_(ids)).group_by(side)
    return _sums(session, q)


def line_budgets(
    session: Session,
    *,
    stream_id: int | None = None,
    year: int | None = None,
    line_ids: list[int] | None = None,
) -> list[LineBudget]:
    """Budget layers for the lines of a stream/year (or the given lines), in sheet order."""
    q = (
        select(BudgetLine, Stream.code)
        .join(Stream, Stream.id == BudgetLine.stream_id)
        .where(active_batch(BudgetLine.batch_id))
    )
    if stream_id is not None:
        q = q.where(BudgetLine.stream_id == stream_id)
    if year is not None:
        q = q.where(BudgetLine.year == year)
    if line_ids is not None:
        q = q.where(BudgetLine.id.in_(line_ids))
    rows = session.execute(
        q.order_by(Stream.sort_order, BudgetLine.year, BudgetLine.sort_order, BudgetLine.id)
    ).all()
    ids = [line.id for line, _ in rows]
    if not ids:
        return []
    v_in = _movement(session, Virement, Virement.to_line_id, "approved", ids)
    v_out = _movement(session, Virement, Virement.from_line_id, "approved", ids)
    p_in = _movement(session, Virement, Virement.to_line_id, "pending", ids)
    p_out = _movement(session, Virement, Virement.from_line_id, "pending", ids)
    c_in = _movement(session, CarryForward, CarryForward.to_line_id, "approved", ids)
    c_out = _movement(session, CarryForward, CarryForward.from_line_id, "approved", ids)
    actual = _sums(
        session,
        select(Transaction.budget_line_id, func.sum(Transaction.amount))
        .join(BudgetLine, BudgetLine.id == Transaction.budget_line_id)
        .where(Transaction.budget_line_id.in_(ids), Transaction.year == BudgetLine.year)
        .group_by(Transaction.budget_line_id),
    )
    return [
        LineBudget(
            line.id,
            line.stream_id,
            code,
            line.year,
            line.name,
            line.category,
            line.original,
            v_in.get(line.id, ZERO),
            v_out.get(line.id, ZERO),
            c_in.get(line.id, ZERO),
            c_out.get(line.id, ZERO),
            p_in.get(line.id, ZERO),
            p_out.get(line.id, ZERO),
            actual.get(line.id, ZERO),
        )
        for line, code in rows
    ]


def line_budget(session: Session, line_id: int) -> LineBudget | None:
    found = line_budgets(session, line_ids=[line_id])
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class MovementRow:
    """A virement or a carry-forward, with the names of both lines."""

    id: int
    version: int
    stream_code: str
    from_year: int
    to_year: int
    period: int | None
    from_line_id: int
    from_line: str
    to_line_id: int
    to_line: str
    amount: Money
    reason: str
    requested_by: str
    requested_at: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None
    basis: str | None = None
    #: a virement finance let take its from-line below zero available: why, and who (else None)
    override_reason: str | None = None
    override_by: str | None = None


def _with_lines(cls: Any) -> Select[Any]:
    src, dst = aliased(BudgetLine), aliased(BudgetLine)
    return (
        select(cls, Stream.code, src.name, dst.name)
        .join(Stream, Stream.id == cls.stream_id)
        .join(src, src.id == cls.from_line_id)
        .join(dst, dst.id == cls.to_line_id)
    )


def virements(
    session: Session, *, stream_id: int | None = None, year: int | None = None
) -> list[MovementRow]:
    """Virements (pending, approved and rejected) newest first."""
    q = _with_lines(Virement)
    if stream_id is not None:
        q = q.where(Virement.stream_id == stream_id)
    if year is not None:
        q = q.where(Virement.year == year)
    out = []
    for v, code, src, dst in session.execute(q.order_by(Virement.id.desc())):
        out.append(
            MovementRow(
                v.id, v.version, code, v.year, v.year, v.period, v.from_line_id, src,
                v.to_line_id, dst, v.amount, v.reason, v.requested_by, v.requested_at,
                v.status, v.decided_by, v.decided_at, None, v.override_reason, v.override_by,
            )
        )  # fmt: skip
    return out


def carry_forwards(
    session: Session, *, stream_id: int | None = None, year: int | None = None
) -> list[MovementRow]:
    """Carry-forwards touching ``year`` (out of it or into it), newest first."""
    q = _with_lines(CarryForward)
    if stream_id is not None:
        q = q.where(CarryForward.stream_id == stream_id)
    if year is not None:
        q = q.where(or_(CarryForward.from_year == year, CarryForward.to_year == year))
    out = []
    for c, code, src, dst in session.execute(q.order_by(CarryForward.id.desc())):
        out.append(
            MovementRow(
                c.id, c.version, code, c.from_year, c.to_year, None, c.from_line_id, src,
                c.to_line_id, dst, c.amount, c.reason, c.requested_by, c.requested_at,
                c.status, c.decided_by, c.decided_at, c.basis,
            )
        )  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class ForecastRow:
    id: int
    budget_line_id: int
    line: str
    year: int
    period: int
    amount: Money
    commentary: str | None
    by: str
    at: datetime


def _forecast_rows(session: Session, q: Any) -> list[ForecastRow]:
    return [
        ForecastRow(f.id, f.budget_line_id, name, f.year, f.period, f.amount, f.commentary,
                    f.created_by, f.created_at)
        for f, name in session.execute(q)
    ]  # fmt: skip


def latest_forecasts(
    session: Session, *, stream_id: int | None = None, year: int | None = None
) -> list[ForecastRow]:
    """The latest forecast per line (highest year, period, id)."""
    rank = (
        func.row_number()
        .over(
            partition_by=Forecast.budget_line_id,
            order_by=(Forecast.year.desc(), Forecast.period.desc(), Forecast.id.desc()),
        )
        .label("rank")
    )
    inner = select(Forecast.id, rank).join(BudgetLine, BudgetLine.id == Forecast.budget_line_id)
    if stream_id is not None:
        inner = inner.where(BudgetLine.stream_id == stream_id)
    if year is not None:
        inner = inner.where(Forecast.year == year)
    sub = inner.subquery()
    q = (
        select(Forecast, BudgetLine.name)
        .join(BudgetLine, BudgetLine.id == Forecast.budget_line_id)
        .join(sub, sub.c.id == Forecast.id)
        .where(sub.c.rank == 1)
        .order_by(BudgetLine.sort_order, BudgetLine.id)
    )
    return _forecast_rows(session, q)


def forecast_history(session: Session, line_id: int) -> list[ForecastRow]:
    """Every forecast for a line, latest first."""
    q = (
        select(Forecast, BudgetLine.name)
        .join(BudgetLine, BudgetLine.id == Forecast.budget_line_id)
        .where(Forecast.budget_line_id == line_id)
        .order_by(Forecast.year.desc(), Forecast.period.desc(), Forecast.id.desc())
    )
    return _forecast_rows(session, q)


@dataclass(frozen=True, slots=True)
class LockRow:
    id: int
    version: int
    stream_code: str | None
    year: int
    period: int | None
    reason: str | None
    closed_by: str
    closed_at: datetime
    active: bool
    reopened_by: str | None
    reopened_at: datetime | None
    reopen_reason: str | None


def period_locks(session: Session, *, active_only: bool = False) -> list[LockRow]:
    """Period and year locks (history included unless ``active_only``), newest first."""
    q = select(PeriodLock, Stream.code).outerjoin(Stream, Stream.id == PeriodLock.stream_id)
    if active_only:
        q = q.where(PeriodLock.active.is_(True))
    return [
        LockRow(k.id, k.version, code, k.year, k.period, k.reason, k.created_by, k.created_at,
                k.active, k.reopened_by, k.reopened_at, k.reopen_reason)
        for k, code in session.execute(q.order_by(PeriodLock.id.desc()))
    ]  # fmt: skip


def setting(session: Session, key: str, default: str) -> str:
    """A setting's value, or ``default`` when it is not set."""
    value = session.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return default if value is None else value


def int_setting(session: Session, key: str, default: int) -> int:
    try:
        return int(setting(session, key, str(default)))
    except ValueError:
        return default
