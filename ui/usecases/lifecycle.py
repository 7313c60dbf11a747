"""Budget and commitment lifecycle use cases: each is one write transaction as the ledger's
actor (virements, carry-forward, forecasts, period locks, contracts, contributions, recharges,
income, transactions).  Thin: the rules live in ``fundledger``, the writes in ``db.ops``.

Refusals raise :class:`db.writes.LedgerError` with a message for the user; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops import (
    carry_forward,
    contracts,
    contributions,
    forecasts,
    income,
    locks,
    recharges,
    transactions,
    virements,
)
from db.ops.contributions import ContributionInput
from db.ops.income import IncomeInput
from db.schema import Organisation, Stream
from db.writes import LedgerError
from fundledger.money import Money

T = TypeVar("T")

__all__ = [
    "ContributionInput",
    "IncomeInput",
    "approve_carry_forward",
    "approve_movement",
    "approve_virement",
    "close_period",
    "enter_forecast",
    "raise_recharges",
    "reject_carry_forward",
    "reject_movement",
    "reject_virement",
    "reopen_period",
    "request_carry_forward",
    "request_virement",
    "stream_id",
    "write",
]


def write(ledger: Ledger, op: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``op(session, actor, *args, **kwargs)`` in one write transaction."""
    with ledger.write() as session:
        return op(session, ledger.actor, *args, **kwargs)


def stream_id(session: Session, code: str) -> int:
    found = session.execute(select(Stream.id).where(Stream.code == code)).scalar_one_or_none()
    if found is None:
        raise LedgerError(f"there is no stream {code!r}")
    return found


def request_virement(
    ledger: Ledger,
    from_line_id: int,
    to_line_id: int,
    amount: Decimal,
    reason: str,
    period: int,
    override: str | None = None,
) -> int:
    """Request a virement; ``override`` is finance's reason for one that takes the from-line
    below zero available (refused without it)."""
    return write(ledger, virements.request_virement, from_line_id=from_line_id,
                 to_line_id=to_line_id, amount=amount, reason=reason, period=period,
                 override=override)  # fmt: skip


def approve_virement(ledger: Ledger, virement_id: int, override: str | None = None) -> None:
    write(ledger, virements.approve_virement, virement_id, override=override)


def line_available(ledger: Ledger, line_id: int) -> Money:
    """A budget line's available (revised − committed − actual), as the virement check has it."""
    with ledger.read() as session:
        return virements.line_available(session, line_id)


def reject_virement(ledger: Ledger, virement_id: int, reason: str) -> None:
    write(ledger, virements.reject_virement, virement_id, reason=reason)


def request_carry_forward(
    ledger: Ledger,
    from_line_id: int,
    to_line_id: int,
    amount: Decimal,
    reason: str,
    basis: str = "underspend",
) -> int:
    return write(ledger, carry_forward.request_carry_forward, from_line_id=from_line_id,
                 to_line_id=to_line_id, amount=amount, reason=reason, basis=basis)  # fmt: skip


def approve_carry_forward(ledger: Ledger, cf_id: int) -> None:
    write(ledger, carry_forward.approve_carry_forward, cf_id)


def reject_carry_forward(ledger: Ledger, cf_id: int, reason: str) -> None:
    write(ledger, carry_forward.reject_carry_forward, cf_id, reason=reason)


def approve_movement(
    ledger: Ledger, is_carry_forward: bool, request_id: int, override: str | None = None
) -> None:
    """Approve a pending virement or (``is_carry_forward``) carry-forward; ``override`` as for
    :func:`approve_virement`."""
    if is_carry_forward:
        approve_carry_forward(ledger, request_id)
    else:
        approve_virement(ledger, request_id, override)


def reject_movement(ledger: Ledger, is_carry_forward: bool, request_id: int, reason: str) -> None:
    """Reject a pending virement or (``is_carry_forward``) carry-forward, saying why."""
    if is_carry_forward:
        reject_carry_forward(ledger, request_id, reason)
    else:
        reject_virement(ledger, request_id, reason)


def enter_forecast(
    ledger: Ledger,
    budget_line_id: int,
    period: int,
    amount: Decimal,
    commentary: str | None,
    phasing: Sequence[Decimal] | None = None,
) -> int:
    """A forecast outturn for a line at a period, with commentary and optionally its phasing
    by period (one audited write); its id."""
    return write(ledger, forecasts.enter_forecast, budget_line_id=budget_line_id, period=period,
                 amount=amount, commentary=commentary, phasing=phasing)  # fmt: skip


def close_period(
    ledger: Ledger, year: int, period: int | None, stream_id: int | None, reason: str | None
) -> int:
    return write(ledger, locks.close_period, year=year, period=period, stream_id=stream_id,
                 reason=reason)  # fmt: skip


def reopen_period(ledger: Ledger, lock_id: int, reason: str) -> None:
    write(ledger, locks.reopen, lock_id, reason=reason)


def raise_recharges(
    ledger: Ledger,
    stream_code: str,
    year: int,
    org_ids: Sequence[int],
    amount: Decimal,
    description: str,
    raised_on: date,
    due_on: date,
    reference_prefix: str | None = None,
) -> list[int]:
    with ledger.write() as session:
        sid = stream_id(session, stream_code)
        return recharges.raise_recharges(
            session, ledger.actor, stream_id=sid, year=year, org_ids=org_ids, amount=amount,
            description=description, raised_on=raised_on, due_on=due_on,
            reference_prefix=reference_prefix,
        )  # fmt: skip


def record_recharge_receipt(
    ledger: Ledger, recharge_id: int, paid_on: date, amount: Decimal | None = None
) -> None:
    write(ledger, recharges.record_receipt, recharge_id, paid_on=paid_on, amount=amount)


def record_income_receipt(ledger: Ledger, item_id: int, received_on: date) -> None:
    write(ledger, income.record_income_receipt, item_id, received_on=received_on)


def add_income(ledger: Ledger, data: income.IncomeInput) -> int:
    return write(ledger, income.add_income, data)


def add_contribution(ledger: Ledger, data: contributions.ContributionInput) -> int:
    return write(ledger, contributions.add_contribution, data)


def add_contract_line(ledger: Ledger, data: contracts.ContractInput) -> int:
    return write(ledger, contracts.add_contract_line, data)


def decide_extension(
    ledger: Ledger, extension_id: int, decision: str, decided_on: date, note: str | None = None
) -> None:
    from db.writes import LedgerError
    from fundledger.contracts import check_decided_on

    from .variance import today

    problem = check_decided_on(decided_on, today())
    if problem is not None:
        raise LedgerError(problem)
    write(ledger, contracts.decide_extension, extension_id, decision, decided_on=decided_on,
          note=note)  # fmt: skip


def add_transaction(ledger: Ledger, data: transactions.TransactionInput) -> int:
    return write(ledger, transactions.add_transaction, data)


def reverse_transaction(ledger: Ledger, txn_id: int, reason: str) -> int:
    return write(ledger, transactions.reverse_transaction, txn_id, reason=reason)


def organisations(ledger: Ledger, kinds: Sequence[str]) -> list[tuple[int, str]]:
    """(id, name) of organisations of the given kinds, by name (for pickers)."""
    with ledger.read() as s:
        q = select(Organisation.id, Organisation.name).where(Organisation.kind.in_(list(kinds)))
        return [(i, n) for i, n in s.execute(q.order_by(Organisation.name))]
