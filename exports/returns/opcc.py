"""OPCC allocations to Community Safety Partnerships vs expenditure to date.

Figure keys: ``"<Area>|Allocation"`` and ``"<Area>|Expenditure"`` (e.g. ``"Blaby|Expenditure"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from fundledger.money import percent
from fundledger.years import FinancialYear

from ..data import CspRow, Produced, SourceRow, Written
from ..workbook import CellValue, Column, FinanceWorkbook
from ._common import uk_date

_ZERO = Decimal("0.00")


def _line(r: CspRow) -> tuple[CellValue, ...]:
    spent = r.expenditure
    if r.reported_nil and not spent:
        shown: CellValue = "Nil"
        spent = _ZERO
    else:
        shown = spent
    remaining = None if spent is None else r.allocation - spent
    pct = None if spent is None else percent(spent, r.allocation, places=4)
    return (r.area, r.allocation, shown, remaining, pct)


def opcc_csp(
    path: str | Path,
    produced: Produced,
    rows: Sequence[CspRow],
    *,
    year: FinancialYear,
    as_at: date | None = None,
    title: str | None = None,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "CSP allocations": area, allocation, expenditure, remaining, % spent."""
    when = as_at or produced.as_at
    name = title or (
        f"OPCC allocations to CSPs {year.code}: expenditure to date as at {uk_date(when)}"
    )
    cols = (
        Column("CSP Area", width=26),
        Column(f"{year.code} Allocation", "money", total=True, width=20),
        Column("Expenditure to date", "money", total=True, width=21),
        Column("Remaining", "money", total=True, width=16),
        Column("% spent", "percent", width=10),
    )
    data = [_line(r) for r in rows]
    alloc = sum((r.allocation for r in rows), _ZERO)
    spent = sum((r.expenditure or _ZERO for r in rows), _ZERO)
    cells: dict[str, str] = {}
    with FinanceWorkbook(path, produced, title=name, subject="opcc-csp") as book:
        sheet = book.add_sheet(
            "CSP allocations",
            title=name,
            subtitle="Office of the Police and Crime Commissioner – Community Safety Partnerships",
            notes=[
                "Nil: the CSP reported nil expenditure. Blank: not reported. "
                "Remaining and % spent are worked out by fundledger."
            ],
        )
        table = sheet.table(cols, data, total_extra={4: percent(spent, alloc, places=4)})
        for i, r in enumerate(rows):
            cells[f"{r.area}|Allocation"] = table.ref(i, 1)
            cells[f"{r.area}|Expenditure"] = table.ref(i, 2)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(table.totals), ("CSP allocations", "Rows"))
