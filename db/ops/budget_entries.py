"""Recording allocations and budget lines by hand (the app's forms), audited and checked.

An allocation is from a known funder (an organisation), for one year or a range of years.
A budget line belongs to one stream and year; its *original* budget is entered here and is then
agreed: it changes only through a budget revision (``db.ops.budget_revisions``, finance) and
in-year moves go through virements (``db.ops.virements``), never by editing the line.  A whole-year lock on the stream and year refuses both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Allocation, BudgetLine, Organisation
from db.writes import LedgerError, insert, update_row
from fundledger.orgs import normalise
from fundledger.years import FinancialYear

from ._common import load, money, need_reason, refuse
from .locks import assert_open
from .permissions import require_stream

__all__ = [
    "ALLOCATION_FIELDS",
    "BUDGET_LINE_FIELDS",
    "AllocationInput",
    "BudgetLineInput",
    "add_allocation",
    "add_budget_line",
    "edit_allocation",
    "edit_budget_line",
]

ALLOCATION_FIELDS = frozenset(
    {
        "stream_id",
        "funder_org_id",
        "year_from",
        "year_to",
        "amount",
        "amount_text",
        "approximate",
        "mechanism",
        "status",
        "label",
        "source_ref",
    }
)
BUDGET_LINE_FIELDS = frozenset(
    {"name", "code", "category", "org_id", "allocation_id", "original", "eligible", "sort_order"}
)
STATUSES = ("confirmed", "expected", "tbc")


@dataclass(frozen=True, slots=True)
class AllocationInput:
    stream_id: int
    funder_org_id: int
    year_from: int
    year_to: int
    amount: Decimal | int | str
    status: str = "confirmed"
    mechanism: str | None = None
    label: str | None = None
    amount_text: str | None = None
    approximate: bool = False
    source_ref: str | None = None


@dataclass(frozen=True, slots=True)
class BudgetLineInput:
    stream_id: int
    year: int
    name: str
    original: Decimal | int | str
    code: str | None = None
    category: str | None = None
    org_id: int | None = None
    allocation_id: int | None = None
    eligible: bool | None = None
    sort_order: int = 0


def _allocation_problems(session: Session, f: Mapping[str, Any]) -> list[str | None]:
    problems: list[str | None] = []
    if f["year_to"] < f["year_from"]:
        problems.append("the allocation's last year is before its first year")
    if f["funder_org_id"] is None or session.get(Organisation, f["funder_org_id"]) is None:
        problems.append("the funder must be a known organisation")
    if f["status"] not in STATUSES:
        problems.append(f"status {f['status']!r} is not one of {', '.join(STATUSES)}")
    if f["amount"] < 0:
        problems.append("an allocation cannot be negative")
    return problems


def _check_years_change(row: Allocation, after: Mapping[str, Any], reason: str | None) -> None:
    """An allocation's years change only with a reason, and a range is never edited into one
    year: that is a split (one allocation per year, adding up), not an edit."""
    before, now = (row.year_from, row.year_to), (after["year_from"], after["year_to"])
    if before == now:
        return
    if row.year_from != row.year_to and now[0] == now[1]:
        raise LedgerError(
            f"{row.label or f'allocation #{row.id}'} covers {FinancialYear(row.year_from).code} "
            f"to {FinancialYear(row.year_to).code}: split it into years (Split into years…, or "
            f"fundledger allocation split {row.id}) rather than editing its years"
        )
    need_reason(reason, "change an allocation's years")


def _years_open(session: Session, stream_id: int, first: int, last: int) -> None:
    for year in range(first, last + 1):
        assert_open(session, stream_id, year, None)


def add_allocation(session: Session, actor: Actor, data: AllocationInput) -> int:
    """Record an allocation; returns its id."""
    require_stream(session, actor, "allocation.write", data.stream_id)
    fields: dict[str, Any] = {
        "stream_id": data.stream_id,
        "funder_org_id": data.funder_org_id,
        "year_from": data.year_from,
        "year_to": data.year_to,
        "amount": money(data.amount),
        "status": data.status,
        "mechanism": data.mechanism,
        "label": data.label,
        "amount_text": data.amount_text,
        "approximate": data.approximate,
        "source_ref": data.source_ref,
    }
    refuse(_allocation_problems(session, fields))
    _years_open(session, data.stream_id, data.year_from, data.year_to)
    row = insert(session, actor, Allocation(**fields), action="add_allocation")
    return row.id


def edit_allocation(
    session: Session,
    actor: Actor,
    allocation_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Change an allocation (version-checked, audited)."""
    unknown = set(changes) - ALLOCATION_FIELDS
    if unknown:
        raise LedgerError(f"cannot edit {', '.join(sorted(unknown))} on an allocation")
    row = load(session, Allocation, allocation_id, "allocation")
    values = dict(changes)
    if "amount" in values:
        values["amount"] = money(values["amount"])
    after = {k: values.get(k, getattr(row, k)) for k in ALLOCATION_FIELDS}
    require_stream(session, actor, "allocation.write", row.stream_id)
    if after["stream_id"] != row.stream_id:
        require_stream(session, actor, "allocation.write", after["stream_id"])
    refuse(_allocation_problems(session, after))
    _check_years_change(row, after, reason)
    _years_open(session, row.stream_id, row.year_from, row.year_to)
    _years_open(session, after["stream_id"], after["year_from"], after["year_to"])
    update_row(
        session,
        actor,
        row,
        values,
        expected_version=expected_version,
        action="edit_allocation",
        reason=reason,
        seen=seen,
    )


