"""The rows under a table's header, sorted out: data, totals rows, footers, blanks.

- Blank rows (including rows of formatting only) are skipped.
- A **totals row** is never data: a row whose label (in whichever column it sits) is
  ``Total``, ``Totals``, ``Grand Total``, ``Report Total``, ``Sub-total``… and whose date
  column holds no date; checked by :class:`importers.totals.TotalsChecker` against the rows
  above it.  A row with figures only in money columns and nothing in the other mapped columns
  is a *possible* unlabelled total: the caller treats it as a total when its figures equal the
  sums above, else as data.
- **Footers**: rows after the last totals row that fill fewer than half the mapped columns
  (notes, "Source: …") are reported and left out; so is everything below ``last_row``.
- Merged cells inside the table (header to last row) are refused, except a totals row's label
  merged across its own row; an Excel error or an uncached formula in a used column is a
  problem on that cell.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from fundledger.dates import parse_date

from .headers import TOTAL_LABELS, display, is_total_label
from .problems import ImportProblem, cell_ref
from .table import Table

__all__ = ["TOTAL_LABELS", "TableRows", "is_total_label", "read_rows"]

_DATES = frozenset({date, datetime})
TotalRow = tuple[int, list[Any], str, int]  # row, cells, label, label column (1-based)


@dataclass(frozen=True, slots=True)
class TableRows:
    """The rows under the header, sorted out.  ``data``, ``totals`` and ``maybe_totals``
    hold ``(sheet row, cells)``; cells are indexed like :meth:`Table.index`.  ``bad_rows``
    (an error or uncached formula in a used column, or merged cells) are reported in
    ``problems`` and left out of ``data``; ``footers`` are ``(row, text)`` left out."""

    data: list[tuple[int, list[Any]]]
    totals: list[TotalRow]
    blank_rows: int
    bad_rows: frozenset[int]
    problems: list[ImportProblem] = field(default_factory=list)
    read: int = 0  # data rows read, bad ones included
    maybe_totals: list[tuple[int, list[Any]]] = field(default_factory=list)
    footers: list[tuple[int, str]] = field(default_factory=list)

    @property
    def has_totals(self) -> bool:
        """Whether money columns' figures must be kept to check totals rows."""
        return bool(self.totals or self.maybe_totals)


def _is_blank(cells: Sequence[Any]) -> bool:
    for v in cells:
        if v != "" and v is not None and not (isinstance(v, str) and not v.strip()):
            return False
    return True


def _total_label(cells: Sequence[Any], date_at: int | None) -> tuple[str, int] | None:
    """The totals label of a row and its 0-based column, if the row is a totals row."""
    if date_at is not None and date_at < len(cells) and _is_date(cells[date_at]):
        return None
    for j, v in enumerate(cells):
        if isinstance(v, str) and v.strip() and is_total_label(v):
            return " ".join(v.split()), j
    return None


def _is_date(v: Any) -> bool:
    if type(v) in (date, datetime):
        return True
    return isinstance(v, str) and bool(v.strip()) and parse_date(v)[0] is not None


def read_rows(
    table: Table,
    file: str,
    used_columns: Iterable[int] = (),
    money: Collection[str] = (),
) -> TableRows:
    """Sort the rows under the header into data, totals, footers and blanks; refuse merged
    cells and untrustworthy cells in the columns used (mapped columns plus ``used_columns``).
    ``money``: the money fields, whose columns alone may fill an unlabelled totals row."""
    sheet = table.sheet
    start = table.header_row - sheet.first_row + 1
    end = None if table.last_row is None else table.last_row - sheet.first_row + 1
    body = sheet.rows[start:end]
    first = table.header_row + 1
    date_at = table.index("date")
    sorted_rows = _plain_rows(body, first) or _sort_rows(body, first, sheet.first_col, date_at)
    data, totals, blank = sorted_rows
    footers = _footers(table, data, totals)
    maybe = _maybe_totals(table, data, money)
    if footers or maybe:
        gone = {r for r, _t in footers} | {r for r, _c in maybe}
        data = [(r, c) for r, c in data if r not in gone]
    cols = {m.column for m in table.columns.values()} | set(used_columns)
    bad_rows: set[int] = set()
    problems = _merged_problems(table, file, {t[0] for t in totals}, bad_rows)
    problems += _bad_cells(table, file, cols, bad_rows)
    read = len(data)
    if bad_rows:
        data = [(r, cells) for r, cells in data if r not in bad_rows]
    return TableRows(data, totals, blank, frozenset(bad_rows), problems, read, maybe, footers)


