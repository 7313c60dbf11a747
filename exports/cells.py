"""Cell writing for the house layout: kinds, number formats, styles, the fast row writer.

Text goes out with ``write_string`` only; text that starts like a formula (``= + - @``) also
gets Excel's quote prefix.  Numbers: xlsxwriter needs a float, made by :func:`to_number`
(exact for whole pence below 10**13: the float's shortest repr is the Decimal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Protocol

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

Kind = Literal["text", "rag", "money", "money_whole", "date", "int", "count", "percent", "fte"]
CellValue = str | Decimal | int | date | None

MONEY_FORMAT = "£#,##0.00;[Red]-£#,##0.00"
MONEY_WHOLE_FORMAT = "£#,##0;[Red]-£#,##0"
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMATS: dict[str, str] = {
    "money": MONEY_FORMAT,
    "money_whole": MONEY_WHOLE_FORMAT,
    "date": DATE_FORMAT,
    "int": "0",
    "count": "#,##0",
    "percent": "0.00%",
    "fte": "0.00",
}
FORMULA_START = frozenset("=+-@")
_MAX_EXACT = Decimal(10) ** 13


def to_number(d: Decimal) -> float:
    """The number xlsxwriter writes; exact for whole pence below 10**13 (see module doc)."""
    if not -_MAX_EXACT < d < _MAX_EXACT:
        raise ValueError(f"{d} is too large to write exactly")
    return float(d)


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet would take as a formula (``= + - @`` first)."""
    return bool(text) and text[0] in FORMULA_START


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, kind of value, width and whether it is totalled.

    ``width`` None fits the column to its contents (capped at ``max_width``).
    ``row_sum`` makes the column a live ``=SUM`` across other columns of the same row
    (indexes, inclusive), cached with the sum of their values.  ``blank_as`` (a column index)
    makes a blank cell count at that column's value in the total (a line without a forecast
    counts at its revised budget): the total is ``=SUM(..)+SUMPRODUCT(--(..=""),..)``.
    """

    header: str
    kind: Kind = "text"
    width: float | None = None
    total: bool = False
    max_width: float = 60
    wrap: bool = False
    row_sum: tuple[int, int] | None = None
    blank_as: int | None = None


def header_lines(col: Column) -> int:
    """How many lines a bold header needs in its column (headers are wrapped, not cut)."""
    width = col.width if col.width is not None else min(len(col.header) + 2, col.max_width)
    per_line = max(width - 1, 1) / 1.05  # bold text is wider than the width unit
    return max(1, -(-len(col.header) // int(per_line)))


class Widths:
    """Running estimate of each column's display width."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.chars = [len(c.header) + 2 for c in columns]

    def see(self, col: int, chars: int) -> None:
        self.chars[col] = max(self.chars[col], chars)


def money_chars(v: Decimal, whole: bool = False) -> int:
    """Characters a money value shows as (``-£1,234.56``), for fitting its column."""
    digits = len(str(abs(int(v))))
    return digits + (digits - 1) // 3 + (1 if whole else 4) + (1 if v < 0 else 0) + 2


class Formats(Protocol):
    """Anything that hands out named cell formats (the workbook)."""

    def fmt(self, style: str) -> Format: ...


def write_cell(
    ws: Worksheet, book: Formats, r: int, c: int, v: CellValue, kind: Kind, style: str
) -> None:
    fmt = book.fmt
    if v is None:
        ws.write_blank(r, c, None, fmt(style))
    elif kind == "rag" and isinstance(v, str) and v in _RAG_COLOURS:
        total = "total_" if style.startswith("total_") else ""
        ws.write_string(r, c, v.capitalize(), fmt(f"{total}rag_{v}"))
    elif isinstance(v, str):
        write_text(ws, book, r, c, v, kind)
    elif isinstance(v, date):
        ws.write_datetime(r, c, v, fmt(style))
    elif kind == "percent":
        ws.write_number(r, c, to_number(Decimal(v) / 100), fmt(style))
    elif isinstance(v, Decimal):
        ws.write_number(r, c, to_number(v), fmt(style))
    else:
        ws.write_number(r, c, v, fmt(style))


def write_text(ws: Worksheet, book: Formats, r: int, c: int, v: str, kind: Kind) -> None:
    if is_formula_like(v):
        style = "text_quoted"
    elif kind == "text":
        style = "text"
    else:
        style = "text_right"  # e.g. "Nil" or "not valued" in a money column
    ws.write_string(r, c, v, book.fmt(style))


class Tally:
    """What a table's rows leave for its total row and column widths: each column's sum, the
    ``blank_as`` sums and the widest value seen."""

    def __init__(self, cols: tuple[Column, ...]) -> None:
        self.sums = [Decimal("0.00") for _ in cols]
        #: per ``blank_as`` column: the other column's values on rows where this one is blank
        self.blank_sums = [Decimal("0.00") for _ in cols]
        self.widths = Widths(cols)


def forget_flushed(ws: Worksheet) -> None:
    """Drop the heights of rows xlsxwriter has already written out (constant_memory), so a
    long listing with wrapped cells keeps flat memory instead of one entry per row."""
    if not ws.constant_memory:
        return
    done = [k for k in ws.row_info if k < ws.previous_row]
    for k in done:
        del ws.row_info[k]
        ws.row_sizes.pop(k, None)


