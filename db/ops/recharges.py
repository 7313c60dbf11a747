"""Recharges raised to partners (e.g. £5,000 a year to each district and Rutland for DHRs).

Raised in bulk with a due date; a receipt marks one paid; ``overdue`` is never stored — it is
derived (raised and due before today) by :func:`fundledger.income.recharge_status`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Organisation, Recharge
from db.writes import LedgerError, insert, update_row
from fundledger.budget import check_positive
from fundledger.money import Money
from fundledger.years import period_of, year_of

from ._common import load, money, need_reason, refuse
from .locks import assert_open
from .permissions import require_stream

__all__ = ["cancel_recharge", "raise_recharges", "record_receipt"]


def _period(year: int, on: date) -> int | None:
    return period_of(on) if year_of(on).start_year == year else None


def raise_recharges(
    session: Session,
    actor: Actor,
    *,
    stream_id: int,
    year: int,
    org_ids: Sequence[int],
    amount: Decimal | int | str,
    description: str,
    raised_on: date,
    due_on: date,
    reference_prefix: str | None = None,
) -> list[int]:
    """Raise the same recharge to each organisation (one action); returns the new ids."""
    require_stream(session, actor, "recharge.write", stream_id)
    value = money(amount)
    problems: list[str | None] = [check_positive(value)]
    if not description.strip():
        problems.append("a recharge needs a description")
    if due_on < raised_on:
        problems.append("the due date is before the date raised")
    if not org_ids:
        problems.append("choose at least one partner to recharge")
    if len(set(org_ids)) != len(org_ids):
        problems.append("a partner is listed twice")
    refuse(problems)
    orgs = [load(session, Organisation, i, "organisation") for i in org_ids]
    _refuse_duplicates(session, stream_id, year, org_ids, description.strip(), orgs)
    assert_open(session, stream_id, year, _period(year, raised_on))
    ids = []
    for n, org in enumerate(orgs, 1):
        ref = f"{reference_prefix}-{n:02d}" if reference_prefix else None
        r = Recharge(stream_id=stream_id, year=year, org_id=org.id, amount=value,
                     description=description.strip(), reference=ref, raised_on=raised_on,
                     due_on=due_on, status="raised")  # fmt: skip
        insert(session, actor, r, action="raise_recharge")
        ids.append(r.id)
    return ids


def _refuse_duplicates(
    session: Session,
    stream_id: int,
    year: int,
    org_ids: Sequence[int],
    description: str,
    orgs: Sequence[Organisation],
) -> None:
    q = select(Recharge.org_id).where(
        Recharge.stream_id == stream_id,
        Recharge.year == year,
        Recharge.description == description,
        Recharge.org_id.in_(list(org_ids)),
    )
    done = set(session.execute(q).scalars())
    if done:
        names = ", ".join(o.name for o in orgs if o.id in done)
        raise LedgerError(f"already raised for this year and purpose: {names}")


def record_receipt(
    session: Session,
    actor: Actor,
    recharge_id: int,
    *,
    paid_on: date,
    amount: Decimal | int | str | None = None,
    expected_version: int | None = None,
) -> None:
    """Record money received against a recharge (the full amount unless given); part payments
    accumulate and the recharge is paid once they reach its amount."""
    r = load(session, Recharge, recharge_id, "recharge")
    require_stream(session, actor, "recharge.write", r.stream_id)
    if r.status != "raised":
        raise LedgerError(f"recharge #{r.id} is {r.status}; only a raised recharge can be paid")
    received = r.amount if amount is None else money(amount)
    refuse([check_positive(received, "amount received")])
    total = Money(received + (r.paid_amount or Decimal(0)))
    if total > r.amount:
        raise LedgerError(f"receipts of {total} would exceed the recharge of {r.amount}")
    assert_open(session, r.stream_id, r.year, _period(r.year, paid_on))
    changes = {"paid_amount": total, "paid_on": paid_on}
    if total == r.amount:
        changes["status"] = "paid"
    update_row(session, actor, r, changes, expected_version=expected_version,
               action="recharge_receipt")  # fmt: skip


def cancel_recharge(
    session: Session,
    actor: Actor,
    recharge_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> None:
    """Cancel a raised recharge (raised in error); audited with the reason."""
    r = load(session, Recharge, recharge_id, "recharge")
    require_stream(session, actor, "recharge.write", r.stream_id)
    why = need_reason(reason, "cancel a recharge")
    if r.status != "raised" or r.paid_amount:
        raise LedgerError(f"recharge #{r.id} has money received; it cannot be cancelled")
    assert_open(session, r.stream_id, r.year, _period(r.year, r.raised_on))
    update_row(session, actor, r, {"status": "cancelled"}, expected_version=expected_version,
               action="cancel_recharge", reason=why)  # fmt: skip
