"""Youth justice pooled budget return: the national five-column agency layout.

Figure keys for :class:`~exports.data.SourceRow`: ``"<Agency>|<heading>"`` with heading
``Staffing Costs``, ``Payments in kind`` or ``Other delegated funds`` (e.g.
``"Probation|Staffing Costs"``), and ``"In kind|<Agency>"`` for in-kind staff.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fundledger.years import FinancialYear

from ..data import YJ_AGENCIES, InKindStaff, PooledBudgetRow, Produced, SourceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import CellValue, Column, FinanceWorkbook
from ._common import money_kind

HEADINGS = ("Staffing Costs", "Payments in kind", "Other delegated funds")
SUBTITLE = "Reported to the Youth and Justice Partnership Board"
_ZERO = Decimal("0.00")


def _ordered(rows: Sequence[PooledBudgetRow]) -> list[PooledBudgetRow]:
    """One row per template agency, in template order; missing agencies are blank rows."""
    by_agency: dict[str, PooledBudgetRow] = {}
    for r in rows:
        if r.agency not in YJ_AGENCIES:
            raise ValueError(f"{r.agency!r} is not an agency of the pooled budget template")
        if r.agency in by_agency:
            raise ValueError(f"{r.agency!r} appears twice")
        by_agency[r.agency] = r
    return [by_agency.get(a, PooledBudgetRow(a)) for a in YJ_AGENCIES]


def pooled_table(rows: Sequence[PooledBudgetRow]) -> ReturnTable:
    """One row per template agency (blank cells stay blank) with its total; whole pounds
    when every figure is."""
    ordered = _ordered(rows)
    kind = money_kind(v for r in ordered for v in (r.staffing, r.in_kind, r.other))
    cols = (
        Column("Agency", width=32),
        Column("Staffing Costs", kind, total=True, width=18),
        Column("Payments in kind", kind, total=True, width=19),
        Column("Other delegated funds", kind, total=True, width=24),
        Column("Total", kind, total=True, row_sum=(1, 3), width=16),
    )
    data = [
        (r.agency, r.staffing, r.in_kind, r.other,
         sum((v or _ZERO for v in (r.staffing, r.in_kind, r.other)), _ZERO))
        for r in ordered
    ]  # fmt: skip
    return make_table(cols, data)


def write_pooled(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    in_kind: Sequence[InKindStaff] = (),
    *,
    title: str,
    subtitle: str | None = SUBTITLE,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write "Pooled budget" from :func:`pooled_table`, "In-kind staff" and the Rows sheet."""
    cells: dict[str, str] = {}
    with FinanceWorkbook(path, produced, title=title, subject="yj-pooled-budget") as book:
        sheet = book.add_sheet(
            "Pooled budget",
            title=title,
            subtitle=subtitle,
            notes=[
                "Blank: nothing contributed under that heading (not a reported zero). "
                "Staff given in kind are on the 'In-kind staff' sheet."
            ],
        )
        written = sheet.return_table(table)
        for i, r in enumerate(table.rows):
            for c, heading in enumerate(HEADINGS, start=1):
                cells[f"{r[0]}|{heading}"] = written.ref(i, c)
            cells[f"{r[0]}|Total"] = written.ref(i, 4)
        _in_kind_sheet(book, in_kind, title, cells)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("Pooled budget", "In-kind staff", "Rows"))


def yj_pooled_budget(
    path: str | Path,
    produced: Produced,
    rows: Sequence[PooledBudgetRow],
    in_kind: Sequence[InKindStaff] = (),
    *,
    year: FinancialYear,
    title: str | None = None,
    subtitle: str | None = SUBTITLE,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write the pooled budget (sheet "Pooled budget") and in-kind staff (sheet "In-kind staff")."""
    name = title or f"Youth justice pooled budget {year.code}"
    return write_pooled(path, produced, pooled_table(rows), in_kind, title=name,
                        subtitle=subtitle, sources=sources)  # fmt: skip


def _in_kind_sheet(
    book: FinanceWorkbook, staff: Sequence[InKindStaff], title: str, cells: dict[str, str]
) -> None:
    sheet = book.add_sheet(
        "In-kind staff",
        title=f"{title}: staff provided in kind",
        notes=["'not valued': staff given in kind with no value agreed; not in the totals."],
    )
    cols = (
        Column("Agency", width=32),
        Column("FTE", "fte", total=True, width=9),
        Column("Description", max_width=80),
        Column("Value", money_kind(s.value for s in staff), total=True, width=16),
    )
    data: list[Sequence[CellValue]] = [
        (s.agency, s.fte, s.description, s.value if s.value is not None else "not valued")
        for s in staff
    ]
    valued = any(s.value is not None for s in staff)
    table = sheet.table(cols, data, total_extra=None if valued else {3: "not valued"})
    for i, s in enumerate(staff):
        cells.setdefault(f"In kind|{s.agency}", table.ref(i, 3))
