"""What each import kind reads: one :class:`KindParser` per kind (its table, its row type and
the function that turns a located table's rows into those rows).

The application's import-kind registry (``ui.usecases.import_kinds``) holds one of these per
kind beside the planner and writer; :func:`importers.api.parse_file` takes one.  The built-in
parsers are in :data:`PARSERS`, by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from .body import TableRows
from .cells import CellReader, Figures
from .headers import TableSpec
from .ledger import GL_SPEC, TRANSACTION_SPEC, LedgerOptions, parse_gl_rows, parse_transaction_rows
from .options import ImportOptions
from .partners import (
    CONTRIBUTION_SPEC,
    INCOME_SPEC,
    heading_columns,
    is_long_layout,
    parse_contribution_rows,
    parse_income_rows,
)
from .plans import (
    ALLOCATION_SPEC,
    BUDGET_LINE_SPEC,
    CONTRACT_SPEC,
    parse_allocation_rows,
    parse_budget_line_rows,
    parse_contract_rows,
)
from .rows import (
    AllocationRow,
    BudgetLineRow,
    ContractRow,
    ContributionRow,
    GlRow,
    ImportRow,
    IncomeRow,
    TransactionRow,
)
from .table import Table

__all__ = [
    "ALLOCATIONS",
    "BUDGET_LINES",
    "CONTRACTS",
    "CONTRIBUTIONS",
    "GL",
    "INCOME",
    "PARSERS",
    "TRANSACTIONS",
    "KindParser",
    "Parsed",
]

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: a kind's rows, the printed figures of its money columns, and labels with no value
Parsed = tuple[list[R], Figures, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class KindParser(Generic[R_co]):
    """How one kind's table is found and read.

    ``spec``: the fields, their header synonyms and which are needed.  ``parse``: rows of
    ``row_type`` from the table's data rows (problems go to the reader).  ``extra_columns``:
    columns read besides the mapped ones (the contribution headings), kept out of the
    "unmapped" list and checked for untrustworthy cells.  ``year_from_sheet``: the sheet's
    own headings or titles name the import's year (budget lines, contributions).
    """

    name: str
    spec: TableSpec
    row_type: type[R_co]
    parse: Callable[[CellReader, TableRows, ImportOptions], Parsed[R_co]]
    extra_columns: Callable[[Table], list[int]] | None = None
    year_from_sheet: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a column can be mapped to, in the order the mapping page lists them."""
        return tuple(f.name for f in self.spec.fields)


def _ledger_options(opts: ImportOptions) -> LedgerOptions:
    codes = frozenset(c.upper() for c in opts.cost_centres)
    return LedgerOptions(opts.year, codes, opts.ambiguous_dates)


def _transactions(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[TransactionRow]:
    items, figs = parse_transaction_rows(rd, rows, _ledger_options(opts))
    return items, figs, ()


def _gl(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[GlRow]:
    items, figs = parse_gl_rows(rd, rows, _ledger_options(opts))
    return items, figs, ()


def _allocations(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[AllocationRow]:
    items, figs = parse_allocation_rows(rd, rows, opts.year)
    return items, figs, ()


def _budget_lines(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[BudgetLineRow]:
    items, figs = parse_budget_line_rows(rd, rows)
    return items, figs, ()


def _contracts(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[ContractRow]:
    items, figs = parse_contract_rows(rd, rows)
    return items, figs, ()


def _contributions(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[ContributionRow]:
    return parse_contribution_rows(rd, rows)


def _income(rd: CellReader, rows: TableRows, opts: ImportOptions) -> Parsed[IncomeRow]:
    items, figs = parse_income_rows(rd, rows)
    return items, figs, ()


def _wide_headings(table: Table) -> list[int]:
    return [] if is_long_layout(table) else heading_columns(table)


TRANSACTIONS = KindParser("transactions", TRANSACTION_SPEC, TransactionRow, _transactions)
GL = KindParser("gl", GL_SPEC, GlRow, _gl)
ALLOCATIONS = KindParser("allocations", ALLOCATION_SPEC, AllocationRow, _allocations)
BUDGET_LINES = KindParser(
    "budget-lines", BUDGET_LINE_SPEC, BudgetLineRow, _budget_lines, year_from_sheet=True
)
CONTRACTS = KindParser("contracts", CONTRACT_SPEC, ContractRow, _contracts)
CONTRIBUTIONS = KindParser(
    "contributions",
    CONTRIBUTION_SPEC,
    ContributionRow,
    _contributions,
    extra_columns=_wide_headings,
    year_from_sheet=True,
)
INCOME = KindParser("income", INCOME_SPEC, IncomeRow, _income)

#: the built-in parsers by kind name
PARSERS: Mapping[str, KindParser[ImportRow]] = {
    p.name: p
    for p in (TRANSACTIONS, GL, ALLOCATIONS, BUDGET_LINES, CONTRACTS, CONTRIBUTIONS, INCOME)
}
