"""Recharge reads: rows with derived status (raised / paid / overdue / cancelled) and a summary.

``today`` is always passed in, so what is overdue is reproducible (tests use 2026-11-23).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.schema import Organisation, Recharge, Stream
from fundledger.income import recharge_status
from fundledger.money import ZERO, Money


@dataclass(frozen=True, slots=True)
class RechargeRow:
    id: int
    version: int
    stream_code: str
    year: int
    org_id: int
    partner: str
    amount: Money
    description: str
    reference: str | None
    raised_on: date
    due_on: date
    status: str  # raised | paid | overdue | cancelled (derived)
    paid_on: date | None
    paid_amount: Money | None

    @property
    def outstanding(self) -> Money:
        if self.status in ("paid", "cancelled"):
            return ZERO
        return Money(self.amount - (self.paid_amount or ZERO))


def recharges(
    session: Session, *, today: date, stream_id: int | None = None, year: int | None = None
) -> list[RechargeRow]:
    q = (
        select(Recharge, Stream.code, Organisation.name)
        .join(Stream, Stream.id == Recharge.stream_id)
        .join(Organisation, Organisation.id == Recharge.org_id)
    )
    if stream_id is not None:
        q = q.where(Recharge.stream_id == stream_id)
    if year is not None:
        q = q.where(Recharge.year == year)
    q = q.order_by(Recharge.year, Recharge.raised_on, Recharge.id)
    return [
        RechargeRow(r.id, r.version, code, r.year, r.org_id, name, r.amount, r.description,
                    r.reference, r.raised_on, r.due_on, recharge_status(r.status, r.due_on, today),
                    r.paid_on, r.paid_amount)
        for r, code, name in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class RechargeSummary:
    total: Money
    received: Money
    outstanding: Money
    counts: dict[str, int]
    amounts: dict[str, Money]


def summary(rows: list[RechargeRow]) -> RechargeSummary:
    """Totals and counts by derived status (cancelled recharges are not in the total)."""
    counts = {s: 0 for s in ("raised", "overdue", "paid", "cancelled")}
    amounts = {s: ZERO for s in counts}
    for r in rows:
        counts[r.status] += 1
        amounts[r.status] = Money(amounts[r.status] + r.amount)
    live = [r for r in rows if r.status != "cancelled"]
    return RechargeSummary(
        total=Money(sum((r.amount for r in live), ZERO)),
        received=Money(sum((r.paid_amount or ZERO for r in live), ZERO)),
        outstanding=Money(sum((r.outstanding for r in live), ZERO)),
        counts=counts,
        amounts=amounts,
    )
