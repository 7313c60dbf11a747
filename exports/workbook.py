"""FinanceWorkbook: the house layout every export shares, over xlsxwriter.

Owns: the title block (title, ledger, as-at date, "Produced by" line), tables from column
specs (frozen header, autofilter, fitted widths, £ formats), totals written as live ``=SUM``
formulas *with their cached values*, the "Rows" sheet, page set-up and document properties.

Safety: text is only ever written with ``write_string`` (never ``write``), so a supplier
called ``=HYPERLINK(...)`` stays text; text starting with ``= + - @`` also gets Excel's
quote prefix so editing the cell keeps it text.  The only formulas are our own totals.

Money is ``Decimal`` everywhere until the xlsxwriter call, which needs a number: we pass
``float(d)``.  For whole-pence amounts below £10,000,000,000,000 (15 significant digits)
the float's shortest repr is exactly the Decimal, so nothing is lost (``cells.to_number`` checks the
bound).  Files are written with ``constant_memory``: rows go out in order, one at a time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import TracebackType

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .atomic import publish, temporary_beside
from .cells import (
    DATE_FORMAT,
    CellValue,
    Column,
    Kind,
    RowWriter,
    Tally,
    Widths,
    header_lines,
    style_props,
    to_number,
    write_cell,
)
from .data import Produced, SourceRow
from .table import ReturnTable

__all__ = ["CellValue", "Column", "FinanceSheet", "FinanceWorkbook", "Kind", "Table"]


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


class FinanceSheet:
    """One worksheet in the house layout; rows are written top to bottom."""

    def __init__(
        self,
        book: FinanceWorkbook,
        ws: Worksheet,
        title: str,
        subtitle: str | None,
        notes: Sequence[str] = (),
    ) -> None:
        self.book = book
        self.ws = ws
        self.name: str = ws.get_name()
        self.row = 0
        self.widths: dict[int, float] = {}
        self._fixed: dict[int, float] = {}
        self._write_title(title, subtitle, notes)
        self._page_setup()

    # ------------------------------------------------------------------ title, notes

    def _write_title(self, title: str, subtitle: str | None, notes: Sequence[str]) -> None:
        """Title block; notes go here, above the table, so an import reads only the table."""
        p = self.book.produced
        self.line(title, "title")
        if subtitle:
            self.line(subtitle, "subtitle")
        seal = f" · {p.seal}" if p.seal else ""
        self.line(f"Ledger: {p.ledger_name} · As at {p.as_at.strftime('%d/%m/%Y')}{seal}", "note")
        self.line(p.line, "note")
        for note in notes:
            self.line(note, "note")
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

    def _fit(self, columns: Sequence[Column], seen: Widths) -> None:
        for i, c in enumerate(columns):
            w = c.width if c.width is not None else min(float(seen.chars[i]), c.max_width)
            self.widths[i] = max(self.widths.get(i, 0.0), w)

    def finish(self) -> None:
        """Apply column widths (xlsxwriter writes ``<cols>`` at close, after the rows)."""
        merged = {**self.widths, **self._fixed}
        for col, width in merged.items():
            self.ws.set_column(col, col, width)
        if sum(merged.values()) > 190:  # too wide to read on A4 at fit-to-width: use A3
            self.ws.set_paper(8)

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
        writer = RowWriter(self.ws, self.book, cols)

        def body(first: int) -> int:
            r = first
            for values in rows:
                writer.write(r, values)
                r += 1
            return r

        return self.table_with(
            cols,
            writer,
            body,
            total_label=total_label,
            autofilter=autofilter,
            freeze=freeze,
            total_extra=total_extra,
        )

    def table_with(
        self,
        cols: tuple[Column, ...],
        tally: Tally,
        body: Callable[[int], int],
        *,
        total_label: str | None = "Total",
        autofilter: bool = True,
        freeze: bool = True,
        total_extra: Mapping[int, CellValue] | None = None,
    ) -> Table:
        """:meth:`table` with the data rows written by ``body(first_row)`` (which returns the
        row after the last it wrote and leaves its sums and widths in ``tally``): a listing
        with its own fast row loop still gets the house header, filter, totals and widths."""
        header_row = self.row
        self.header(cols)
        self.row = body(self.row)
        table = Table(self.name, cols, header_row, header_row + 1, self.row - 1, None)
        if freeze:
            self.ws.freeze_panes(header_row + 1, 0)
        if autofilter:
            self.ws.autofilter(header_row, 0, max(table.last_row, header_row), len(cols) - 1)
        if total_label is not None:
            self._total_row(table, tally, total_label, total_extra or {})
        self._fit(cols, tally.widths)
        self.ws.repeat_rows(header_row)
        return table

    def return_table(self, table: ReturnTable) -> Table:
        """A return's table exactly as previewed: its rows, ``=SUM`` totals and extras."""
        return self.table(table.columns, table.rows, total_extra=table.extra_by_index())

    def header(self, cols: Sequence[Column], first_col: int = 0) -> None:
        """A header row; tall enough for headers wider than their (fixed) column."""
        lines = max(header_lines(col) for col in cols)
        if lines > 1:
            self.ws.set_row(self.row, 15 * lines)
        for c, col in enumerate(cols, start=first_col):
            style = "header" if col.kind in ("text", "rag") else "header_right"
            self.ws.write_string(self.row, c, col.header, self.book.fmt(style))
        self.row += 1

    def _total_row(
        self, table: Table, writer: Tally, label: str, extra: Mapping[int, CellValue]
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
            value = writer.sums[c] + writer.blank_sums[c]
            table.totals[col.header] = value
            style = f"total_{col.kind}"
            if table.last_row < table.first_row:
                self.ws.write_number(r, c, to_number(value), fmt(style))
                continue
            self.ws.write_formula(r, c, _total_formula(table, c, col), fmt(style), to_number(value))
        self.row += 1

    def write_total_formula(
        self,
        row: int,
        col: int,
        cells: Sequence[str],
        value: Decimal,
        kind: Kind = "money",
        *,
        bold: bool = True,
    ) -> None:
        """A live ``=SUM`` over the given ranges/cells, with its cached value."""
        formula = "=SUM(" + ",".join(cells) + ")"
        style = f"total_{kind}" if bold else kind
        self.ws.write_formula(row, col, formula, self.book.fmt(style), to_number(value))

    def write_value(
        self, row: int, col: int, value: CellValue, kind: Kind, bold: bool = False
    ) -> None:
        """One cell outside a table (text always as text); text widens its column."""
        style = f"total_{kind}" if bold else kind
        if isinstance(value, str) and kind == "text":
            self.widths[col] = max(self.widths.get(col, 0.0), len(value) * 1.1 + 2)
        write_cell(self.ws, self.book, row, col, value, kind, style)


def _total_formula(table: Table, c: int, col: Column) -> str:
    """``=SUM(J8:J25)``; with ``blank_as`` also ``+SUMPRODUCT(--(J8:J25=""),F8:F25)``."""
    first, last = table.first_row + 1, table.last_row + 1
    letter = xl_col_to_name(c)
    span = f"{letter}{first}:{letter}{last}"
    if col.blank_as is None:
        return f"=SUM({span})"
    other = xl_col_to_name(col.blank_as)
    return f'=SUM({span})+SUMPRODUCT(--({span}=""),{other}{first}:{other}{last})'


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
        #: written here and renamed to ``path`` only when closed without an error
        self._tmp = temporary_beside(Path(self.path))
        self._book = xlsxwriter.Workbook(
            str(self._tmp),
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
        if p.seal:
            self._book.set_custom_property("Ledger seal", p.seal)
        self._book.set_custom_property("Produced by", f"fundledger {p.version}")

    def fmt(self, style: str) -> Format:
        """A named cell format (cached): ``money``, ``total_money``, ``header``, ``rag_red``..."""
        f = self._formats.get(style)
        if f is None:
            f = self._book.add_format(style_props(style))
            self._formats[style] = f
        return f

    def add_sheet(
        self, name: str, *, title: str, subtitle: str | None = None, notes: Sequence[str] = ()
    ) -> FinanceSheet:
        """A sheet with the title block (title, subtitle, ledger and as-at, produced by, notes)."""
        sheet = FinanceSheet(self, self._book.add_worksheet(name), title, subtitle, notes)
        self.sheets.append(sheet)
        return sheet

    def add_rows_sheet(
        self, sources: Iterable[SourceRow], cells: Mapping[str, str], *, note: str | None = None
    ) -> Table:
        """The "Rows" sheet: each source row, the figure it feeds and that figure's cell."""
        sheet = self.add_sheet(
            "Rows", title="Rows behind each figure", notes=[note] if note else []
        )
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
                cells.get(s.figure),
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
        """Finish the sheets and put the complete workbook in place (user's normal mode)."""
        try:
            for sheet in self.sheets:
                sheet.finish()
            self._book.close()
            publish(self._tmp, Path(self.path))
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the half-written workbook: nothing is left under the real name or beside it."""
        with contextlib.suppress(Exception):
            self._book.close()  # releases xlsxwriter's own temporary files
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> FinanceWorkbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:  # cancelled or failed: no half workbook under the real name
            self.discard()
