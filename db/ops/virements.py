"""Virements: budget moved between two lines of one stream and year.

A virement is requested (pending: shown, not counted), then approved by someone other than the
requester (counted in revised budgets) or rejected.  The requester cannot approve their own:
refused here with a clear message, and by the schema's CHECK as a backstop.

A virement may not take the line it moves from below zero available (revised − committed −
actual, :func:`line_available`) — checked when it is requested and again when it is approved —
unless a finance user overrides it with a reason, recorded on the virement and in the audit
log.  The server holds the same rule (migration 0009).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.budget import line_budget
from db.queries.contracts import committed_by_budget_line
from db.schema import BudgetLine, Stream, Virement
from db.writes import LedgerError, insert
from fundledger.budget import check_positive, check_virement_lines
from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import year_label

from ._common import load, money, need_reason, refuse
from .approvals import decide
from .locks import assert_open
from .permissions import require

__all__ = ["approve_virement", "line_available", "reject_virement", "request_virement"]


def line_available(session: Session, line_id: int) -> Money:
    """A line's available: revised budget − committed (its contract lines' profile for the year
    less invoiced, never below zero) − actual, as the server's check works it out."""
    budget = line_budget(session, line_id)
    if budget is None:
        raise LedgerError(f"budget line #{line_id} does not exist")
    line = load(session, BudgetLine, line_id, "budget line")
    committed = committed_by_budget_line(session, line.year, stream_id=line.stream_id)
    return Money(budget.underspend - committed.get(line_id, ZERO))


def _cover(
    session: Session, actor: Actor, src: BudgetLine, value: Money, override: str | None
) -> dict[str, str]:
    """The override columns to record, or {} when the line has the money; refuses otherwise."""
    have = line_available(session, src.id)
    if have - value >= 0:
        return {}
    why = (override or "").strip()
    shortfall = (
        f"moving {format_gbp(value)} out of {src.name} ({year_label(src.year)}) "
        f"would take it below zero available: {format_gbp(have)} available leaves "
        f"{format_gbp(Money(have - value))}"
    )
    if not why:
        raise LedgerError(shortfall + "; finance can override this with a reason")
    if actor.role != "finance":
        raise LedgerError(shortfall + "; only finance can override this")
    return {"override_reason": why, "override_by": actor.username}


def request_virement(
    session: Session,
    actor: Actor,
    *,
    from_line_id: int,
    to_line_id: int,
    amount: Decimal | int | str,
    reason: str | None,
    period: int,
    override: str | None = None,
) -> int:
    """Request a virement (pending until someone else approves it); returns its id.

    ``override`` is finance's reason for letting it take the from-line below zero available."""
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
    cover = _cover(session, actor, src, value, override)
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
        **cover,
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
    override: str | None = None,
) -> None:
    v = load(session, Virement, virement_id, "virement")
    extra: dict[str, str] = {}

    def covered(_stream: Stream) -> None:  # checked again now: the line may have spent since
        if v.override_reason is None:
            src = load(session, BudgetLine, v.from_line_id, "budget line")
            extra.update(_cover(session, actor, src, v.amount, override))

    decide(session, actor, v, what="virement", action="virement", status=status, reason=reason,
           spans=[(v.year, v.period)], expected_version=expected_version, on_approve=covered,
           extra=extra)  # fmt: skip


def approve_virement(
    session: Session,
    actor: Actor,
    virement_id: int,
    *,
    expected_version: int | None = None,
    override: str | None = None,
) -> None:
    """Approve a pending virement (not your own); it then counts in revised budgets.

    ``override`` is finance's reason for approving one that takes its from-line below zero
    available (not needed when the request already carries one)."""
    _decide(session, actor, virement_id, "approved", None, expected_version, override)


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
