"""Splitting a range allocation into years (the app's *Split into years…* and ``fundledger
allocation split``): what the split form shows, and the split itself as one audited write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from db.ledger import Ledger
from db.ops.allocation_split import even_split, split_allocation, split_problems
from db.schema import Allocation, Stream
from db.writes import LedgerError
from fundledger.money import Money
from fundledger.years import FinancialYear, parse_year

__all__ = ["SplitInfo", "parse_year_amounts", "split", "split_info"]


@dataclass(frozen=True, slots=True)
class SplitInfo:
    """An allocation as the split form shows it, with an even split offered."""

    id: int
    version: int
    stream: str
    label: str
    year_from: int
    year_to: int
    amount: Money
    #: an even split, largest remainder (adds up exactly)
    suggested: dict[int, Money] = field(default_factory=dict)
    #: why it cannot be split (one year, or split already); None when it can
    problem: str | None = None

    @property
    def years_text(self) -> str:
        return f"{FinancialYear(self.year_from).code} to {FinancialYear(self.year_to).code}"


def split_info(ledger: Ledger, allocation_id: int) -> SplitInfo:
    """The allocation, an even split of it, and whether it can be split at all."""
    with ledger.read() as s:
        found = s.execute(
            select(Allocation, Stream.code)
            .join(Stream, Stream.id == Allocation.stream_id)
            .where(Allocation.id == allocation_id)
        ).first()
        if found is None:
            raise LedgerError(f"allocation #{allocation_id} does not exist")
        a, code = found
        problems = split_problems(a, even_split(a.amount, a.year_from, a.year_to))
        return SplitInfo(a.id, a.version, code, a.label or f"allocation #{a.id}", a.year_from,
                         a.year_to, a.amount, even_split(a.amount, a.year_from, a.year_to),
                         problems[0] if problems else None)  # fmt: skip


def split(
    ledger: Ledger,
    allocation_id: int,
    amounts: Mapping[int, Decimal | str],
    reason: str | None,
    expected_version: int | None = None,
) -> list[int]:
    """Split the allocation (one audited transaction); the new allocations' ids."""
    with ledger.write() as s:
        return split_allocation(s, ledger.actor, allocation_id, amounts, reason=reason,
                                expected_version=expected_version)  # fmt: skip


def parse_year_amounts(items: list[str]) -> tuple[dict[int, str], list[str]]:
    """``["2025-26=731982.50", …]`` → ({2025: "731982.50"}, problems)."""
    out: dict[int, str] = {}
    problems = []
    for item in items:
        year_text, sep, amount = item.partition("=")
        fy = parse_year(year_text.strip())
        if not sep or fy is None or not amount.strip():
            problems.append(f"--year {item}: give YEAR=AMOUNT, e.g. 2025-26=731982.50")
        elif fy.start_year in out:
            problems.append(f"--year {item}: {fy.code} is given twice")
        else:
            out[fy.start_year] = amount.strip().replace("£", "").replace(",", "")
    return out, problems
