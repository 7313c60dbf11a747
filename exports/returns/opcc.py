"""OPCC allocations to Community Safety Partnerships vs expenditure to date.

:func:`csp_table` works out the rows (remaining, % spent by the core rule) once; the preview,
``--json`` and :func:`write_csp` show that table.  Figure keys: ``"<Area>|Allocation"`` and
``"<Area>|Expenditure"`` (e.g. ``"Blaby|Expenditure"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from fundledger.money import spent_percent
from fundledger.years import FinancialYear

from ..data import CspRow, Produced, SourceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import CellValue, Column, FinanceWorkbook
from ._common import uk_date

_ZERO = Decimal("0.00")


def csp_columns(year: FinancialYear) -> tuple[Column, ...]:
    return (
        Column("CSP Area", width=26),
        Column(f"{year.code} Allocation", "money", total=True, width=20),
        Column("Expenditure to date", "money", total=True, width=21),
        Column("Remaining", "money", total=True, width=16),
        Column("% spent", "percent", width=10),
    )


def _line(r: CspRow) -> tuple[CellValue, ...]:
    spent = r.expenditure
    if r.reported_nil and not spent:
        shown: CellValue = "Nil"
        spent = _ZERO
    else:
        shown = spent
    remaining = None if spent is None else r.allocation - spent
    pct = None if spent is None else spent_percent(spent, r.allocation)
    return (r.area, r.allocation, shown, remaining, pct)


def csp_table(rows: Sequence[CspRow], year: FinancialYear) -> ReturnTable:
    """Area, allocation, expenditure (``Nil`` as reported), remaining and % spent; the total
    row's % spent is the whole pot's."""
    alloc = sum((r.allocation for r in rows), _ZERO)
    spent = sum((r.expenditure or _ZERO for r in rows), _ZERO)
    return make_table(
        csp_columns(year),
        [_line(r) for r in rows],
        total_extra={"% spent": spent_percent(spent, alloc)},
    )


def csp_title(year: FinancialYear, as_at: date) -> str:
    return f"OPCC allocations to CSPs {year.code}: expenditure to date as at {uk_date(as_at)}"


def write_csp(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    *,
    title: str,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "CSP allocations" from :func:`csp_table`, and the Rows sheet."""
    cells: dict[str, str] = {}
    with FinanceWorkbook(path, produced, title=title, subject="opcc-csp") as book:
        sheet = book.add_sheet(
            "CSP allocations",
            title=title,
            subtitle="Office of the Police and Crime Commissioner – Community Safety Partnerships",
            notes=[
                "Nil: the CSP reported nil expenditure. Blank: not reported. "
                "Remaining and % spent are worked out by fundledger."
            ],
        )
        written = sheet.return_table(table)
        for i, r in enumerate(table.rows):
            cells[f"{r[0]}|Allocation"] = written.ref(i, 1)
            cells[f"{r[0]}|Expenditure"] = written.ref(i, 2)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("CSP allocations", "Rows"))


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
    """Write the return from CSP rows: area, allocation, expenditure, remaining, % spent."""
    name = title or csp_title(year, as_at or produced.as_at)
    return write_csp(path, produced, csp_table(rows, year), title=name, sources=sources)
