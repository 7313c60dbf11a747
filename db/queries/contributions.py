"""Partner contribution reads: rows, totals by heading (the pooled budget) and by partner.

An unknown in-kind value (``amount`` NULL) is not zero: totals sum known values and count the
unknown ones beside them, so a screen can say "plus 2 in-kind contributions not valued".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.queries.core import active_batch
from db.schema import Contribution, Organisation, Stream
from fundledger.money import ZERO, Money


@dataclass(frozen=True, slots=True)
class ContributionRow:
    id: int
    version: int
    stream_code: str
    year: int
    partner_org_id: int
    partner: str
    partner_as_printed: str | None
    heading: str
    kind: str
    amount: Money | None
    fte: Decimal | None
    description: str | None
    status: str
    invoiced_on: date | None
    received_on: date | None


def contributions(
    session: Session, *, stream_id: int | None = None, year: int | None = None
) -> list[ContributionRow]:
    """Contributions by partner then heading."""
    q = (
        select(Contribution, Stream.code, Organisation.name)
        .join(Stream, Stream.id == Contribution.stream_id)
        .join(Organisation, Organisation.id == Contribution.partner_org_id)
        .where(active_batch(Contribution.batch_id))
    )
    if stream_id is not None:
        q = q.where(Contribution.stream_id == stream_id)
    if year is not None:
        q = q.where(Contribution.year == year)
    q = q.order_by(Contribution.year, Contribution.id)
    return [
        ContributionRow(c.id, c.version, code, c.year, c.partner_org_id, name,
                        c.partner_as_printed, c.heading, c.kind, c.amount, c.fte, c.description,
                        c.status, c.invoiced_on, c.received_on)
        for c, code, name in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Total:
    """A sum of known values with a count of unknown ones, split by status."""

    key: str
    amount: Money
    pledged: Money
    invoiced: Money
    received: Money
    unknown_values: int
    fte: Decimal


def _status_sum(status: str) -> Any:
    return func.sum(case((Contribution.status == status, Contribution.amount)))


def _totals(session: Session, key: Any, stream_id: int | None, year: int | None) -> list[Total]:
    q = (
        select(
            key,
            func.sum(Contribution.amount),
            _status_sum("pledged"),
            _status_sum("invoiced"),
            _status_sum("received"),
            func.sum(case((Contribution.amount.is_(None), 1), else_=0)),
            func.sum(Contribution.fte),
        )
        .select_from(Contribution)
        .join(Organisation, Organisation.id == Contribution.partner_org_id)
        .where(*_scope(stream_id, year))
        .group_by(key)
        .order_by(key)
    )
    out = []
    for k, amount, pledged, invoiced, received, unknown, fte in session.execute(q):
        out.append(
            Total(str(k), _m(amount), _m(pledged), _m(invoiced), _m(received), int(unknown or 0),
                  Decimal(fte or 0))
        )  # fmt: skip
    return out


def _scope(stream_id: int | None, year: int | None) -> list[Any]:
    where: list[Any] = [active_batch(Contribution.batch_id)]
    if stream_id is not None:
        where.append(Contribution.stream_id == stream_id)
    if year is not None:
        where.append(Contribution.year == year)
    return where


def _m(value: Any) -> Money:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return Money(value)
    # SUM(CASE …) loses the column type: it comes back as integer pence
    return Money(Decimal(int(value)).scaleb(-2).quantize(Decimal("0.01")))


def pooled_by_heading(session: Session, stream_id: int | None, year: int | None) -> list[Total]:
    """The pooled budget: the sum of contributions per heading."""
    return _totals(session, Contribution.heading, stream_id, year)


def by_partner(session: Session, stream_id: int | None, year: int | None) -> list[Total]:
    """Each partner's total contribution."""
    return _totals(session, Organisation.name, stream_id, year)


def pooled_total(session: Session, stream_id: int | None, year: int | None) -> Money:
    return Money(sum((t.amount for t in pooled_by_heading(session, stream_id, year)), ZERO))