def _bad_cells(table: Table, file: str, cols: set[int], bad_rows: set[int]) -> list[ImportProblem]:
    sheet = table.sheet
    last = table.last_row
    out = []
    for (r, c), issue in sorted(sheet.bad_cells.items()):
        if r > table.header_row and c in cols and (last is None or r <= last):
            bad_rows.add(r)
            out.append(
                ImportProblem(
                    file, sheet.name, cell_ref(r, c), r, table.header_of(c), issue.value,
                    issue.reason,
                )
            )  # fmt: skip
    return out


def _plain_rows(
    body: list[list[Any]], first: int
) -> tuple[list[tuple[int, list[Any]]], list[TotalRow], int] | None:
    """All rows at once when every row starts with a date (so none is blank or a totals
    row): the common shape of a ledger export."""
    if not body or not all(body):
        return None
    kinds = set(map(type, map(itemgetter(0), body)))
    if not _DATES.issuperset(kinds):
        return None
    return list(zip(range(first, first + len(body)), body, strict=True)), [], 0


def _sort_rows(
    body: list[list[Any]], first: int, first_col: int, date_at: int | None
) -> tuple[list[tuple[int, list[Any]]], list[TotalRow], int]:
    data: list[tuple[int, list[Any]]] = []
    totals: list[TotalRow] = []
    blank = 0
    for i, cells in enumerate(body, start=first):
        if cells and type(cells[0]) in _DATES:
            data.append((i, cells))  # the common case: a date first
        elif _is_blank(cells):
            blank += 1
        else:
            label = _total_label(cells, date_at)
            if label is not None:
                totals.append((i, cells, label[0], label[1] + first_col))
            else:
                data.append((i, cells))
    return data, totals, blank


def _filled(table: Table, cells: list[Any]) -> int:
    n = 0
    for m in table.columns.values():
        j = m.column - table.sheet.first_col
        v = cells[j] if j < len(cells) else ""
        n += v != "" and v is not None and not (isinstance(v, str) and not v.strip())
    return n


def _footers(
    table: Table, data: list[tuple[int, list[Any]]], totals: list[TotalRow]
) -> list[tuple[int, str]]:
    """Rows after the last totals row that fill fewer than half the mapped columns."""
    if not totals:
        return []
    last_total = totals[-1][0]
    half = len(table.columns) / 2
    return [
        (r, " ".join(display(v) for v in cells if display(v)))
        for r, cells in data
        if r > last_total and _filled(table, cells) < half
    ]


def _maybe_totals(
    table: Table, data: list[tuple[int, list[Any]]], money: Collection[str]
) -> list[tuple[int, list[Any]]]:
    """Rows with figures in money columns only (nothing in the other mapped columns)."""
    if not money:
        return []
    first = table.sheet.first_col
    money_at = [m.column - first for f, m in table.columns.items() if f in money]
    other_at = [m.column - first for f, m in table.columns.items() if f not in money]
    if not money_at or not other_at:
        return []
    out = []
    for r, cells in data[-50:]:  # totals sit at the foot (or after sections near it)
        width = len(cells)
        if any(j < width and _value(cells[j]) for j in other_at):
            continue
        if any(j < width and _value(cells[j]) for j in money_at):
            out.append((r, cells))
    return out


def _value(v: Any) -> bool:
    return v is not None and v != "" and not (isinstance(v, str) and not v.strip())


def _merged_problems(
    table: Table, file: str, total_rows: set[int], bad_rows: set[int]
) -> list[ImportProblem]:
    sheet = table.sheet
    last = table.last_row if table.last_row is not None else sheet.last_row
    out = []
    for rng in sheet.merged:
        if not rng.overlaps_rows(table.header_row, max(last, table.header_row)):
            continue
        if rng.first_row == rng.last_row and rng.first_row in total_rows:
            continue  # a totals row's label spread across its own row
        bad_rows.update(range(rng.first_row, rng.last_row + 1))
        cell = cell_ref(rng.first_row, rng.first_col)
        value = display(sheet.value(rng.first_row, rng.first_col))
        reason = f"merged cells {rng.ref} inside the table: unmerge them before importing"
        out.append(
            ImportProblem(
                file, sheet.name, cell, rng.first_row, table.header_of(rng.first_col), value, reason
            )
        )
    return out
