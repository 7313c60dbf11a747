"""Revising an agreed original budget: finance only, with a reason, audited (issue 16).

A line's original is entered when the line is added; after that it changes only here — a
:class:`~db.schema.BudgetRevision` row (old, new, reason, who) and the line's new original, in
one transaction — never through the line's edit form.  In-year moves between lines are
virements.  The server refuses any other change of the original (migration 0012).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import BudgetLine, BudgetRevision
from db.writes import LedgerError, insert, update_row
from fundledger.money import format_gbp

from ._common import load, money, need_reason
from .locks import assert_open
from .permissions import require_stream

__all__ = ["revise_original", "revisions"]


def revise_original(
    session: Session,
    actor: Actor,
    line_id: int,
    new_original: Decimal | int | str,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> int:
    """Change line ``line_id``'s original budget to ``new_original``; returns the revision id."""
    row = load(session, BudgetLine, line_id, "budget line")
    require_stream(session, actor, "budget.revise", row.stream_id)
    why = need_reason(reason, "revise an original budget")
    value = money(new_original, "original budget")
    if value == row.original:
        raise LedgerError(f"{row.name}'s original budget is already {format_gbp(value)}")
    assert_open(session, row.stream_id, row.year, None)
    rev = BudgetRevision(budget_line_id=row.id, stream_id=row.stream_id, year=row.year,
                         old_original=row.original, new_original=value, reason=why)  # fmt: skip
    insert(session, actor, rev, action="record_budget_revision", reason=why)
    update_row(session, actor, row, {"original": value}, expected_version=expected_version,
               action="revise_original", reason=why)  # fmt: skip
    return rev.id


def revisions(session: Session, line_id: int) -> list[BudgetRevision]:
    """A line's revisions, oldest first."""
    q = select(BudgetRevision).where(BudgetRevision.budget_line_id == line_id)
    return list(session.execute(q.order_by(BudgetRevision.id)).scalars())
