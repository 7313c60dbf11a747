"""Income items (place marketing): raised (invoiced), then received, or cancelled.

Categories are :data:`fundledger.income.CATEGORIES`; a commercial package's amount must equal
its list price less any discount.  Council investment (for ROI) is flagged on the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import IncomeItem
from db.writes import LedgerError, insert, update_row
from fundledger.budget import check_charge, check_positive
from fundledger.income import check_category, check_package_price
from fundledger.years import period_of, year_of

from ._common import load, money, need_reason, refuse
from .locks import assert_open
from .permissions import require_stream

__all__ = ["IncomeInput", "add_income", "cancel_income", "record_income_receipt"]


@dataclass(frozen=True, slots=True)
class IncomeInput:
    stream_id: int
    category: str
    customer: str
    amount: Decimal | int | str
    raised_on: date
    year: int | None = None
    period: int | None = None
    list_price: Decimal | int | str | None = None
    discount: Decimal | int | str | None = None
    description: str | None = None
    reference: str | None = None
    customer_org_id: int | None = None
    budget_line_id: int | None = None
    is_council_investment: bool = False
    status: str = "raised"
    received_on: date | None = None


def add_income(
    session: Session, actor: Actor, data: IncomeInput, *, batch_id: int | None = None
) -> int:
    """Record income raised (or already received); returns its id."""
    require_stream(session, actor, "income.write", data.stream_id)
    amount = money(data.amount)
    lp = None if data.list_price is None else money(data.list_price, "list price")
    disc = None if data.discount is None else money(data.discount, "discount")
    year = data.year if data.year is not None else year_of(data.raised_on).start_year
    period = data.period if data.period is not None else period_of(data.raised_on)
    problems: list[str | None] = [check_category(data.category), check_positive(amount)]
    problems += [check_package_price(lp, disc, amount), *check_charge(data.raised_on, year, period)]
    if not data.customer.strip():
        problems.append("income needs a customer")
    if data.status not in ("raised", "received"):
        problems.append("new income is raised or received")
    refuse(problems)
    assert_open(session, data.stream_id, year, period)
    item = IncomeItem(
        stream_id=data.stream_id, budget_line_id=data.budget_line_id, category=data.category,
        customer=data.customer.strip(), customer_org_id=data.customer_org_id,
        description=data.description, reference=data.reference, list_price=lp, discount=disc,
        amount=amount, raised_on=data.raised_on, year=year, period=period, status=data.status,
        received_on=data.received_on or (data.raised_on if data.status == "received" else None),
        is_council_investment=data.is_council_investment, batch_id=batch_id,
    )  # fmt: skip
    insert(session, actor, item, action="add_income", batch_id=batch_id)
    return item.id


def record_income_receipt(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    received_on: date,
    expected_version: int | None = None,
) -> None:
    """Mark raised income as received on a date."""
    item = load(session, IncomeItem, item_id, "income item")
    require_stream(session, actor, "income.write", item.stream_id)
    if item.status != "raised":
        raise LedgerError(f"income #{item.id} is {item.status}, not raised")
    assert_open(session, item.stream_id, item.year, item.period)
    update_row(session, actor, item, {"status": "received", "received_on": received_on},
               expected_version=expected_version, action="income_received")  # fmt: skip


def cancel_income(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> None:
    """Cancel income raised in error (never deleted); needs a reason."""
    item = load(session, IncomeItem, item_id, "income item")
    require_stream(session, actor, "income.write", item.stream_id)
    why = need_reason(reason, "cancel income")
    if item.status == "cancelled":
        raise LedgerError(f"income #{item.id} is already cancelled")
    assert_open(session, item.stream_id, item.year, item.period)
    update_row(session, actor, item, {"status": "cancelled"}, expected_version=expected_version,
               action="cancel_income", reason=why)  # fmt: skip
