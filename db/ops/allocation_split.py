"""Splitting a range allocation into years: the explicit, audited action SPEC §2 asks for.

A printed allocation may cover a range of years ("2025 – 2026/ 2026-2027: £1,463,965") and is
held as a range, counted in no one year, until someone splits it.  The split gives an amount
for every year of the range, adding up exactly to the allocation; it records one allocation per
year (same funder, mechanism, status and source) and marks the range superseded, naming what it
was split into, with the reason — one transaction, every row audited.  Nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Allocation
from db.writes import LedgerError, insert, update_row
from fundledger.money import ZERO, Money, format_gbp, split
from fundledger.years import FinancialYear

from ._common import load, money, need_reason
from .locks import assert_open
from .permissions import require_stream

__all__ = ["even_split", "split_allocation", "split_problems"]


def even_split(amount: Decimal, first: int, last: int) -> dict[int, Money]:
    """The amount shared equally over the years, largest remainder (the parts add up)."""
    years = list(range(first, last + 1))
    return dict(zip(years, split(amount, [1] * len(years)), strict=True))


def _name(row: Allocation) -> str:
    return row.label or f"allocation #{row.id}"


def split_problems(row: Allocation, amounts: Mapping[int, Money]) -> list[str]:
    """Why ``amounts`` (year → amount) cannot split ``row`` (nothing when they can)."""
    if row.year_from == row.year_to:
        return [f"{_name(row)} covers one year ({FinancialYear(row.year_from).code}): there is "
                "nothing to split"]  # fmt: skip
    if row.superseded or row.split_into:
        return [f"{_name(row)} has already been split ({row.split_into or 'superseded'})"]
    years = set(range(row.year_from, row.year_to + 1))
    out: list[str] = []
    missing = sorted(years - set(amounts))
    extra = sorted(set(amounts) - years)
    if missing:
        out.append("give an amount for " + ", ".join(FinancialYear(y).code for y in missing))
    if extra:
        out.append(", ".join(FinancialYear(y).code for y in extra) + " is not in the range "
                   f"{FinancialYear(row.year_from).code} to {FinancialYear(row.year_to).code}")  # fmt: skip
    out += [f"{FinancialYear(y).code}: an amount cannot be negative"
            for y, a in sorted(amounts.items()) if a < 0]  # fmt: skip
    total = Money(sum(amounts.values(), ZERO))
    if not out and total != row.amount:
        out.append(
            f"the years add up to {format_gbp(total)}, not the allocation's "
            f"{format_gbp(row.amount)} (a difference of {format_gbp(row.amount - total)})"
        )
    return out


def split_allocation(
    session: Session,
    actor: Actor,
    allocation_id: int,
    amounts: Mapping[int, Decimal | str],
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> list[int]:
    """Split a range allocation into one allocation per year; the new allocations' ids."""
    row = load(session, Allocation, allocation_id, "allocation")
    require_stream(session, actor, "allocation.write", row.stream_id)
    why = need_reason(reason, "split an allocation into years")
    values = {y: money(a, f"the {FinancialYear(y).code} amount") for y, a in amounts.items()}
    problems = split_problems(row, values)
    if problems:
        raise LedgerError("; ".join(problems))
    for year in values:
        assert_open(session, row.stream_id, year, None)
    made = []
    for year, amount in sorted(values.items()):
        part = Allocation(
            stream_id=row.stream_id, funder_org_id=row.funder_org_id,
            recipient_org_id=row.recipient_org_id, year_from=year, year_to=year, amount=amount,
            approximate=row.approximate, mechanism=row.mechanism, status=row.status,
            label=f"{_name(row)} ({FinancialYear(year).code})", source_ref=row.source_ref,
        )  # fmt: skip
        insert(session, actor, part, action="split_allocation", reason=why)
        made.append(part.id)
    into = "allocations " + ", ".join(f"#{i}" for i in made)
    update_row(session, actor, row, {"superseded": True, "split_into": into},
               expected_version=expected_version, action="split_allocation", reason=why)  # fmt: skip
    return made
