"""Changing a stream's RAG thresholds (reference data: administrators and finance)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Stream
from db.writes import update_row

from ._common import load, refuse
from .permissions import require


def _pct_problem(value: Decimal, what: str) -> str | None:
    if not Decimal(0) <= value <= Decimal(100):
        return f"{what} must be between 0 and 100 percent, not {value}"
    if value != value.quantize(Decimal("0.01")):
        return f"{what} has more than two decimal places"
    return None


def set_rag_thresholds(
    session: Session,
    actor: Actor,
    stream_id: int,
    red_forecast_pct: Decimal,
    amber_profile_pct: Decimal,
    *,
    expected_version: int,
    reason: str | None = None,
) -> None:
    """Set when a stream's lines turn red (forecast overspend %) and amber (off profile)."""
    stream = load(session, Stream, stream_id, "stream")
    require(actor, "reference.write", stream.code)
    refuse(
        [
            _pct_problem(red_forecast_pct, "the red threshold"),
            _pct_problem(amber_profile_pct, "the amber threshold"),
        ]
    )
    update_row(
        session,
        actor,
        stream,
        {"red_forecast_pct": red_forecast_pct, "amber_profile_pct": amber_profile_pct},
        expected_version=expected_version,
        action="set_rag_thresholds",
        reason=reason,
    )
