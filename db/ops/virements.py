"""Virements: budget moved between two lines of one stream and year.

A virement is requested (pending: shown, not counted), then approved by someone other than the
requester (counted in revised budgets) or rejected.  The requester cannot approve their own:
refused here with a clear message, and by the schema's CHECK as a backstop.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import BudgetLine, Stream, Virement
from db.writes import insert
from fundledger.budget import check_positive, check_virement_lines

from ._common import load, money, need_reason, refuse
from .approvals import decide
from .locks import assert_open
from .permissions import require

__all__ = ["approve_virement", "reject_virement", "request_virement"]


def request_virement(
    session: Session,
    actor: Actor,
    *,
    from_line_id: int,
    to_line_id: int,
    amount: Decimal | int | str,
    reason: str | None,
    period: int,
) -> int:
    """Request a virement (pending until someone else approves it); returns its id."""
    src = load(session, BudgetLine, from_line_id, "budget line")
    dst = load(session, BudgetLine, to_line_id, "budget line")
    stream = load(session, Stream, src.stream_id, "stream")
    require(actor, "virement.request", stream.code)
    why = need_reason(reason, "request a virement")
    value = money(amount)
    problems: list[str | None] = [check_positive(value)]
    problems += check_virement_lines(
        src.stream_id, src.year, dst.stream_id, dst.year, src.id == dst.id
    )
    if not 1 <= period <= 12:
        problems.append(f"period {period} is not between 1 and 12")
    refuse(problems)
    assert_open(session, src.stream_id, src.year, period)
    v = Virement(
        stream_id=src.stream_id,
        year=src.year,
        period=period,
        from_line_id=src.id,
        to_line_id=dst.id,
        amount=value,
        reason=why,
        requested_by=actor.username,
        status="pending",
    )
    insert(session, actor, v, action="request_virement", reason=why)
    return v.id


def _decide(
    session: Session,
    actor: Actor,
    virement_id: int,
    status: str,
    reason: str | None,
    expected_version: int | None,
) -> None:
    v = load(session, Virement, virement_id, "virement")
    decide(session, actor, v, what="virement", action="virement", status=status, reason=reason,
           spans=[(v.year, v.period)], expected_version=expected_version)  # fmt: skip


def approve_virement(
    session: Session, actor: Actor, virement_id: int, *, expected_version: int | None = None
) -> None:
    """Approve a pending virement (not your own); it then counts in revised budgets."""
    _decide(session, actor, virement_id, "approved", None, expected_version)


def reject_virement(
    session: Session,
    actor: Actor,
    virement_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> None:
    """Reject a pending virement, with a reason."""
    _decide(session, actor, virement_id, "rejected", reason, expected_version)
