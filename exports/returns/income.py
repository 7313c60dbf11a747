"""Place-marketing income by category and quarter, raised vs received, and ROI.

Reported by calendar year (Q1 = Jan–Mar) or financial year (Q1 = Apr–Jun).  Return on
council investment is net: (income other than council investment − investment) / investment.
The "Income items" sheet uses the import headers, so it imports back.

Figure keys: ``"<category>|Q<n>"`` (income raised in that quarter).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from fundledger.money import percent
from fundledger.years import FinancialYear, period_of, quarter_of_period

from ..data import IncomeRow, Produced, SourceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import CellValue, Column, FinanceSheet, FinanceWorkbook

Basis = Literal["calendar", "financial"]
_ZERO = Decimal("0.00")
_QUARTERS = {
    "calendar": ("Q1 Jan–Mar", "Q2 Apr–Jun", "Q3 Jul–Sep", "Q4 Oct–Dec"),
    "financial": ("Q1 Apr–Jun", "Q2 Jul–Sep", "Q3 Oct–Dec", "Q4 Jan–Mar"),
}
#: the quarter column headers on each basis
QUARTER_HEADERS = _QUARTERS
#: (leverage, council investment, net ROI %) worked out by the caller
RoiFigures = tuple[Decimal, Decimal, Decimal | None]


def quarter(d: date, basis: Basis) -> int:
    """1–4 on the chosen basis."""
    if basis == "calendar":
        return (d.month - 1) // 3 + 1
    return quarter_of_period(period_of(d))


def in_year(d: date, year: int, basis: Basis) -> bool:
    """Whether ``d`` falls in calendar year ``year`` or financial year starting ``year``."""
    return d.year == year if basis == "calendar" else FinancialYear(year).contains(d)


def year_label(year: int, basis: Basis) -> str:
    return f"{year} (calendar year)" if basis == "calendar" else f"{FinancialYear(year).code}"


@dataclass(slots=True)
class _Category:
    quarters: list[Decimal] = field(default_factory=lambda: [_ZERO] * 4)
    received: Decimal = _ZERO


def summarise(items: Sequence[IncomeRow], basis: Basis) -> dict[str, _Category]:
    """Raised by quarter and received, per category (first-seen order); cancelled left out."""
    out: dict[str, _Category] = {}
    for it in items:
        if it.status == "cancelled":
            continue
        cat = out.setdefault(it.category, _Category())
        cat.quarters[quarter(it.raised_on, basis) - 1] += it.amount
        if it.status == "received":
            cat.received += it.amount
    return out


def roi(items: Sequence[IncomeRow]) -> tuple[Decimal, Decimal, Decimal | None]:
    """(leverage, council investment, net ROI % or None when there is no investment)."""
    live = [i for i in items if i.status != "cancelled"]
    invest = sum((i.amount for i in live if i.is_council_investment), _ZERO)
    leverage = sum((i.amount for i in live if not i.is_council_investment), _ZERO)
    return leverage, invest, percent(leverage - invest, invest)


def quarter_table(items: Sequence[IncomeRow], basis: Basis) -> ReturnTable:
    """Per category: raised in each quarter, total raised, received and outstanding."""
    cats = summarise(items, basis)
    cols = (
        Column("Category", max_width=40),
        *(Column(q, "money", total=True, width=14) for q in _QUARTERS[basis]),
        Column("Total raised", "money", total=True, row_sum=(1, 4), width=15),
        Column("Received", "money", total=True, width=15),
        Column("Outstanding", "money", total=True, width=15),
    )
    data: list[tuple[CellValue, ...]] = []
    for name, c in cats.items():
        raised = sum(c.quarters, _ZERO)
        data.append((name, *c.quarters, raised, c.received, raised - c.received))
    return make_table(cols, data)


def write_income(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    items: Sequence[IncomeRow],
    *,
    title: str,
    sources: Sequence[SourceRow] = (),
    roi_figures: RoiFigures | None = None,
) -> Written:
    """Write "Income by quarter" from :func:`quarter_table` (with ROI), "Income items" and
    the Rows sheet."""
    with FinanceWorkbook(path, produced, title=title, subject="pmt-income") as book:
        sheet = book.add_sheet("Income by quarter", title=title)
        written = sheet.return_table(table)
        cells = {
            f"{r[0]}|Q{q + 1}": written.ref(i, q + 1)
            for i, r in enumerate(table.rows)
            for q in range(4)
        }
        sheet.skip()
        _roi_block(sheet, items, roi_figures)
        _items_sheet(book, items, title)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("Income by quarter", "Income items", "Rows"))


def pmt_income(
    path: str | Path,
    produced: Produced,
    items: Sequence[IncomeRow],
    *,
    year: int,
    basis: Basis = "calendar",
    title: str | None = None,
    sources: Sequence[SourceRow] = (),
    roi_figures: RoiFigures | None = None,
) -> Written:
    """Write "Income by quarter" (with ROI) and "Income items" for one year on one basis.

    ``roi_figures`` gives the ROI as the ledger works it out (leverage = private income);
    without it, leverage is all income other than council investment.
    """
    chosen = [i for i in items if in_year(i.raised_on, year, basis)]
    name = title or f"Place marketing income {year_label(year, basis)}"
    return write_income(path, produced, quarter_table(chosen, basis), chosen, title=name,
                        sources=sources, roi_figures=roi_figures)  # fmt: skip


def _roi_block(
    sheet: FinanceSheet, items: Sequence[IncomeRow], given: RoiFigures | None = None
) -> None:
    leverage, invest, pct = given if given is not None else roi(items)
    label = "Private income (leverage)" if given else "Income other than council investment"
    sheet.line("Return on council investment", "subtitle")
    r = sheet.row
    sheet.write_value(r, 0, label, "text")
    sheet.write_value(r, 1, leverage, "money")
    sheet.write_value(r + 1, 0, "Council investment", "text")
    sheet.write_value(r + 1, 1, invest, "money")
    sheet.write_value(r + 2, 0, "Return on investment (net)", "text", bold=True)
    sheet.write_value(r + 2, 1, pct if pct is not None else "n/a", "percent", bold=True)
    sheet.row += 3
    what = "leverage" if given else "income"
    sheet.line(f"Return on investment = ({what} − council investment) / council investment.")


def _items_sheet(book: FinanceWorkbook, items: Sequence[IncomeRow], title: str) -> None:
    sheet = book.add_sheet(
        "Income items",
        title=f"{title}: items",
        notes=["Cancelled items are left out."],
    )
    cols = (
        Column("Date", "date"),
        Column("Customer", max_width=40),
        Column("Category", max_width=30),
        Column("Package / description", max_width=45),
        Column("Invoice", max_width=16),
        Column("Amount (£)", "money", total=True, width=14),
        Column("Status", width=10),
        Column("Received on", "date"),
        Column("Council investment", width=11),
    )
    data = [
        (
            i.raised_on,
            i.customer,
            i.category,
            i.description,
            i.reference,
            i.amount,
            i.status.capitalize(),
            i.received_on,
            "Yes" if i.is_council_investment else "No",
        )
        for i in sorted(items, key=lambda i: i.raised_on)
        if i.status != "cancelled"
    ]
    sheet.table(cols, data)
