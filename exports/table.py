"""A return's main table as one value: its columns declared once, its rows and totals worked
out once.

The preview on screen, ``export --json`` and the workbook all show this one value, so a figure
cannot be rounded one way in one place and another way in another.  It holds plain data (text,
``Decimal``, ``int``, ``date``, ``None``) and turns into JSON and back
(:meth:`ReturnTable.to_json`, :meth:`ReturnTable.from_json`) so a submitted return can be kept
exactly as sent.

Totals are the sums of the columns marked ``total`` (only ``Decimal`` cells count; text such as
``Nil`` or ``not valued`` does not).  A column with ``blank_as`` counts a blank cell at another
column's value of the same row (a line without a forecast counts at its revised budget);
``total_extra`` holds total-row figures that are not sums (the whole pot's % spent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .cells import CellValue, Column, Kind

__all__ = ["ReturnTable", "cell_from_json", "cell_to_json", "make_table"]

_ZERO = Decimal("0.00")
_NUMBER_KINDS = frozenset({"money", "money_whole", "percent", "fte"})
_INT_KINDS = frozenset({"int", "count"})


@dataclass(frozen=True, slots=True)
class ReturnTable:
    """The columns, rows, totals and non-sum total figures of a return's main table."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    totals: Mapping[str, Decimal] = field(default_factory=dict)
    total_extra: Mapping[str, CellValue] = field(default_factory=dict)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return tuple(c.kind for c in self.columns)

    def index(self, header: str) -> int:
        """The position of the column headed ``header`` (``ValueError`` if none)."""
        return self.headers.index(header)

    def total_row(self) -> tuple[CellValue, ...]:
        """``Total`` then each column's total (or non-sum figure); None where there is none."""
        out: list[CellValue] = []
        for i, h in enumerate(self.headers):
            if i == 0:
                out.append("Total")
            elif h in self.total_extra:
                out.append(self.total_extra[h])
            else:
                out.append(self.totals.get(h))
        return tuple(out)

    def extra_by_index(self) -> dict[int, CellValue]:
        """``total_extra`` keyed by column position (as the workbook writes it)."""
        return {self.index(h): v for h, v in self.total_extra.items()}

    def to_json(self) -> dict[str, Any]:
        """Columns (every attribute), rows and totals; money as two-decimal strings."""
        kinds = self.kinds
        return {
            "columns": [_column_json(c) for c in self.columns],
            "rows": [[cell_to_json(v, kinds[i]) for i, v in enumerate(r)] for r in self.rows],
            "totals": {h: cell_to_json(v, "money") for h, v in self.totals.items()},
            "total_extra": {
                h: cell_to_json(v, kinds[self.index(h)]) for h, v in self.total_extra.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReturnTable:
        """The table :meth:`to_json` gave (cells typed again by their column's kind)."""
        columns = tuple(_column_from_json(c) for c in data["columns"])
        kinds = [c.kind for c in columns]
        rows = tuple(
            tuple(cell_from_json(v, kinds[i]) for i, v in enumerate(r)) for r in data["rows"]
        )
        totals = {h: Decimal(v) for h, v in data.get("totals", {}).items()}
        heads = [c.header for c in columns]
        extra = {
            h: cell_from_json(v, kinds[heads.index(h)])
            for h, v in data.get("total_extra", {}).items()
        }
        return cls(columns, rows, totals, extra)


def make_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[CellValue]],
    *,
    total_extra: Mapping[str, CellValue] | None = None,
) -> ReturnTable:
    """A table whose totals are the sums of its ``total`` columns (see the module doc); an
    empty text cell is blank (None), as the workbook leaves it."""
    cols = tuple(columns)
    data = tuple(tuple(None if v == "" else v for v in r) for r in rows)  # blank is blank
    for n, r in enumerate(data):
        if len(r) != len(cols):
            raise ValueError(f"row {n + 1} has {len(r)} cells for {len(cols)} columns")
    return ReturnTable(cols, data, column_totals(cols, data), dict(total_extra or {}))


def column_totals(
    columns: Sequence[Column], rows: Sequence[Sequence[CellValue]]
) -> dict[str, Decimal]:
    """Each ``total`` column's sum (a ``blank_as`` column counts blanks at the other column)."""
    out: dict[str, Decimal] = {}
    for c, col in enumerate(columns):
        if not col.total:
            continue
        total = _ZERO
        for r in rows:
            v = r[c]
            if v is None and col.blank_as is not None:
                v = r[col.blank_as]
            if isinstance(v, Decimal):
                total += v
        out[col.header] = total
    return out


# --------------------------------------------------------------------------- JSON


def cell_to_json(value: CellValue, kind: Kind) -> Any:
    """Money as a two-decimal string, other numbers as strings, dates ISO, text as text."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if kind in ("money", "money_whole") else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def cell_from_json(value: Any, kind: Kind) -> CellValue:
    """The cell :func:`cell_to_json` wrote, typed by its column's kind (text stays text)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a table cell: {value!r}")
    if kind in _NUMBER_KINDS:
        try:
            return Decimal(value)
        except InvalidOperation:
            return value  # words in a money column ("Nil", "not valued", "£100k")
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if kind in _INT_KINDS and value.lstrip("-").isdigit():
        return int(value)
    return value


def _column_json(c: Column) -> dict[str, Any]:
    out = asdict(c)
    if c.row_sum is not None:
        out["row_sum"] = list(c.row_sum)
    return out


def _column_from_json(data: Mapping[str, Any]) -> Column:
    d = dict(data)
    if d.get("row_sum") is not None:
        d["row_sum"] = tuple(d["row_sum"])
    return Column(**d)
