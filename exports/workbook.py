"""FinanceWorkbook: the house layout every export shares, over xlsxwriter.

Owns: the title block (title, ledger, as-at date, "Produced by" line), tables from column
specs (frozen header, autofilter, fitted widths, £ formats), totals written as live ``=SUM``
formulas *with their cached values*, the "Rows" sheet, page set-up and document properties.

Safety: text is only ever written with ``write_string`` (never ``write``), so a supplier
called ``=HYPERLINK(...)`` stays text; text starting with ``= + - @`` also gets Excel's
quote prefix so editing the cell keeps it text.  The only formulas are our own totals.

Money is ``Decimal`` everywhere until the xlsxwriter call, which needs a number: we pass
``float(d)``.  For whole-pence amounts below £10,000,000,000,000 (15 significant digits)
the float's shortest repr is exactly the Decimal, so nothing is lost (``_num`` checks the
bound).  Files are written with ``constant_memory``: rows go out in order, one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .data import Produced, SourceRow

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
_FORMULA_START = frozenset("=+-@")
_MAX_EXACT = Decimal(10) ** 13
_FONT = "Arial"


def _num(d: Decimal) -> float:
    """The number xlsxwriter writes; exact for whole pence below 10**13 (see module doc)."""
    if not -_MAX_EXACT < d < _MAX_EXACT:
        raise ValueError(f"{d} is too large to write exactly")
    return float(d)


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet would take as a formula (``= + - @`` first)."""
    return bool(text) and text[0] in _FORMULA_START


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, kind of value, width and whether it is totalled.

    ``width`` None fits the column to its contents (capped at ``max_width``).
    ``row_sum`` makes the column a live ``=SUM`` across other columns of the same row
    (indexes, inclusive), cached with the sum of their values.
    """

    header: str
    kind: Kind = "text"
    width: float | None = None
    total: bool = False
    max_width: float = 60
    wrap: bool = False
    row_sum: tuple[int, int] | None = None


@dataclass(slots=True)
class Table:
    """Where a table landed (0-based rows) and the totals written under it."""

    sheet: str
    columns: tuple[Column, ...]
    header_row: int
    first_row: int
    last_row: int  # last data row; first_row - 1 when there are no rows
    total_row: int | None
    totals: dict[str, Decimal] = field(default_factory=dict)

    def cell(self, row_index: int, col: int) -> str:
        """A1 address (``C8``) of data row ``row_index`` (0-based within the table)."""
        return str(xl_rowcol_to_cell(self.first_row + row_index, col))

    def ref(self, row_index: int, col: int) -> str:
        """``'Sheet name'!C8`` for the Rows sheet."""
        return f"'{self.sheet}'!{self.cell(row_index, col)}"

    def total_ref(self, col: int) -> str:
        if self.total_row is None:
            raise ValueError("table has no total row")
        return f"'{self.sheet}'!{xl_rowcol_to_cell(self.total_row, col)}"


class _Widths:
    """Running estimate of each column's display width."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.chars = [len(c.header) + 2 for c in columns]

    def see(self, col: int, chars: int) -> None:
        if chars > self.chars[col]:
            self.chars[col] = chars


def _money_chars(v: Decimal, whole: bool) -> int:
    digits = len(str(abs(int(v))))
    return digits + (digits - 1) // 3 + (1 if whole else 4) + (1 if v < 0 else 0) + 2


