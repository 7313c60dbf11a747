"""Deciding a request that someone else must approve: virements and carry-forwards.

Both are requested (pending: shown, not counted), then approved or rejected by someone other
than the requester.  :func:`decide` holds the one rule set: the decider's permission on the
stream, a reason to reject, still pending, not your own request, every period it touches open;
then one audited update of status, decider and time.  What differs is declared by the caller:
the row, its label, the permission/audit action name, and the (year, period) spans it touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Stream
from db.types import utcnow
from db.writes import LedgerError, update_row
from fundledger.budget import check_self_approval

from ._common import load, need_reason, refuse
from .locks import assert_open
from .permissions import require

__all__ = ["Request", "decide"]


class Request(Protocol):
    """A virement or carry-forward row, as far as deciding it goes."""

    id: int
    stream_id: int
    status: str
    requested_by: str
    decided_by: str | None


def decide(
    session: Session,
    actor: Actor,
    row: Request,
    *,
    what: str,
    action: str,
    status: str,
    reason: str | None,
    spans: Iterable[tuple[int, int | None]],
    expected_version: int | None = None,
    on_approve: Callable[[Stream], None] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Approve or reject ``row`` (``status`` "approved"/"rejected") as ``actor``.

    ``what`` names the request in messages ("virement"); ``action`` is its permission and audit
    stem ("virement" → ``virement.approve``, ``approve_virement``); ``spans`` are the
    (year, period or None for the year) that must be open; ``on_approve(stream)`` adds a check
    that only an approval needs (a carry-forward's grant conditions); ``extra`` holds further
    columns to write with the decision (it may fill them: a virement's override).
    """
    stream = load(session, Stream, row.stream_id, "stream")
    require(actor, f"{action}.approve", stream.code)
    if status == "rejected":
        reason = need_reason(reason, f"reject a {what}")
    if row.status != "pending":
        raise LedgerError(f"{what} #{row.id} was already {row.status} by {row.decided_by}")
    refuse([check_self_approval(row.requested_by, actor.username, what, status)])
    if status == "approved" and on_approve is not None:
        on_approve(stream)
    for year, period in spans:
        assert_open(session, row.stream_id, year, period)
    update_row(
        session,
        actor,
        row,
        {"status": status, "decided_by": actor.username, "decided_at": utcnow(), **(extra or {})},
        expected_version=expected_version,
        action=f"{'approve' if status == 'approved' else 'reject'}_{action}",
        reason=reason,
    )
