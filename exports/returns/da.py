"""Domestic abuse returns: allocations by year (with mechanism) and the spend plan by provider.

Figure keys: ``"<label>"`` for an allocation; ``"<service>|<provider>"`` for a spend plan line's
cost and ``"<service>|<provider>|spent"`` for its spend to date.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..data import AllocationRow, ContractRow, Produced, SourceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import Column, FinanceWorkbook, Table
from ._common import contract_cost, extension_summary, money_kind

_ZERO = Decimal("0.00")
_MECHANISM = {"grant": "Grant", "settlement": "Settlement"}
ALLOCATIONS_TITLE = "Domestic abuse safe accommodation duty: allocations by year"
SPEND_PLAN_TITLE = "Domestic abuse spend plan"


def allocations_table(rows: Sequence[AllocationRow]) -> ReturnTable:
    """Label, years (a range stays a range), mechanism, funder and amount."""
    cols = (
        Column("Allocation", max_width=50),
        Column("Years", width=22),
        Column("Mechanism", width=12),
        Column("Funder", max_width=40),
        Column("Amount", money_kind(r.amount for r in rows), total=True, width=16),
    )
    data = [(r.label, r.years_text, _MECHANISM[r.mechanism], r.funder, r.amount) for r in rows]
    return make_table(cols, data)


def write_allocations(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    *,
    title: str = ALLOCATIONS_TITLE,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Allocations" from :func:`allocations_table`, and the Rows sheet."""
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
        written = sheet.return_table(table)
        cells = {str(r[0]): written.ref(i, 4) for i, r in enumerate(table.rows)}
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("Allocations", "Rows"))


def da_allocations(
    path: str | Path,
    produced: Produced,
    rows: Sequence[AllocationRow],
    *,
    title: str = ALLOCATIONS_TITLE,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Allocations": label, years (a range stays a range), mechanism, amount."""
    return write_allocations(path, produced, allocations_table(rows), title=title,
                             sources=sources)  # fmt: skip


def by_provider(rows: Sequence[ContractRow]) -> list[tuple[str, list[ContractRow]]]:
    """Contract lines grouped by provider, in first-seen order."""
    groups: dict[str, list[ContractRow]] = {}
    for r in rows:
        groups.setdefault(r.provider, []).append(r)
    return list(groups.items())


def spend_plan_table(rows: Sequence[ContractRow]) -> ReturnTable:
    """Lines grouped by provider: provider, service, term, dates, extensions, cost, spend to
    date and remaining."""
    ordered = [r for _, lines in by_provider(rows) for r in lines]
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
    data = [
        (r.provider, r.service, r.term_text, r.start, r.end, extension_summary(r.extensions),
         contract_cost(r), r.invoiced, r.remaining)
        for r in ordered
    ]  # fmt: skip
    return make_table(cols, data)


def write_spend_plan(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    *,
    title: str = SPEND_PLAN_TITLE,
    sources: Sequence[SourceRow] = (),
    warnings: Sequence[str] = (),
) -> Written:
    """Write "Spend plan" from :func:`spend_plan_table`, "By provider" and the Rows sheet;
    ``warnings`` (e.g. spend on a line not eligible under the grant) go above the table."""
    with FinanceWorkbook(path, produced, title=title, subject="da-spend-plan") as book:
        sheet = book.add_sheet(
            "Spend plan",
            title=title,
            notes=[
                "Cost is as agreed; the papers do not say whether it is per year or for the "
                "term. Totals by provider are on the 'By provider' sheet.",
                *(f"Warning: {w}" for w in warnings),
            ],
        )
        written = sheet.return_table(table)
        cells: dict[str, str] = {}
        for i, r in enumerate(table.rows):
            cells[f"{r[1]}|{r[0]}"] = written.ref(i, 6)
            cells[f"{r[1]}|{r[0]}|spent"] = written.ref(i, 7)
        _provider_summary(book, written, table, title)
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("Spend plan", "By provider", "Rows"))


def da_spend_plan(
    path: str | Path,
    produced: Produced,
    rows: Sequence[ContractRow],
    *,
    title: str = SPEND_PLAN_TITLE,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Spend plan": lines grouped by provider, then a by-provider summary."""
    return write_spend_plan(path, produced, spend_plan_table(rows), title=title,
                            sources=sources)  # fmt: skip


def _blocks(table: ReturnTable) -> list[tuple[str, int, int]]:
    """(provider, first row, row count) of each provider's block of lines."""
    out: list[tuple[str, int, int]] = []
    for i, r in enumerate(table.rows):
        if out and out[-1][0] == r[0]:
            name, first, n = out[-1]
            out[-1] = (name, first, n + 1)
        else:
            out.append((str(r[0]), i, 1))
    return out


def _money(v: object) -> Decimal:
    return v if isinstance(v, Decimal) else _ZERO


def _provider_summary(
    book: FinanceWorkbook, written: Table, table: ReturnTable, title: str
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
    first_row = sheet.row
    sums = [_ZERO, _ZERO, _ZERO]
    blocks = _blocks(table)
    for provider, start, n in blocks:
        r = sheet.row
        sheet.write_value(r, 0, provider, "text")
        sheet.write_value(r, 1, n, "count")
        for i, src in enumerate((6, 7, 8)):
            a, b = written.cell(start, src), written.cell(start + n - 1, src)
            value = sum((_money(x[src]) for x in table.rows[start : start + n]), _ZERO)
            sums[i] += value
            ref = f"'{written.sheet}'!{a}:{b}"
            sheet.write_total_formula(r, 2 + i, [ref], value, kind, bold=False)
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
    widest = max((len(p) for p, _, _ in blocks), default=10)
    for c, col in enumerate(cols):
        sheet.set_width(c, col.width or min(col.max_width, widest + 2))
