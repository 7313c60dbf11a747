"""Carry-forward: an underspend (or committed balance) of a year moved into the next year.

It is an approved event with a reason, never an edit of a budget: a ``carry_forwards`` row that
the budget reads show on both years (the from-line's revised budget falls, the to-line's rises)
once someone other than the requester approves it.  A stream whose grant conditions forbid
carry-forward (``streams.carry_forward_allowed`` false) refuses it, quoting the condition.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.budget import line_budget
from db.queries.contracts import committed_for_year
from db.schema import BudgetLine, CarryForward, Stream
from db.writes import LedgerError, insert
from fundledger.budget import (
    check_carry_amount,
    check_carry_forward,
    check_positive,
)
from fundledger.money import ZERO, Money

from ._common import load, money, need_reason, refuse
from .approvals import decide
from .locks import assert_open
from .permissions import require

__all__ = [
    "approve_carry_forward",
    "available_to_carry",
    "reject_carry_forward",
    "request_carry_forward",
]

BASES = ("underspend", "committed")


def available_to_carry(session: Session, line_id: int, basis: str) -> Money:
    """What a line can carry: its underspend (revised − actual − pending carry-forwards out),
    or for ``committed`` the committed balance for the year of the contract lines on it."""
    line = load(session, BudgetLine, line_id, "budget line")
    if basis == "committed":
        # a contract names one budget line; in other years it falls on the same-named line
        # (as variance counts it)
        rows = committed_for_year(session, line.year, stream_id=line.stream_id)
        ids = {r.budget_line_id for r in rows if r.budget_line_id is not None}
        q = select(BudgetLine.id, BudgetLine.name).where(BudgetLine.id.in_(ids))
        names = {i: n for i, n in session.execute(q)}
        mine = (r.committed for r in rows if names.get(r.budget_line_id or 0) == line.name)
        return Money(sum(mine, ZERO))
    budget = line_budget(session, line_id)
    assert budget is not None
    held = session.execute(
        select(func.sum(CarryForward.amount)).where(
            CarryForward.from_line_id == line_id, CarryForward.status == "pending"
        )
    ).scalar()
    return Money(budget.underspend - (held or ZERO))


def _stream_allows(stream: Stream, from_year: int, to_year: int) -> None:
    refuse(
        check_carry_forward(
            stream.code, stream.carry_forward_allowed, stream.carry_forward_condition,
            from_year, to_year,
        )
    )  # fmt: skip


def request_carry_forward(
    session: Session,
    actor: Actor,
    *,
    from_line_id: int,
    to_line_id: int,
    amount: Decimal | int | str,
    reason: str | None,
    basis: str = "underspend",
) -> int:
    """Request carrying ``amount`` from a line into a line of the next year; returns its id."""
    src = load(session, BudgetLine, from_line_id, "budget line")
    dst = load(session, BudgetLine, to_line_id, "budget line")
    stream = load(session, Stream, src.stream_id, "stream")
    require(actor, "carry_forward.request", stream.code)
    why = need_reason(reason, "carry forward")
    if basis not in BASES:
        raise LedgerError(f"carry-forward basis must be one of {', '.join(BASES)}")
    _stream_allows(stream, src.year, dst.year)
    value = money(amount)
    problems: list[str | None] = [check_positive(value)]
    if dst.stream_id != src.stream_id:
        problems.append("a carry-forward stays within its stream")
    problems.append(check_carry_amount(value, available_to_carry(session, src.id, basis), basis))
    refuse(problems)
    assert_open(session, src.stream_id, src.year, None)
    assert_open(session, src.stream_id, dst.year, None)
    cf = CarryForward(
        stream_id=src.stream_id,
        from_year=src.year,
        to_year=dst.year,
        from_line_id=src.id,
        to_line_id=dst.id,
        amount=value,
        basis=basis,
        reason=why,
        requested_by=actor.username,
        status="pending",
    )
    insert(session, actor, cf, action="request_carry_forward", reason=why)
    return cf.id


def _decide(
    session: Session,
    actor: Actor,
    cf_id: int,
    status: str,
    reason: str | None,
    expected_version: int | None,
) -> None:
    cf = load(session, CarryForward, cf_id, "carry-forward")
    decide(
        session, actor, cf, what="carry-forward", action="carry_forward", status=status,
        reason=reason, spans=[(cf.from_year, None), (cf.to_year, None)],
        expected_version=expected_version,
        on_approve=lambda stream: _stream_allows(stream, cf.from_year, cf.to_year),
    )  # fmt: skip


def approve_carry_forward(
    session: Session, actor: Actor, cf_id: int, *, expected_version: int | None = None
) -> None:
    """Approve a pending carry-forward (not your own); both years' revised budgets move."""
    _decide(session, actor, cf_id, "approved", None, expected_version)


def reject_carry_forward(
    session: Session,
    actor: Actor,
    cf_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> None:
    _decide(session, actor, cf_id, "rejected", reason, expected_version)