class FinanceSheet:
    """One worksheet in the house layout; rows are written top to bottom."""

    def __init__(
        self, book: FinanceWorkbook, ws: Worksheet, title: str, subtitle: str | None
    ) -> None:
        self.book = book
        self.ws = ws
        self.name: str = ws.get_name()
        self.row = 0
        self.widths: dict[int, float] = {}
        self._fixed: dict[int, float] = {}
        self._write_title(title, subtitle)
        self._page_setup()

    # ------------------------------------------------------------------ title, notes

    def _write_title(self, title: str, subtitle: str | None) -> None:
        p = self.book.produced
        self.line(title, "title")
        if subtitle:
            self.line(subtitle, "subtitle")
        self.line(f"Ledger: {p.ledger_name} · As at {p.as_at.strftime('%d/%m/%Y')}", "note")
        self.line(p.line, "note")
        self.row += 1

    def _page_setup(self) -> None:
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(f"&L&8{self.book.produced.line}&R&8Page &P of &N")
        ws.center_horizontally()

    def line(self, text: str, style: str = "note") -> None:
        """A line of text in column A (title, note, commentary)."""
        self.ws.write_string(self.row, 0, text, self.book.fmt(style))
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def set_width(self, col: int, width: float) -> None:
        """Fix a column's width (wins over fitting)."""
        self._fixed[col] = width

    def _fit(self, columns: Sequence[Column], seen: _Widths) -> None:
        for i, c in enumerate(columns):
            w = c.width if c.width is not None else min(float(seen.chars[i]), c.max_width)
            self.widths[i] = max(self.widths.get(i, 0.0), w)

    def finish(self) -> None:
        """Apply column widths (xlsxwriter writes ``<cols>`` at close, after the rows)."""
        merged = {**self.widths, **self._fixed}
        for col, width in merged.items():
            self.ws.set_column(col, col, width)

    # ------------------------------------------------------------------ tables

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[CellValue]],
        *,
        total_label: str | None = "Total",
        autofilter: bool = True,
        freeze: bool = True,
        total_extra: Mapping[int, CellValue] | None = None,
    ) -> Table:
        """Header, rows and (optionally) a total row of live ``=SUM`` formulas.

        ``total_extra`` puts plain values in the total row (e.g. the overall % spent).
        """
        cols = tuple(columns)
        header_row = self.row
        for c, col in enumerate(cols):
            style = "header" if col.kind in ("text", "rag", "date") else "header_right"
            self.ws.write_string(header_row, c, col.header, self.book.fmt(style))
        self.row += 1
        writer = _RowWriter(self, cols)
        for values in rows:
            writer.write(self.row, values)
            self.row += 1
        table = Table(self.name, cols, header_row, header_row + 1, self.row - 1, None)
        if freeze:
            self.ws.freeze_panes(header_row + 1, 0)
        if autofilter:
            self.ws.autofilter(header_row, 0, max(table.last_row, header_row), len(cols) - 1)
        if total_label is not None:
            self._total_row(table, writer, total_label, total_extra or {})
        self._fit(cols, writer.widths)
        self.ws.repeat_rows(header_row)
        return table

    def _total_row(
        self, table: Table, writer: _RowWriter, label: str, extra: Mapping[int, CellValue]
    ) -> None:
        r = self.row
        table.total_row = r
        fmt = self.book.fmt
        self.ws.write_string(r, 0, label, fmt("total_label"))
        for c, col in enumerate(table.columns):
            if c == 0:
                continue
            if c in extra:
                self.write_value(r, c, extra[c], col.kind, bold=True)
                continue
            if not col.total:
                self.ws.write_blank(r, c, None, fmt("total_label"))
                continue
            value = writer.sums[c]
            table.totals[col.header] = value
            style = f"total_{col.kind}"
            if table.last_row < table.first_row:
                self.ws.write_number(r, c, _num(value), fmt(style))
                continue
            letter = xl_col_to_name(c)
            formula = f"=SUM({letter}{table.first_row + 1}:{letter}{table.last_row + 1})"
            self.ws.write_formula(r, c, formula, fmt(style), _num(value))
        self.row += 1

    def write_total_formula(
        self, row: int, col: int, cells: Sequence[str], value: Decimal, kind: Kind = "money"
    ) -> None:
        """A live ``=SUM`` over the given ranges/cells, with its cached value."""
        formula = "=SUM(" + ",".join(cells) + ")"
        self.ws.write_formula(row, col, formula, self.book.fmt(f"total_{kind}"), _num(value))

    def write_value(
        self, row: int, col: int, value: CellValue, kind: Kind, bold: bool = False
    ) -> None:
        """One cell outside a table (text always as text)."""
        style = f"total_{kind}" if bold else kind
        _write_cell(self.ws, self.book, row, col, value, kind, style)


def _write_cell(
    ws: Worksheet, book: FinanceWorkbook, r: int, c: int, v: CellValue, kind: Kind, style: str
) -> None:
    fmt = book.fmt
    if v is None:
        ws.write_blank(r, c, None, fmt(style))
    elif isinstance(v, str):
        _write_text(ws, book, r, c, v, kind)
    elif isinstance(v, date):
        ws.write_datetime(r, c, v, fmt(style))
    elif kind == "percent":
        ws.write_number(r, c, _num(Decimal(v) / 100), fmt(style))
    elif isinstance(v, Decimal):
        ws.write_number(r, c, _num(v), fmt(style))
    else:
        ws.write_number(r, c, v, fmt(style))


def _write_text(ws: Worksheet, book: FinanceWorkbook, r: int, c: int, v: str, kind: Kind) -> None:
    if is_formula_like(v):
        style = "text_quoted"
    elif kind == "text":
        style = "text"
    else:
        style = "text_right"  # e.g. "Nil" or "not valued" in a money column
    ws.write_string(r, c, v, book.fmt(style))


