"""Domestic abuse returns: allocations by year (with mechanism) and the spend plan by provider.

Figure keys: ``"<label>"`` for an allocation; ``"<service>|<provider>"`` for a spend plan line's
cost and ``"<service>|<provider>|spent"`` for its spend to date.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..data import AllocationRow, ContractRow, Produced, SourceRow, Written
from ..workbook import CellValue, Column, FinanceWorkbook, Table
from ._common import contract_cost, extension_summary, money_kind

_ZERO = Decimal("0.00")
_MECHANISM = {"grant": "Grant", "settlement": "Settlement"}


def da_allocations(
    path: str | Path,
    produced: Produced,
    rows: Sequence[AllocationRow],
    *,
    title: str = "Domestic abuse safe accommodation duty: allocations by year",
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Allocations": label, years (a range stays a range), mechanism, amount."""
    cols = (
        Column("Allocation", max_width=50),
        Column("Years", width=22),
        Column("Mechanism", width=12),
        Column("Funder", max_width=40),
        Column("Amount", money_kind(r.amount for r in rows), total=True, width=16),
    )
    data: list[Sequence[CellValue]] = [
        (r.label, r.years_text, _MECHANISM[r.mechanism], r.funder, r.amount) for r in rows
    ]
    with FinanceWorkbook(path, produced, title=title, subject="da-allocations") as book:
        sheet = book.add_sheet(
            "Allocations",
            title=title,
            notes=[
                "An allocation covering several years that has not been split is shown as a "
                "range and counted once. Settlement: funded through the local government "
                "finance settlement, not a grant."
            ],
        )
        table = sheet.table(cols, data)
        cells = {r.label: table.ref(i, 4) for i, r in enumerate(rows)}
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(table.totals), ("Allocations", "Rows"))


def _by_provider(rows: Sequence[ContractRow]) -> list[tuple[str, list[ContractRow]]]:
    groups: dict[str, list[ContractRow]] = {}
    for r in rows:
        groups.setdefault(r.provider, []).append(r)
    return list(groups.items())


def da_spend_plan(
    path: str | Path,
    produced: Produced,
    rows: Sequence[ContractRow],
    *,
    title: str = "Domestic abuse spend plan",
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Spend plan": lines grouped by provider, then a by-provider summary."""
    groups = _by_provider(rows)
    ordered = [r for _, lines in groups for r in lines]
    kind = money_kind(v for r in ordered for v in (r.value, r.invoiced))
    cols = (
        Column("Service provider", max_width=45),
        Column("Support service", max_width=50),
        Column("Time period", max_width=32),
        Column("Start", "date"),
        Column("End", "date"),
        Column("Extension options", max_width=40),
        Column("Cost", kind, total=True, width=15),
        Column("Spend to date", kind, total=True, width=15),
        Column("Remaining", kind, total=True, width=15),
    )
    data: list[Sequence[CellValue]] = [
        (
            r.provider,
            r.service,
            r.term_text,
            r.start,
            r.end,
            extension_summary(r.extensions),
            contract_cost(r),
            r.invoiced,
            r.remaining,
        )
        for r in ordered
    ]
    with FinanceWorkbook(path, produced, title=title, subject="da-spend-plan") as book:
        sheet = book.add_sheet(
            "Spend plan",
            title=title,
            notes=[
                "Cost is as agreed; the papers do not say whether it is per year or for the "
                "term. Totals by provider are on the 'By provider' sheet."
            ],
        )
        table = sheet.table(cols, data)
        cells: dict[str, str] = {}
        for i, r in enumerate(ordered):
            cells[f"{r.service}|{r.provider}"] = table.ref(i, 6)
            cells[f"{r.service}|{r.provider}|spent"] = table.ref(i, 7)
        _provider_summary(book, table, groups, title)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(table.totals), ("Spend plan", "By provider", "Rows"))


def _provider_summary(
    book: FinanceWorkbook, table: Table, groups: list[tuple[str, list[ContractRow]]], title: str
) -> None:
    """Sheet "By provider": each figure a live SUM over that provider's block of lines."""
    sheet = book.add_sheet(
        "By provider",
        title=f"{title}: by provider",
        notes=["Each figure sums that provider's lines on the 'Spend plan' sheet."],
    )
    kind = table.columns[6].kind
    cols = (
        Column("Service provider", max_width=60),
        Column("Lines", "count", width=8),
        Column("Cost", kind, width=15),
        Column("Spend to date", kind, width=15),
        Column("Remaining", kind, width=15),
    )
    sheet.header(cols)
    first_row, start = sheet.row, 0
    sums = [_ZERO, _ZERO, _ZERO]
    for provider, lines in groups:
        r = sheet.row
        sheet.write_value(r, 0, provider, "text")
        sheet.write_value(r, 1, len(lines), "count")
        for i, (src, attr) in enumerate(((6, "value"), (7, "invoiced"), (8, "remaining"))):
            a, b = table.cell(start, src), table.cell(start + len(lines) - 1, src)
            value = sum((getattr(x, attr) or _ZERO for x in lines), _ZERO)
            sums[i] += value
            ref = f"'{table.sheet}'!{a}:{b}"
            sheet.write_total_formula(r, 2 + i, [ref], value, kind, bold=False)
        start += len(lines)
        sheet.row += 1
    r = sheet.row
    label = sheet.book.fmt("total_label")
    sheet.ws.write_string(r, 0, "Total", label)
    sheet.ws.write_blank(r, 1, None, label)
    for i, value in enumerate(sums):
        letter = "CDE"[i]
        cells = [f"{letter}{first_row + 1}:{letter}{r}"] if r > first_row else []
        sheet.write_total_formula(r, 2 + i, cells, value, kind)
    sheet.row += 1
    widest = max((len(p) for p, _ in groups), default=10)
    for c, col in enumerate(cols):
        sheet.set_width(c, col.width or min(col.max_width, widest + 2))