class RowWriter(Tally):
    """Writes data rows fast: one prepared function per column; keeps sums and widths."""

    def __init__(self, ws: Worksheet, book: Formats, cols: tuple[Column, ...]) -> None:
        super().__init__(cols)
        self.ws = ws
        self.book = book
        self.cols = cols
        self._extremes: dict[int, Decimal] = {}
        self.lines = 1
        self._writers = [self._make(i, col) for i, col in enumerate(cols)]

    def write(self, r: int, values: Sequence[CellValue]) -> None:
        self.lines = 1
        for c, fn in enumerate(self._writers):
            fn(r, values[c] if c < len(values) else None, values)
        if self.lines > 1:  # a wrapped cell: make the row tall enough (works while r is current)
            self.ws.set_row(r, 15 * self.lines)
            forget_flushed(self.ws)

    def _make(self, c: int, col: Column) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        if col.row_sum is not None:
            return self._row_sum_writer(c, col.row_sum)
        if col.kind == "text":
            return self._text_writer(c, col)
        if col.kind == "rag":
            return self._rag_writer(c)
        if col.kind in ("money", "money_whole"):
            return self._money_writer(c, col)
        return self._other_writer(c, col)

    def _text_writer(
        self, c: int, col: Column
    ) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, widths = self.ws, self.widths
        wrap = self.book.fmt("text_wrap")
        plain = wrap if col.wrap else None  # None: the default style
        quoted = self.book.fmt("text_quoted")
        limit = int(col.width if col.width is not None else col.max_width) - 2

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if v is None or v == "":
                return
            s = v if isinstance(v, str) else str(v)
            n = len(s)
            if s[0] in FORMULA_START:
                ws.write_string(r, c, s, quoted)
            elif n > limit:  # longer than the column can be: wrap rather than cut off
                ws.write_string(r, c, s, wrap)
                self.lines = max(self.lines, -(-n // limit))
            else:
                ws.write_string(r, c, s, plain)
            widths.chars[c] = max(widths.chars[c], n + 2)

        return write

    def _rag_writer(self, c: int) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, book, widths = self.ws, self.book, self.widths

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if isinstance(v, str) and v in _RAG_COLOURS:
                ws.write_string(r, c, v.capitalize(), book.fmt(f"rag_{v}"))
                widths.see(c, 8)
            elif v is not None:
                write_text(ws, book, r, c, str(v), "text")

        return write

    def _money_writer(
        self, c: int, col: Column
    ) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, book, sums, widths = self.ws, self.book, self.sums, self.widths
        fmt = book.fmt(col.kind)
        whole = col.kind == "money_whole"
        ext = self._extremes
        blank_as, blank_sums = col.blank_as, self.blank_sums

        def write(r: int, v: CellValue, row: Sequence[CellValue]) -> None:
            if v is None and blank_as is not None:
                other = row[blank_as] if blank_as < len(row) else None
                if isinstance(other, Decimal):
                    blank_sums[c] += other
            elif isinstance(v, Decimal):
                ws.write_number(r, c, to_number(v), fmt)
                sums[c] += v
                big = ext.get(c)
                if big is None or abs(v) > big:
                    ext[c] = abs(v)
                    widths.see(c, money_chars(v, whole) + 1)
            elif isinstance(v, str):
                write_text(ws, book, r, c, v, col.kind)
                widths.see(c, len(v) + 2)
            elif v is not None:
                raise TypeError(f"money cell needs a Decimal, got {v!r}")

        return write

    def _row_sum_writer(
        self, c: int, span: tuple[int, int]
    ) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, sums, fmt = self.ws, self.sums, self.book.fmt(self.cols[c].kind)
        a, b = xl_col_to_name(span[0]), xl_col_to_name(span[1])
        whole = self.cols[c].kind == "money_whole"

        def write(r: int, _v: CellValue, row: Sequence[CellValue]) -> None:
            parts = row[span[0] : span[1] + 1]
            value = sum((p for p in parts if isinstance(p, Decimal)), Decimal("0.00"))
            ws.write_formula(r, c, f"=SUM({a}{r + 1}:{b}{r + 1})", fmt, to_number(value))
            sums[c] += value
            self.widths.see(c, money_chars(value, whole) + 1)

        return write

    def _other_writer(
        self, c: int, col: Column
    ) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, book, sums, widths = self.ws, self.book, self.sums, self.widths
        kind = col.kind
        width = {"date": 12, "percent": 9, "fte": 8}.get(kind, 8)

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if v is None:
                return
            write_cell(ws, book, r, c, v, kind, kind)
            if isinstance(v, Decimal | int) and not isinstance(v, bool) and kind != "percent":
                sums[c] += Decimal(v)
            widths.see(c, width if not isinstance(v, str) else len(v) + 2)

        return write


_RAG_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}


def style_props(style: str) -> dict[str, Any]:
    """xlsxwriter format properties for a named style."""
    props: dict[str, Any] = {}  # the workbook default font (Calibri 11)
    base = style.removeprefix("total_")
    if style.startswith("total_"):
        props.update({"bold": True, "top": 1, "bottom": 6})
    if base in NUMBER_FORMATS:
        props["num_format"] = NUMBER_FORMATS[base]
    props.update(_EXTRA.get(style, {}))
    if base.startswith("rag_"):
        props.update({"bg_color": _RAG_COLOURS[base[4:]], "align": "center"})
    return props


_EXTRA: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"bold": True, "font_size": 11},
    "note": {"italic": True, "font_color": "#404040"},
    "header": {
        "bold": True,
        "bg_color": "#D9E1F2",
        "bottom": 1,
        "text_wrap": True,
        "valign": "top",
    },
    "header_right": {
        "bold": True,
        "bg_color": "#D9E1F2",
        "bottom": 1,
        "text_wrap": True,
        "valign": "top",
        "align": "right",
    },
    "text": {},
    "text_wrap": {"text_wrap": True},
    "text_right": {"align": "right"},
    "text_quoted": {"quote_prefix": True},
    "total_label": {"bold": True, "top": 1, "bottom": 6},
    "total_text": {},
}