class _RowWriter:
    """Writes data rows fast: one prepared function per column; keeps sums and widths."""

    def __init__(self, sheet: FinanceSheet, cols: tuple[Column, ...]) -> None:
        self.ws = sheet.ws
        self.book = sheet.book
        self.cols = cols
        self.sums = [Decimal("0.00") for _ in cols]
        self.widths = _Widths(cols)
        self._extremes: dict[int, Decimal] = {}
        self._writers = [self._make(i, col) for i, col in enumerate(cols)]

    def write(self, r: int, values: Sequence[CellValue]) -> None:
        for c, fn in enumerate(self._writers):
            fn(r, values[c] if c < len(values) else None, values)

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
        plain = self.book.fmt("text_wrap" if col.wrap else "text")
        quoted = self.book.fmt("text_quoted")

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if v is None:
                return
            s = v if isinstance(v, str) else str(v)
            ws.write_string(r, c, s, quoted if s and s[0] in _FORMULA_START else plain)
            n = len(s) + 2
            if n > widths.chars[c]:
                widths.chars[c] = n

        return write

    def _rag_writer(self, c: int) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, book, widths = self.ws, self.book, self.widths

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if isinstance(v, str) and v in _RAG_COLOURS:
                ws.write_string(r, c, v.capitalize(), book.fmt(f"rag_{v}"))
                widths.see(c, 8)
            elif v is not None:
                _write_text(ws, book, r, c, str(v), "text")

        return write

    def _money_writer(
        self, c: int, col: Column
    ) -> Callable[[int, CellValue, Sequence[CellValue]], None]:
        ws, book, sums, widths = self.ws, self.book, self.sums, self.widths
        fmt = book.fmt(col.kind)
        whole = col.kind == "money_whole"
        ext = self._extremes

        def write(r: int, v: CellValue, _row: Sequence[CellValue]) -> None:
            if isinstance(v, Decimal):
                ws.write_number(r, c, _num(v), fmt)
                sums[c] += v
                big = ext.get(c)
                if big is None or abs(v) > big:
                    ext[c] = abs(v)
                    widths.see(c, _money_chars(v, whole) + 1)
            elif isinstance(v, str):
                _write_text(ws, book, r, c, v, col.kind)
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
            ws.write_formula(r, c, f"=SUM({a}{r + 1}:{b}{r + 1})", fmt, _num(value))
            sums[c] += value
            self.widths.see(c, _money_chars(value, whole) + 1)

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
            _write_cell(ws, book, r, c, v, kind, kind)
            if isinstance(v, Decimal | int) and not isinstance(v, bool) and kind != "percent":
                sums[c] += Decimal(v)
            widths.see(c, width if not isinstance(v, str) else len(v) + 2)

        return write


class FinanceWorkbook:
    """A workbook in the house layout.  Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        path: str | Path,
        produced: Produced,
        *,
        title: str,
        subject: str = "",
        constant_memory: bool = True,
    ) -> None:
        self.path = str(path)
        self.produced = produced
        self.title = title
        self._book = xlsxwriter.Workbook(
            self.path,
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": DATE_FORMAT,
            },
        )
        self._formats: dict[str, Format] = {}
        self.sheets: list[FinanceSheet] = []
        self._set_properties(subject)

    def _set_properties(self, subject: str) -> None:
        p = self.produced
        self._book.set_properties(
            {
                "title": self.title,
                "subject": subject or self.title,
                "author": p.user,
                "company": p.ledger_name,
                "comments": f"{p.line}. Figures as at {p.as_at.isoformat()}.",
                "keywords": "fundledger, finance return",
                "category": "Finance return",
                "created": p.produced_at,
            }
        )
        self._book.set_custom_property("As at", p.as_at.isoformat())
        self._book.set_custom_property("Ledger", p.ledger_name)
        self._book.set_custom_property("Produced by", f"fundledger {p.version}")

    def fmt(self, style: str) -> Format:
        """A named cell format (cached): ``money``, ``total_money``, ``header``, ``rag_red``..."""
        f = self._formats.get(style)
        if f is None:
            f = self._book.add_format(_style_props(style))
            self._formats[style] = f
        return f

    def add_sheet(self, name: str, *, title: str, subtitle: str | None = None) -> FinanceSheet:
        sheet = FinanceSheet(self, self._book.add_worksheet(name), title, subtitle)
        self.sheets.append(sheet)
        return sheet

    def add_rows_sheet(
        self, sources: Iterable[SourceRow], cells: Mapping[str, str], *, note: str | None = None
    ) -> Table:
        """The "Rows" sheet: each source row, the figure it feeds and that figure's cell."""
        sheet = self.add_sheet("Rows", title="Rows behind each figure")
        if note:
            sheet.line(note)
            sheet.skip()
        cols = (
            Column("Figure"),
            Column("Cell", width=22),
            Column("Source"),
            Column("Date", "date"),
            Column("Reference"),
            Column("Description", max_width=50),
            Column("Amount", "money", total=False),
        )
        rows = (
            (
                s.figure,
                cells.get(s.figure, ""),
                s.source,
                s.on,
                s.reference,
                s.description,
                s.amount,
            )
            for s in sources
        )
        return sheet.table(cols, rows, total_label=None)

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.finish()
        self._book.close()

    def __enter__(self) -> FinanceWorkbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


_RAG_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}


def _style_props(style: str) -> dict[str, Any]:
    """xlsxwriter format properties for a named style."""
    props: dict[str, Any] = {"font_name": _FONT, "font_size": 10}
    base = style.removeprefix("total_")
    if style.startswith("total_"):
        props.update({"bold": True, "top": 1, "bottom": 6})
    if base in NUMBER_FORMATS:
        props["num_format"] = NUMBER_FORMATS[base]
    props.update(_EXTRA.get(style, {}))
    if style.startswith("rag_"):
        props.update({"bg_color": _RAG_COLOURS[style[4:]], "align": "center"})
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
    "text_wrap": {"text_wrap": True, "valign": "top"},
    "text_right": {"align": "right"},
    "text_quoted": {"quote_prefix": True},
    "total_label": {"bold": True, "top": 1, "bottom": 6},
    "total_text": {},
}
