"""Import entry points: a file (or an already-read sheet) and a kind → rows, problems, info.

:func:`parse_file` runs the safety checks, chooses the sheet (the one named, else the first
*visible* sheet that has a table of this kind; a table found only on a hidden sheet is
reported, not used), locates the table, parses the rows for the kind, checks totals rows,
and finds the as-at date.  Nothing here touches a database: the use case that commits
(``ui/usecases/imports.py``) takes the rows from here.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar, overload

from fundledger.dates import find_as_at
from fundledger.messages import Wording
from fundledger.nogc import without_cyclic_gc
from fundledger.years import FinancialYear, parse_years

from . import kinds
from .body import TableRows, read_rows
from .books import Book, open_book
from .cells import CellReader
from .kinds import PARSERS, KindParser
from .options import ImportOptions
from .problems import ImportProblem, column_letter
from .rows import (
    AllocationRow,
    BudgetLineRow,
    ContractRow,
    ContributionRow,
    GlRow,
    ImportInfo,
    ImportRow,
    IncomeRow,
    TransactionRow,
)
from .table import Profile, Table, TableSpec, find_table, normalise_header
from .totals import TotalsChecker
from .workbook import Sheet

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

R = TypeVar("R")

#: rows, every problem found, and what was found about the file (None: no table)
ParseResult = tuple[list[R], list[ImportProblem], ImportInfo | None]

#: the built-in kinds' tables by name (the registry in ``ui.usecases.import_kinds`` is the list)
SPECS: dict[str, TableSpec] = {name: p.spec for name, p in PARSERS.items()}
KINDS = tuple(SPECS)


def _builtin(kind: str) -> KindParser[ImportRow]:
    found = PARSERS.get(kind)
    if found is None:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    return found


@overload
def parse_file(
    kind: KindParser[R], path: Path, options: ImportOptions | None = None
) -> ParseResult[R]: ...
@overload
def parse_file(
    kind: Literal["transactions"], path: Path, options: ImportOptions | None = None
) -> ParseResult[TransactionRow]: ...
@overload
def parse_file(
    kind: Literal["gl"], path: Path, options: ImportOptions | None = None
) -> ParseResult[GlRow]: ...
@overload
def parse_file(
    kind: Literal["allocations"], path: Path, options: ImportOptions | None = None
) -> ParseResult[AllocationRow]: ...
@overload
def parse_file(
    kind: Literal["budget-lines"], path: Path, options: ImportOptions | None = None
) -> ParseResult[BudgetLineRow]: ...
@overload
def parse_file(
    kind: Literal["contracts"], path: Path, options: ImportOptions | None = None
) -> ParseResult[ContractRow]: ...
@overload
def parse_file(
    kind: Literal["contributions"], path: Path, options: ImportOptions | None = None
) -> ParseResult[ContributionRow]: ...
@overload
def parse_file(
    kind: Literal["income"], path: Path, options: ImportOptions | None = None
) -> ParseResult[IncomeRow]: ...
@overload
def parse_file(
    kind: str, path: Path, options: ImportOptions | None = None
) -> ParseResult[ImportRow]: ...
def parse_file(
    kind: KindParser[R] | str, path: Path, options: ImportOptions | None = None
) -> ParseResult[R] | ParseResult[ImportRow]:
    """Rows of ``kind`` (a parser, or a built-in kind's name) from the file at ``path``, every
    problem found, and what was found.

    Problems about the file (unsafe, unreadable, no table) come with no rows and info None.
    Any problem means nothing should be imported; rows that parsed cleanly are still returned
    for the preview.
    """
    if isinstance(kind, str):
        return _parse_file(_builtin(kind), path, options)
    return _parse_file(kind, path, options)


def _parse_file(parser: KindParser[R], path: Path, options: ImportOptions | None) -> ParseResult[R]:
    opts = options or ImportOptions()
    workbook, problems = open_book(path, opts.limits)
    if workbook is None:
        return [], problems, None
    with without_cyclic_gc():  # many new objects, no cycles (fundledger.nogc)
        try:
            sheet, table, problems = _choose_sheet(workbook, parser.spec, opts)
            if sheet is None:
                return [], problems, None
            return _parse_sheet(parser, sheet, workbook.file, opts, table)
        finally:
            workbook.close()


def _choose_sheet(
    workbook: Book, spec: TableSpec, opts: ImportOptions
) -> tuple[Sheet | None, Table | None, list[ImportProblem]]:
    """The sheet to import, with its table when finding the sheet already located it (so
    the grid is not searched for the header twice)."""
    if opts.sheet is not None:
        chosen, problems = workbook.read_sheet(opts.sheet)
        return chosen, None, problems
    first_problems: list[ImportProblem] | None = None
    hidden_with_table: list[str] = []
    for info in workbook.sheets:
        sheet, problems = workbook.read_sheet(info.name)
        if sheet is None:
            first_problems = first_problems or problems
            continue
        table, problems = find_table(
            sheet, spec, workbook.file, opts.profile, opts.profiles, opts.choice
        )
        if table is not None and info.visible:
            return sheet, table, []
        if table is not None:
            hidden_with_table.append(info.name)
        elif info.visible and first_problems is None:
            first_problems = problems
    if hidden_with_table:
        name = hidden_with_table[0]
        said = (
            f"no visible sheet has a {spec.kind} table; hidden sheet {name!r} has one: "
            + Wording(
                "choose it on the Sheet page to import it", "choose it with --sheet to import it"
            )
        )
        return None, None, [ImportProblem.said(workbook.file, None, None, None, None, "", said)]
    reason = f"no sheet has a {spec.kind} table"
    return (
        None,
        None,
        first_problems or [ImportProblem(workbook.file, None, None, None, None, "", reason)],
    )


@overload
def parse_sheet(
    kind: KindParser[R], sheet: Sheet, file: str, options: ImportOptions | None = None
) -> ParseResult[R]: ...
@overload
def parse_sheet(
    kind: str, sheet: Sheet, file: str, options: ImportOptions | None = None
) -> ParseResult[ImportRow]: ...
def parse_sheet(
    kind: KindParser[R] | str, sheet: Sheet, file: str, options: ImportOptions | None = None
) -> ParseResult[R] | ParseResult[ImportRow]:
    """As :func:`parse_file`, for a sheet already read (see :meth:`Workbook.read_sheet`)."""
    if isinstance(kind, str):
        return _parse_sheet(_builtin(kind), sheet, file, options)
    return _parse_sheet(kind, sheet, file, options)


def _parse_sheet(
    parser: KindParser[R],
    sheet: Sheet,
    file: str,
    options: ImportOptions | None,
    located: Table | None = None,
) -> ParseResult[R]:
    opts = options or ImportOptions()
    table, problems = (
        (located, [])
        if located is not None
        else find_table(sheet, parser.spec, file, opts.profile, opts.profiles, opts.choice)
    )
    if table is None:
        return [], problems, None
    used = parser.extra_columns(table) if parser.extra_columns is not None else []
    money = [f.name for f in parser.spec.fields if f.money]
    rows = read_rows(table, file, used, money)
    rd = CellReader(table, file, ambiguous_dates=opts.ambiguous_dates)
    items, figures, no_value = parser.parse(rd, rows, opts)
    checker = TotalsChecker(
        table, file, figures.by_index, absolute=figures.absolute, bad_rows=rows.bad_rows
    )
    checks, total_problems = checker.check(rows.totals)
    read = rows.read
    if rows.maybe_totals:
        found, data = checker.unlabelled(rows.maybe_totals, rows.totals)
        checks = sorted([*checks, *found], key=lambda c: c.row)
        if data:
            more, _f, _n = parser.parse(rd, replace(rows, data=data, totals=[]), opts)
            items = [*items, *more]
            read += len(data)
    all_problems = [*rows.problems, *rd.problems, *total_problems]
    all_problems.sort(key=lambda p: (p.row or 0, _col_key(p.cell)))
    year, warnings = _year(parser, table, opts)
    warnings += _duplicate_headers(table, used)
    warnings += _footer_warnings(rows)
    if not sheet.visible:
        warnings.append(f"sheet {sheet.name!r} is hidden")
    info = ImportInfo(
        kind=parser.name,
        file=file,
        sheet=sheet.name,
        header_row=table.header_row,
        mapping=tuple(sorted(table.columns.values(), key=lambda m: m.column)),
        signature=table.signature,
        rows_read=read,
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


def _as_at(table: Table) -> date | None:
    for text in [*table.title_lines(), *table.headers.values()]:
        found = find_as_at(text)
        if found is not None:
            return found
    return None


def _year(
    parser: KindParser[object], table: Table, opts: ImportOptions
) -> tuple[FinancialYear | None, list[str]]:
    """The year the sheet itself names (budget column heading, else the titles), checked
    against ``opts.year``."""
    if not parser.year_from_sheet:
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


def _footer_warnings(rows: TableRows) -> list[str]:
    if not rows.footers:
        return []
    first, text = rows.footers[0]
    n = len(rows.footers)
    shown = text if len(text) <= 60 else text[:57] + "…"
    return [
        f"{n} row{'s' if n != 1 else ''} after the totals row left out as notes "
        f"(row {first}: {shown!r}{', …' if n > 1 else ''})"
    ]


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
    return parse_file(kinds.TRANSACTIONS, path, options)


def parse_gl(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[GlRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``gl``, typed."""
    return parse_file(kinds.GL, path, options)


def parse_allocations(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[AllocationRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``allocations``, typed."""
    return parse_file(kinds.ALLOCATIONS, path, options)


def parse_budget_lines(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[BudgetLineRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``budget-lines``, typed."""
    return parse_file(kinds.BUDGET_LINES, path, options)


def parse_contracts(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[ContractRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``contracts``, typed."""
    return parse_file(kinds.CONTRACTS, path, options)


def parse_contributions(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[ContributionRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``contributions``, typed."""
    return parse_file(kinds.CONTRIBUTIONS, path, options)


def parse_income(
    path: Path, options: ImportOptions | None = None
) -> tuple[list[IncomeRow], list[ImportProblem], ImportInfo | None]:
    """:func:`parse_file` for ``income``, typed."""
    return parse_file(kinds.INCOME, path, options)
