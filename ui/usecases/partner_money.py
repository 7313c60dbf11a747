"""The contributions, recharges and income pages' reads, and a contribution's status change.

One read per call, frozen rows back; the Qt pages run them off the GUI thread.  The forms'
writes are :mod:`ui.usecases.lifecycle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops.contributions import set_contribution_status
from db.queries import contributions as kq
from db.queries import income as iq
from db.queries import recharges as rq
from db.queries.contributions import ContributionRow, Total
from db.queries.forms import form_choices
from db.queries.income import CategoryTotal, IncomeRow, RoiResult
from db.queries.recharges import RechargeRow, RechargeSummary
from db.schema import Stream

__all__ = [
    "CategoryTotal",
    "ContributionRow",
    "ContributionsView",
    "IncomeRow",
    "IncomeView",
    "RechargeRow",
    "RechargeSummary",
    "RoiResult",
    "Total",
    "contributions_view",
    "edit_contribution",
    "income_view",
    "set_status",
]


def _stream_id(s: Session, code: str | None) -> int | None:
    if not code:
        return None
    found = s.execute(select(Stream.id).where(Stream.code == code)).scalar()
    return None if found is None else int(found)


@dataclass(frozen=True, slots=True)
class ContributionsView:
    """Partner contributions, the pooled budget by heading, and recharges with their summary."""

    contributions: list[ContributionRow]
    headings: list[Total]
    recharges: list[RechargeRow]
    summary: RechargeSummary


def contributions_view(
    ledger: Ledger, stream_code: str | None, year: int | None, today: date
) -> ContributionsView:
    with ledger.read() as s:
        sid = _stream_id(s, stream_code)
        rows = rq.recharges(s, today=today, stream_id=sid, year=year)
        return ContributionsView(
            kq.contributions(s, stream_id=sid, year=year),
            kq.pooled_by_heading(s, sid, year),
            rows,
            rq.summary(rows),
        )


def set_status(ledger: Ledger, contribution_id: int, status: str, on: date, version: int) -> None:
    """Move a contribution on (pledged → invoiced → received), version-checked."""
    with ledger.write() as s:
        set_contribution_status(
            s, ledger.actor, contribution_id, status, on=on, expected_version=version
        )


def edit_contribution(
    ledger: Ledger, contribution_id: int, changes: dict[str, object], reason: str | None
) -> None:
    """Change a contribution's heading, kind, amount, FTE, description or line (audited)."""
    from db.ops.contributions import edit_contribution as edit
    from db.schema import Contribution

    with ledger.write() as s:
        row = s.get(Contribution, contribution_id)
        version = row.version if row is not None else 0
        edit(s, ledger.actor, contribution_id, changes, expected_version=version, reason=reason)


@dataclass(frozen=True, slots=True)
class IncomeView:
    """Income items, totals by category and the return on council investment (or None)."""

    items: list[IncomeRow]
    categories: list[CategoryTotal]
    roi: RoiResult | None


def income_view(
    ledger: Ledger, stream_code: str | None, basis: str, year: int | None
) -> IncomeView:
    """Income for a financial (``basis`` "fy") or calendar year; ROI is the stream's (the
    ledger's first commercial-income stream when none is chosen)."""
    fy = year if basis == "fy" else None
    cal = year if basis == "calendar" else None
    with ledger.read() as s:
        code = stream_code or form_choices(s).first_stream("income", "commercial_income")
        sid = _stream_id(s, code)
        scope = sid if stream_code else None
        roi = None
        if sid is not None and year is not None:
            roi = iq.return_on_investment(s, sid, fy=fy, calendar=cal)
        return IncomeView(
            iq.income_items(s, stream_id=scope, fy=fy, calendar=cal),
            iq.by_category(s, scope, fy=fy, calendar=cal),
            roi,
        )
