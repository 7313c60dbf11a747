"""Import entry points: a file (or an already-read sheet) and a kind → rows, problems, info.

:func:`parse_file` runs the safety checks, chooses the sheet (the one named, else the first
*visible* sheet that has a table of this kind; a table found only on a hidden sheet is
reported, not used), locates the table, parses the rows for the kind, checks totals rows,
and finds the as-at date.  Nothing here touches a database: the use case that commits
(``ui/usecases/imports.py``) takes the rows from here.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fundledger.dates import find_as_at
from fundledger.years import FinancialYear, parse_years

from .cells import CellReader, Figures
from .ledger import GL_SPEC, TRANSACTION_SPEC, LedgerOptions, parse_gl_rows, parse_transaction_rows
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
from .problems import ImportProblem, column_letter
from .rows import (
    AllocationRow,
    BudgetLineRow,
    ContractRow,
    ContributionRow,
    GlRow,
    ImportInfo,
    IncomeRow,
    TransactionRow,
)
from .safety import DEFAULT_LIMITS, Limits
from .table import (
    Profile,
    Table,
    TableRows,
    TableSpec,
    find_table,
    normalise_header,
    read_rows,
)
from .totals import TotalsChecker
from .workbook import Sheet, Workbook, open_workbook

__all__ = [
    "KINDS",
    "SPECS",
    "ImportOptions",
    "ImportRow",
    "ParseResult",
    "file_sha256",
    "parse_allocations",
    "parse_budget_lines",
    "parse_contracts",
    "parse_contributions",
    "parse_file",
    "parse_gl",
    "parse_income",
    "parse_sheet",
    "parse_transactions",
    "profile_from_info",
]

ImportRow = (
    TransactionRow
    | GlRow
    | AllocationRow
    | BudgetLineRow
    | ContractRow
    | ContributionRow
    | IncomeRow
)
ParseResult = tuple[list[Any], list[ImportProblem], ImportInfo | None]

SPECS: dict[str, TableSpec] = {
    "transactions": TRANSACTION_SPEC,
    "gl": GL_SPEC,
    "allocations": ALLOCATION_SPEC,
    "budget-lines": BUDGET_LINE_SPEC,
    "contracts": CONTRACT_SPEC,
    "contributions": CONTRIBUTION_SPEC,
    "income": INCOME_SPEC,
}
KINDS = tuple(SPECS)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read a file.

    ``sheet``: use this sheet (even a hidden one).  ``profile``: an explicit column mapping;
    ``profiles``: saved profiles, re-applied when a header row has their layout signature.
    ``year``: the import's year (allocation labels without a year, "P03" period labels,
    budget lines and contributions).  ``as_at``: overrides a date found in the titles.
    ``cost_centres``: known codes, to pick the cost-centre segment of an account string.
    ``ambiguous_dates``: a numeric date valid both ways (03/04/2025) is an error.
    """

    sheet: str | None = None
    profile: Profile | None = None
    profiles: tuple[Profile, ...] = ()
    year: FinancialYear | None = None
    as_at: date | None = None
    cost_centres: frozenset[str] = field(default_factory=frozenset)
    ambiguous_dates: bool = False
    limits: Limits = DEFAULT_LIMITS


def parse_file(kind: str, path: Path, options: ImportOptions | None = None) -> ParseResult:
    """Rows of ``kind`` from the workbook at ``path``, every problem found, and what was found.

    Problems about the file (unsafe, unreadable, no table) come with no rows and info None.
    Any problem means nothing should be imported; rows that parsed cleanly are still returned
    for the preview.
    """
    if kind not in SPECS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    opts = options or ImportOptions()
    workbook, problems = open_workbook(path, opts.limits)
    if workbook is None:
        return [], problems, None
    # Hundreds of thousands of new objects and no cycles among them: the cyclic collector
    # would only rescan them over and over (about a tenth of the time on a big file).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with workbook:
            sheet, problems = _choose_sheet(workbook, SPECS[kind], opts)
            if sheet is None:
                return [], problems, None
            return parse_sheet(kind, sheet, workbook.file, opts)
    finally:
        if collecting:
            gc.enable()


def _choose_sheet(
    workbook: Workbook, spec: TableSpec, opts: ImportOptions
) -> tuple[Sheet | None, list[ImportProblem]]:
    if opts.sheet is not None:
        return workbook.read_sheet(opts.sheet)
    first_problems: list[ImportProblem] | None = None
    hidden_with_table: list[str] = []
    for info in workbook.sheets:
        sheet, problems = workbook.read_sheet(info.name)
        if sheet is None:
            first_problems = first_problems or problems
            continue
        table, problems = find_table(sheet, spec, workbook.file, opts.profile, opts.profiles)
        if table is not None and info.visible:
            return sheet, []
        if table is not None:
            hidden_with_table.append(info.name)
        elif info.visible and first_problems is None:
            first_problems = problems
    if hidden_with_table:
        name = hidden_with_table[0]
        reason = (
            f"no visible sheet has a {spec.kind} table; hidden sheet {name!r} has one: "
            f"choose it with --sheet to import it"
        )
        return None, [ImportProblem(workbook.file, None, None, None, None, "", reason)]
    reason = f"no sheet has a {spec.kind} table"
    return None, first_problems or [
        ImportProblem(workbook.file, None, None, None, None, "", reason)
    ]