def _line_problems(
    session: Session, stream_id: int, year: int, f: Mapping[str, Any], own: int | None
) -> list[str | None]:
    problems: list[str | None] = []
    name = (f.get("name") or "").strip()
    if not name:
        problems.append("a budget line needs a name")
    # names that read the same ("Children's Homes & Residential", "childrens homes and
    # residential") are one line to coding rules, --line and suggestions, which match names
    # normalised: two such lines in a year would leave one of them unreachable
    same = [
        (lid, other)
        for lid, other in session.execute(
            select(BudgetLine.id, BudgetLine.name).where(
                BudgetLine.stream_id == stream_id, BudgetLine.year == year
            )
        )
        if lid != own and name and normalise(other) == normalise(name)
    ]
    if same and same[0][1] == name:
        problems.append(f"there is already a budget line called {name!r} for this stream and year")
    elif same:
        problems.append(
            f"there is already a budget line called {same[0][1]!r} for this stream and year, "
            f"which {name!r} would be taken for (names are matched whatever their case, spaces, "
            "apostrophes and & or and)"
        )
    org_id = f.get("org_id")
    if org_id is not None and session.get(Organisation, org_id) is None:
        problems.append(f"organisation #{org_id} does not exist")
    return problems


def add_budget_line(session: Session, actor: Actor, data: BudgetLineInput) -> int:
    """Add a budget line with its original budget; returns its id."""
    require_stream(session, actor, "budget.write", data.stream_id)
    fields: dict[str, Any] = {
        "name": data.name.strip(),
        "code": data.code,
        "category": data.category,
        "org_id": data.org_id,
        "allocation_id": data.allocation_id,
        "original": money(data.original, "original budget"),
        "eligible": data.eligible,
        "sort_order": data.sort_order,
    }
    refuse(_line_problems(session, data.stream_id, data.year, fields, None))
    assert_open(session, data.stream_id, data.year, None)
    row = BudgetLine(stream_id=data.stream_id, year=data.year, **fields)
    insert(session, actor, row, action="add_budget_line")
    return row.id


def edit_budget_line(
    session: Session,
    actor: Actor,
    line_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Change a budget line's details (version-checked, audited); its original budget only
    through ``db.ops.budget_revisions.revise_original``."""
    unknown = set(changes) - BUDGET_LINE_FIELDS
    if unknown:
        raise LedgerError(f"cannot edit {', '.join(sorted(unknown))} on a budget line")
    row = load(session, BudgetLine, line_id, "budget line")
    require_stream(session, actor, "budget.write", row.stream_id)
    values = dict(changes)
    if "original" in values:
        values["original"] = money(values["original"], "original budget")
        if values["original"] != row.original:
            raise LedgerError(
                f"{row.name}'s original budget is agreed: it changes only through Revise "
                "original… (finance, with a reason); in-year moves are virements"
            )
    if "name" in values:
        values["name"] = str(values["name"]).strip()
    after = {k: values.get(k, getattr(row, k)) for k in BUDGET_LINE_FIELDS}
    refuse(_line_problems(session, row.stream_id, row.year, after, row.id))
    assert_open(session, row.stream_id, row.year, None)
    update_row(
        session,
        actor,
        row,
        values,
        expected_version=expected_version,
        action="edit_budget_line",
        reason=reason,
        seen=seen,
    )
