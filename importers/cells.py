"""Reading typed values out of a table's cells, collecting a problem for each bad cell.

:class:`CellReader` wraps one located table: ``text``/``money``/``date`` read a field of a row
and, on bad input, append an :class:`ImportProblem` naming the cell, its column header, the
value and the reason.  Excel numbers take a fast path (``Decimal(repr(f))``, at most two
decimals); text goes through :func:`fundledger.amounts.parse_amount` and
:func:`fundledger.dates.parse_date`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fundledger.amounts import ParsedAmount, parse_amount
from fundledger.dates import parse_date
from fundledger.money import PENNY, Money

from .headers import display
from .problems import ImportProblem, cell_ref
from .table import Table

__all__ = ["FLOAT_NOISE", "MISSING", "CellReader", "Figures", "Missing"]

_ZERO = Money(Decimal("0.00"))
#: a spreadsheet number this close to a whole penny is that penny (41133.770000000004 is
#: 41,133.77 as Excel shows it); a real sub-penny value is still refused
FLOAT_NOISE = Decimal("0.000001")


class Missing:
    """Marker type: a required cell was blank or bad (a problem has been recorded)."""


MISSING = Missing()


class CellReader:
    """Typed access to the cells of ``table``'s rows; problems go to ``self.problems``."""

    def __init__(self, table: Table, file: str, *, ambiguous_dates: bool = False) -> None:
        self.table = table
        self.file = file
        self.ambiguous_dates = ambiguous_dates
        self.problems: list[ImportProblem] = []
        self._first_col = table.sheet.first_col

    def index(self, name: str) -> int | None:
        return self.table.index(name)

    def raw(self, cells: list[Any], j: int | None) -> Any:
        if j is None or j >= len(cells):
            return ""
        return cells[j]

    def problem(self, row: int, j: int, raw: Any, reason: str) -> None:
        col = j + self._first_col
        self.problems.append(
            ImportProblem(
                self.file,
                self.table.sheet.name,
                cell_ref(row, col),
                row,
                self.table.header_of(col),
                display(raw),
                reason,
            )
        )

    def text(self, cells: list[Any], j: int | None) -> str | None:
        """The cell as printed, whitespace collapsed; None when blank or unmapped."""
        if j is None or j >= len(cells):
            return None
        v = cells[j]
        if type(v) is str:
            t = v.strip()
            if not t:
                return None
            if "  " in t or "\n" in t or "\t" in t or "\r" in t or "\xa0" in t:
                t = " ".join(t.split())
            return t
        if v is None:
            return None
        return display(v) or None

    def required_text(self, row: int, cells: list[Any], j: int | None, what: str) -> str | None:
        s = self.text(cells, j)
        if s is None and j is not None:
            self.problem(row, j, "", f"no {what}")
        return s

    def amount(
        self, row: int, cells: list[Any], j: int | None, *, inexact: bool = False
    ) -> ParsedAmount | Missing | None:
        """The amount in a cell: None when blank; :data:`MISSING` after recording a problem.

        Ranges are refused; approximate and minimum amounts only when ``inexact``.
        """
        v = self.raw(cells, j)
        if v == "" or v is None or j is None:
            return None
        if type(v) is float or type(v) is int:
            return self._number(row, j, v)
        parsed, error = parse_amount(v)
        if error is not None or parsed is None:
            self.problem(row, j, v, error or "not an amount")
            return MISSING
        if parsed.is_blank:
            return None
        if parsed.is_range:
            self.problem(row, j, v, "a range, not one amount")
            return MISSING
        if (parsed.approximate or parsed.minimum) and not inexact:
            self.problem(row, j, v, "not an exact amount")
            return MISSING
        return parsed

    def money(self, row: int, cells: list[Any], j: int | None) -> Money | Missing | None:
        """An exact amount (the hot path for ledger rows): None when blank; :data:`MISSING`
        after recording a problem.  Excel numbers skip the text parser."""
        if j is None or j >= len(cells):
            return None
        v = cells[j]
        if type(v) is float:
            r = repr(v)
            dot = r.find(".")
            if "e" not in r and "n" not in r and (dot < 0 or len(r) - dot <= 3):
                return Money(Decimal(r).quantize(PENNY))
        parsed = self.amount(row, cells, j)
        if isinstance(parsed, ParsedAmount):
            return parsed.value
        return parsed

    def _number(self, row: int, j: int, v: float | int) -> ParsedAmount | Missing:
        try:
            d = Decimal(repr(v))
            q = d.quantize(PENNY)
        except InvalidOperation:
            self.problem(row, j, v, "not an amount")
            return MISSING
        if q != d and abs(d - q) > FLOAT_NOISE:
            self.problem(row, j, v, "more than two decimal places")
            return MISSING
        return ParsedAmount(value=_ZERO if q == 0 else Money(q))

    def date_value(self, row: int, cells: list[Any], j: int | None) -> date | Missing | None:
        """The date in a cell: None when blank; :data:`MISSING` after recording a problem."""
        v = self.raw(cells, j)
        if type(v) is date:
            return v
        if type(v) is datetime:
            return v.date()
        if v == "" or v is None or j is None:
            return None
        d, error = parse_date(v, ambiguous_check=self.ambiguous_dates)
        if error is not None or d is None:
            self.problem(row, j, v, error or "not a date")
            return MISSING
        return d

    def required_date(self, row: int, cells: list[Any], j: int | None, what: str) -> date | None:
        d = self.date_value(row, cells, j)
        if d is None and j is not None:
            self.problem(row, j, "", f"no {what}")
        return d if isinstance(d, date) else None


class Figures:
    """The printed figures of a table's money columns, kept only when the table has a totals
    row to check (``enabled``).  Feed :class:`importers.table.TotalsChecker` with ``by_index``.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.by_index: dict[int, list[tuple[int, Decimal | None]]] = {}
        self.absolute: set[int] = set()

    def record(
        self,
        row: int,
        j: int | None,
        value: ParsedAmount | Decimal | Missing | None,
        *,
        absolute: bool = False,
    ) -> None:
        """A blank cell counts as 0.00; a bad cell (Missing) is remembered as unreadable.

        ``absolute``: the column's figures are compared as magnitudes (a credit column, whose
        figures and total may or may not be printed in brackets)."""
        if not self.enabled or j is None:
            return
        figure: Decimal | None
        if isinstance(value, Missing):
            figure = None
        elif isinstance(value, ParsedAmount):
            figure = _ZERO if value.value is None else value.value
        else:
            figure = _ZERO if value is None else value
        if figure is not None and absolute:
            figure = abs(figure)
        if absolute:
            self.absolute.add(j)
        self.by_index.setdefault(j, []).append((row, figure))
