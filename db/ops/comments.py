"""Variance commentary: a budget holder's note on a budget line for a period (audited).

Comments are never edited or deleted; a newer comment on the same line and period supersedes
the older one in views (both stay in the ledger and the audit log).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import BudgetLine, Stream, VarianceComment
from db.writes import LedgerError, insert

from .permissions import require

MAX_LENGTH = 2000


def add_comment(
    session: Session, actor: Actor, budget_line_id: int, period: int, comment: str
) -> VarianceComment:
    """Attach ``comment`` to a budget line for ``period`` (1–12) of the line's year."""
    line = session.get(BudgetLine, budget_line_id)
    if line is None:
        raise LedgerError(f"budget line #{budget_line_id} does not exist")
    stream = session.get(Stream, line.stream_id)
    require(actor, "forecast.write", stream.code if stream else None)
    text = (comment or "").strip()
    if not text:
        raise LedgerError("a variance comment cannot be empty")
    if len(text) > MAX_LENGTH:
        raise LedgerError(f"a variance comment is at most {MAX_LENGTH} characters ({len(text)})")
    if not 1 <= period <= 12:
        raise LedgerError(f"period {period} is not between 1 and 12")
    row = VarianceComment(budget_line_id=line.id, year=line.year, period=period, comment=text)
    return insert(session, actor, row, action="variance_comment")
