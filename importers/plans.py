"""Planning imports: ``allocations`` (a funder's figure per year or year range),
``budget-lines`` (lines or areas with a budget and optional spend to date at an as-at date)
and ``contracts`` (a spend plan: service, provider, cost, term in words).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fundledger.amounts import ParsedAmount
from fundledger.terms import parse_term
from fundledger.years import FinancialYear, parse_years

from .body import TableRows
from .cells import CellReader, Figures, Missing
from .headers import FieldSpec, TableSpec
from .rows import AllocationRow, BudgetLineRow, ContractRow

__all__ = [
    "ALLOCATION_SPEC",
    "BUDGET_LINE_SPEC",
    "CONTRACT_SPEC",
    "parse_allocation_rows",
    "parse_budget_line_rows",
    "parse_contract_rows",
]

ALLOCATION_SPEC = TableSpec(
    "allocations",
    (
        FieldSpec("label", ("allocation", "description", "label", "grant", "item", "funding")),
        FieldSpec("year", ("year", "financial year", "fy", "years")),
        FieldSpec(
            "amount",
            ("amount", "value", "allocation amount", "grant amount", "award", "sum"),
            money=True,
        ),
        FieldSpec("funder", ("funder", "funding body", "from", "source")),
    ),
    (("label", "year"), ("amount",)),
)

BUDGET_LINE_SPEC = TableSpec(
    "budget-lines",
    (
        FieldSpec(
            "name",
            (
                "csp area",
                "area",
                "budget line",
                "line",
                "name",
                "heading",
                "cost heading",
                "district",
                "service",
                "description",
            ),
        ),
        FieldSpec(
            "budget",
            (
                "allocations",
                "allocation",
                "budget",
                "original budget",
                "budget amount",
                "annual budget",
            ),
            money=True,
        ),
        FieldSpec(
            "spend",
            (
                "expenditure",
                "expenditure to date",
                "spend",
                "spend to date",
                "actual",
                "actuals",
                "actual to date",
                "spent",
            ),
            money=True,
        ),
    ),
    (("name",), ("budget",)),
)

CONTRACT_SPEC = TableSpec(
    "contracts",
    (
        FieldSpec("service", ("support service", "service", "contract", "contract name", "line")),
        FieldSpec(
            "provider",
            ("service provider", "provider", "providers", "supplier", "provider name"),
        ),
        FieldSpec(
            "cost",
            ("cost", "value", "contract value", "amount", "annual value", "total value"),
            money=True,
        ),
        FieldSpec("term", ("time period", "term", "duration", "contract term", "contract length")),
        FieldSpec("reference", ("reference", "contract reference", "ref", "contract no")),
        FieldSpec("start", ("start date", "contract start", "start", "commencement date")),
    ),
    (("service",), ("provider",)),
)


def _year_span(
    rd: CellReader, row: int, j: int | None, text: str, default: FinancialYear | None
) -> tuple[FinancialYear, FinancialYear] | None:
    years = parse_years(text)
    if not years:
        if default is not None:
            return default, default
        rd.problem(row, j if j is not None else 0, text, "no financial year in the label")
        return None
    starts = sorted(y.start_year for y in years)
    if starts != list(range(starts[0], starts[-1] + 1)):
        rd.problem(row, j if j is not None else 0, text, "names years that are not consecutive")
        return None
    return FinancialYear(starts[0]), FinancialYear(starts[-1])


def parse_allocation_rows(
    rd: CellReader, rows: TableRows, year: FinancialYear | None
) -> tuple[list[AllocationRow], Figures]:
    """One allocation per row; a label naming a range of years gives one ranged allocation."""
    t = rd.table
    j_label, j_year, j_amount, j_funder = (
        t.index(n) for n in ("label", "year", "amount", "funder")
    )
    figures = Figures(rows.has_totals)
    out: list[AllocationRow] = []
    for row, cells in rows.data:
        before = len(rd.problems)
        label = rd.text(cells, j_label) or ""
        year_text = rd.text(cells, j_year)
        j_years = j_year if year_text is not None else j_label
        span = _year_span(rd, row, j_years, year_text or label, year)
        amount = rd.amount(row, cells, j_amount, inexact=True)
        figures.record(row, j_amount, amount)
        if amount is None:
            rd.problem(row, j_amount or 0, "", "no amount")
        if span is None or not isinstance(amount, ParsedAmount) or len(rd.problems) > before:
            continue
        if amount.value is None:
            continue
        out.append(
            AllocationRow(
                row,
                label or (year_text or ""),
                span[0],
                span[1],
                amount.value,
                rd.text(cells, j_amount) or "",
                amount.approximate or amount.minimum,
                rd.text(cells, j_funder),
            )
        )
    return out, figures


def parse_budget_line_rows(rd: CellReader, rows: TableRows) -> tuple[list[BudgetLineRow], Figures]:
    """One budget line per row; spend may be blank (None) or "Nil" (0.00, reported nil)."""
    t = rd.table
    j_name, j_budget, j_spend = t.index("name"), t.index("budget"), t.index("spend")
    figures = Figures(rows.has_totals)
    out: list[BudgetLineRow] = []
    for row, cells in rows.data:
        before = len(rd.problems)
        name = rd.required_text(row, cells, j_name, "name")
        budget = rd.amount(row, cells, j_budget)
        spend = rd.amount(row, cells, j_spend)
        figures.record(row, j_budget, budget)
        figures.record(row, j_spend, spend)
        if budget is None:
            rd.problem(row, j_budget or 0, "", "no budget")
        if name is None or not isinstance(budget, ParsedAmount) or budget.value is None:
            continue
        if isinstance(spend, Missing) or len(rd.problems) > before:
            continue
        out.append(
            BudgetLineRow(
                row,
                name,
                budget.value,
                rd.text(cells, j_budget) or "",
                None if spend is None else spend.value,
                rd.text(cells, j_spend) or "",
                spend is not None and spend.reported_nil,
            )
        )
    return out, figures


def parse_contract_rows(rd: CellReader, rows: TableRows) -> tuple[list[ContractRow], Figures]:
    """One contract line per row; the term in words is parsed; identical lines stay apart."""
    figures = Figures(rows.has_totals)
    out: list[ContractRow] = []
    for row, cells in rows.data:
        line = _contract(rd, row, cells, figures)
        if line is not None:
            out.append(line)
    return out, figures


def _contract(rd: CellReader, row: int, cells: list[Any], figures: Figures) -> ContractRow | None:
    t = rd.table
    j_cost, j_term = t.index("cost"), t.index("term")
    before = len(rd.problems)
    service = rd.required_text(row, cells, t.index("service"), "service")
    provider = rd.required_text(row, cells, t.index("provider"), "provider")
    cost = rd.amount(row, cells, j_cost, inexact=True)
    figures.record(row, j_cost, cost)
    term_text = rd.text(cells, j_term)
    term = None
    if term_text is not None:
        term, error = parse_term(term_text)
        if error is not None and j_term is not None:
            rd.problem(row, j_term, term_text, error)
    start = rd.date_value(row, cells, t.index("start"))
    if service is None or provider is None or len(rd.problems) > before:
        return None
    value = cost if isinstance(cost, ParsedAmount) else None
    return ContractRow(
        row,
        service,
        provider,
        None if value is None else value.value,
        rd.text(cells, j_cost) or "",
        term_text,
        term,
        value is not None and (value.approximate or value.minimum),
        rd.text(cells, t.index("reference")),
        start if isinstance(start, date) else None,
    )
