"""The state of a year's periods (``fundledger period list``, the close dialog): one read over
:mod:`db.queries.periods`, which reads the Core tables.

Apart from :mod:`ui.usecases.periods` (which re-exports it with the closes, reopens and
reversals) so that listing the periods imports neither the write operations nor the ORM
mappers they define (issue 23).
"""

from __future__ import annotations

from typing import Any

from db.ledger import Ledger
from db.queries.periods import PeriodState, period_states
from fundledger.years import period_label

__all__ = ["PeriodState", "period_json", "states"]


def states(ledger: Ledger, year: int) -> list[PeriodState]:
    """P01…P12 of ``year`` with the locks covering each."""
    with ledger.read_core() as s:
        return period_states(s, year)


def period_json(state: PeriodState) -> dict[str, Any]:
    return {
        "period": period_label(state.period),
        "month": state.month,
        "closed": state.closed_for_all,
        "closed_for": ["all"] if state.closed_for_all else list(state.closed_streams),
        "locks": [
            {"id": x.id, "stream": x.stream, "whole_year": x.whole_year, "reason": x.reason,
             "closed_by": x.closed_by, "closed_at": x.closed_at.isoformat()}
            for x in state.locks
        ],
    }  # fmt: skip
