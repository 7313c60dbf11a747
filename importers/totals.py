"""Totals rows: checking a ``Total``/``Totals``/``Grand Total`` row against the data above it.

A totals row is never imported.  Each money column's printed total is compared with the sum of
the printed figures of the data rows it covers (a ``Grand Total`` covers every row above it;
``Total``/``Totals`` the rows since the previous totals row); a mismatch is a problem on the
total's cell naming both figures.  A column with a cell that could not be read is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fundledger.amounts import parse_amount
from fundledger.money import format_gbp

from .body import TotalRow
from .headers import display
from .problems import ImportProblem, cell_ref
from .table import Table

__all__ = ["TotalCheck", "TotalsChecker"]


@dataclass(frozen=True, slots=True)
class TotalCheck:
    """A totals row found in the table: where, its label, and per column (header, figure
    printed, sum of the rows above).  It is never imported."""

    sheet: str
    cell: str  # the label's cell, e.g. "A102"
    row: int
    label: str
    figures: tuple[tuple[str, Decimal, Decimal], ...]

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.cell}"

    @property
    def matches(self) -> bool:
        return all(stated == computed for _, stated, computed in self.figures)


class TotalsChecker:
    """Sums the printed figures of money columns so totals rows can be checked.

    A ``Total``/``Totals`` row is checked against the data rows since the previous totals
    row; a ``Grand Total`` row against every data row above it.  A column with a cell that
    could not be read is not checked (that cell is already a problem).
    """

    def __init__(
        self,
        table: Table,
        file: str,
        figures: Mapping[int, list[tuple[int, Decimal | None]]],
        *,
        absolute: Iterable[int] = (),
        bad_rows: Iterable[int] = (),
    ) -> None:
        """``figures``: per 0-based column index, ``(row, printed figure)`` of each data row;
        a figure of None marks a cell that could not be read.  ``absolute``: 0-based columns
        compared as magnitudes.  ``bad_rows``: rows left out as unreadable."""
        self.table = table
        self.file = file
        first = table.sheet.first_col
        self.absolute = {j + first for j in absolute}
        self.bad_rows = sorted(bad_rows)
        self.columns = sorted(j + first for j in figures)
        self.values = {
            j + first: [(r, v) for r, v in lst if v is not None] for j, lst in figures.items()
        }
        self.unreadable = {
            j + first: [r for r, v in lst if v is None] for j, lst in figures.items()
        }

    def check(self, totals: Sequence[TotalRow]) -> tuple[list[TotalCheck], list[ImportProblem]]:
        checks: list[TotalCheck] = []
        problems: list[ImportProblem] = []
        previous = 0
        for row, cells, label, label_col in totals:
            since = 0 if label.casefold().startswith("grand") else previous
            figures = []
            for col in self.columns:
                result = self._check_cell(row, cells, label, col, since, problems)
                if result is not None:
                    figures.append(result)
            checks.append(
                TotalCheck(
                    self.table.sheet.name, cell_ref(row, label_col), row, label, tuple(figures)
                )
            )
            previous = row
        return checks, problems

    def unlabelled(
        self, candidates: Sequence[tuple[int, list[Any]]], totals: Sequence[TotalRow]
    ) -> tuple[list[TotalCheck], list[tuple[int, list[Any]]]]:
        """Rows with figures only in money columns: a total (checked, never imported) when
        every figure equals the sum of the rows above it since the last totals row; else
        data, returned for parsing as such."""
        checks: list[TotalCheck] = []
        data: list[tuple[int, list[Any]]] = []
        labelled = sorted(t[0] for t in totals)
        for row, cells in candidates:
            since = max((r for r in labelled if r < row), default=0)
            figures = self._equal_figures(row, cells, since)
            if figures is None:
                data.append((row, cells))
                continue
            cell = cell_ref(row, self.columns[0]) if self.columns else f"A{row}"
            checks.append(TotalCheck(self.table.sheet.name, cell, row, "(unlabelled)", figures))
            labelled = sorted([*labelled, row])
        return checks, data

    def _equal_figures(
        self, row: int, cells: Sequence[Any], since: int
    ) -> tuple[tuple[str, Decimal, Decimal], ...] | None:
        first = self.table.sheet.first_col
        out = []
        for col in self.columns:
            j = col - first
            raw = cells[j] if j < len(cells) else ""
            if raw == "" or raw is None:
                continue
            parsed, error = parse_amount(raw)
            if error is not None or parsed is None or parsed.value is None:
                return None
            computed = sum((v for r, v in self.values[col] if since < r < row), Decimal("0.00"))
            stated = abs(parsed.value) if col in self.absolute else parsed.value
            if stated != computed:
                return None
            out.append((self.table.header_of(col), stated, computed))
        return tuple(out) if out else None

    def _check_cell(
        self,
        row: int,
        cells: Sequence[Any],
        label: str,
        col: int,
        since: int,
        problems: list[ImportProblem],
    ) -> tuple[str, Decimal, Decimal] | None:
        sheet = self.table.sheet
        j = col - sheet.first_col
        raw = cells[j] if j < len(cells) else ""
        if (row, col) in sheet.bad_cells or raw == "" or raw is None:
            return None
        header = self.table.header_of(col)
        parsed, error = parse_amount(raw)
        if error is not None or parsed is None or parsed.value is None:
            problems.append(
                self._problem(row, col, header, raw, f"total is {error or 'not one amount'}")
            )
            return None
        if any(since < r < row for r in [*self.unreadable[col], *self.bad_rows]):
            return None
        computed = sum((v for r, v in self.values[col] if since < r < row), Decimal("0.00"))
        stated = abs(parsed.value) if col in self.absolute else parsed.value
        if stated != computed:
            reason = (
                f"{label!r} row gives {format_gbp(stated)} but the rows above add up to "
                f"{format_gbp(computed)}"
            )
            problems.append(self._problem(row, col, header, raw, reason))
        return header, stated, computed

    def _problem(self, row: int, col: int, header: str, raw: Any, reason: str) -> ImportProblem:
        sheet = self.table.sheet.name
        return ImportProblem(
            self.file, sheet, cell_ref(row, col), row, header, display(raw), reason
        )