def parse_sheet(
    kind: str, sheet: Sheet, file: str, options: ImportOptions | None = None
) -> ParseResult:
    """As :func:`parse_file`, for a sheet already read (see :meth:`Workbook.read_sheet`)."""
    opts = options or ImportOptions()
    spec = SPECS[kind]
    table, problems = find_table(sheet, spec, file, opts.profile, opts.profiles)
    if table is None:
        return [], problems, None
    used = heading_columns(table) if kind == "contributions" and not is_long_layout(table) else []
    rows = read_rows(table, file, used)
    rd = CellReader(table, file, ambiguous_dates=opts.ambiguous_dates)
    items, figures, no_value = _PARSERS[kind](rd, rows, opts)
    checker = TotalsChecker(
        table, file, figures.by_index, absolute=figures.absolute, bad_rows=rows.bad_rows
    )
    checks, total_problems = checker.check(rows.totals)
    all_problems = [*rows.problems, *rd.problems, *total_problems]
    all_problems.sort(key=lambda p: (p.row or 0, _col_key(p.cell)))
    year, warnings = _year(kind, table, opts)
    warnings += _duplicate_headers(table, used)
    if not sheet.visible:
        warnings.append(f"sheet {sheet.name!r} is hidden")
    info = ImportInfo(
        kind=kind,
        file=file,
        sheet=sheet.name,
        header_row=table.header_row,
        mapping=tuple(sorted(table.columns.values(), key=lambda m: m.column)),
        signature=table.signature,
        rows_read=rows.read,
        blank_rows=rows.blank_rows,
        totals=tuple(checks),
        as_at=opts.as_at or _as_at(table),
        year=year,
        profile=table.profile,
        unmapped_headers=_unmapped(table, used),
        no_value_labels=no_value,
        warnings=tuple(warnings),
    )
    return items, all_problems, info


def _col_key(cell: str | None) -> int:
    if not cell:
        return 0
    letters = cell.rstrip("0123456789")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_Parsed = tuple[list[Any], Figures, tuple[str, ...]]


def _ledger_options(opts: ImportOptions) -> LedgerOptions:
    codes = frozenset(c.upper() for c in opts.cost_centres)
    return LedgerOptions(opts.year, codes, opts.ambiguous_dates)


def _transactions(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_transaction_rows(rd, rows, _ledger_options(opts))
    return items, figs, ()


def _gl(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_gl_rows(rd, rows, _ledger_options(opts))
    return items, figs, ()


def _allocations(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_allocation_rows(rd, rows, opts.year)
    return items, figs, ()


def _budget_lines(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_budget_line_rows(rd, rows)
    return items, figs, ()


def _contracts(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_contract_rows(rd, rows)
    return items, figs, ()


def _contributions(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs, empty = parse_contribution_rows(rd, rows)
    return items, figs, empty


def _income(rd: CellReader, rows: TableRows, opts: ImportOptions) -> _Parsed:
    items, figs = parse_income_rows(rd, rows)
    return items, figs, ()


_PARSERS: dict[str, Callable[[CellReader, TableRows, ImportOptions], _Parsed]] = {
    "transactions": _transactions,
    "gl": _gl,
    "allocations": _allocations,
    "budget-lines": _budget_lines,
    "contracts": _contracts,
    "contributions": _contributions,
    "income": _income,
}


def _as_at(table: Table) -> date | None:
    for text in [*table.title_lines(), *table.headers.values()]:
        found = find_as_at(text)
        if found is not None:
            return found
    return None


def _year(kind: str, table: Table, opts: ImportOptions) -> tuple[FinancialYear | None, list[str]]:
    """The year the sheet itself names (budget column heading, else the titles), checked
    against ``opts.year``."""
    if kind not in ("budget-lines", "contributions"):
        return opts.year, []
    texts = [m.header for m in table.columns.values() if m.field == "budget"]
    texts += table.title_lines()
    printed = next((ys[0] for ys in (parse_years(t) for t in texts) if len(ys) == 1), None)
    if opts.year is not None and printed is not None and printed != opts.year:
        return opts.year, [f"the sheet names {printed.code} but the import is for {opts.year.code}"]
    return opts.year or printed, []


def _duplicate_headers(table: Table, used: list[int]) -> list[str]:
    """A warning for each unused column headed like a mapped one (two "Amount" columns)."""
    out = []
    by_header = {normalise_header(m.header): m for m in table.columns.values()}
    for col, header in sorted(table.headers.items()):
        m = by_header.get(normalise_header(header))
        if m is not None and m.column != col and col not in used:
            out.append(
                f"two columns are headed {header!r}: {m.field} is read from column {m.letter}, "
                f"column {column_letter(col)} is ignored"
            )
    return out


def _unmapped(table: Table, used: list[int]) -> tuple[str, ...]:
    mapped = {m.column for m in table.columns.values()} | set(used)
    return tuple(h for c, h in sorted(table.headers.items()) if c not in mapped)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes (import batches record it to recognise a re-import)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def profile_from_info(name: str, info: ImportInfo) -> Profile:
    """A profile that re-applies this import's column mapping to files of the same layout."""
    mapping = {m.field: m.header for m in info.mapping}
    return Profile(name, info.kind, mapping, info.signature)


def parse_transactions(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[TransactionRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``transactions``, typed."""
    return parse_file("transactions", path, options)


def parse_gl(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[GlRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``gl``, typed."""
    return parse_file("gl", path, options)


def parse_allocations(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[AllocationRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``allocations``, typed."""
    return parse_file("allocations", path, options)


def parse_budget_lines(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[BudgetLineRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``budget-lines``, typed."""
    return parse_file("budget-lines", path, options)


def parse_contracts(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[ContractRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``contracts``, typed."""
    return parse_file("contracts", path, options)


def parse_contributions(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[ContributionRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``contributions``, typed."""
    return parse_file("contributions", path, options)


def parse_income(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[IncomeRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``income``, typed."""
    return parse_file("income", path, options)
