"""Write the sample workbooks in ``tests/data/samples/`` from the tables in ``tests/data/sources/``.

The workbooks are shaped like the papers and exports fundledger's users handle (titles above the
header, amounts stored as text with ``£``, a blank row mid-table, formulas with cached values…);
each source CSV holds one table's header and body exactly as the cells read, and the layout
around it (titles, number formats, formulas, merged cells) is written here.  They match the
project's shared samples cell for cell (``tests/test_fixture_data.py`` checks it whenever
``../shared/samples`` is beside the repository, and in CI).

Regenerate after changing a source CSV or this script (then commit the workbooks)::

    .venv/bin/python tests/data/make_samples.py

``expected.json`` beside the workbooks holds the golden figures the tests assert; it is written by
hand, never by this script, so an importer that reads a workbook wrongly cannot agree with it.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
SAMPLES = HERE / "samples"
#: fixed document dates so that a rebuild gives the same bytes
CREATED = datetime(2026, 1, 1)  # noqa: DTZ001 - xlsxwriter takes a naive datetime

UK_DATE = "DD/MM/YYYY"
GL_DATE = "dd\\-mmm\\-yyyy"
POUNDS = "£#,##0.00;[Red]-£#,##0.00"
BRACKETS = "#,##0.00;\\(#,##0.00\\)"
WHOLE = "#,##0"


@dataclass(frozen=True)
class Book:
    """One workbook: a single sheet with title lines, a header row and a body from CSV."""

    name: str
    sheet: str
    #: (text, bold) for rows 1, 2, …; the first bold title is merged across the table
    titles: Sequence[tuple[str, bool]]
    header_row: int
    widths: Sequence[float]
    #: per column: "text", "int" (int or float as written), or a date / number format
    kinds: Sequence[str]
    merge_title: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> Path:
        return SOURCES / f"{Path(self.name).stem}.csv"


BOOKS: tuple[Book, ...] = (
    Book(
        "yj-pooled-budget-2025-26.xlsx",
        "Pooled budget",
        [
            ("Leicestershire Youth Justice Service – pooled budget 2025-26", True),
            ("Reported to the Youth and Justice Partnership Board", False),
        ],
        4,
        [32, 16, 18, 22, 14],
        ["text", WHOLE, WHOLE, WHOLE],
        extra={"totals": "pooled"},
    ),
    Book(
        "opcc-csp-allocations-2025-26.xlsx",
        "CSP allocations",
        [
            ("Office of the Police and Crime Commissioner – CSP allocations", True),
            ("Expenditure to date as of 12/06/2026", False),
        ],
        4,
        [26, 22, 22],
        ["text", "text", "text"],
    ),
    Book(
        "da-duty-allocations.xlsx",
        "DA duty",
        [
            ("Domestic Abuse Act 2021 Part 4 – safe accommodation duty funding", True),
            (
                "Funder: MHCLG (formerly DLUHC). From 2025-26 within the local government "
                "finance settlement.",
                False,
            ),
        ],
        4,
        [48, 16],
        ["text", "text"],
    ),
    Book(
        "da-spend-plan-years-1-3.xlsx",
        "Spend plan",
        [("Years 1, 2 and 3 Funding Spend Plan", True)],
        3,
        [44, 34, 12, 28],
        ["text"] * 4,
    ),
    Book(
        "invoices-2025-26-p01-p06.xlsx",
        "Invoices",
        [],
        1,
        [12, 12, 34, 24, 52, 14],
        [UK_DATE, "text", "text", "text", "text", POUNDS],
    ),
    Book(
        "gl-extract-2025-26-p01-p06.xlsx",
        "GL Transactions",
        [
            ("General Ledger transaction listing – Leicestershire County Council", True),
            (
                "Cost centres LC4410, LC4470, LC4480, LC5120, LC6030 · Periods 2025/26 P01–P06",
                False,
            ),
        ],
        4,
        [11, 40, 10, 36, 14, 13, 34, 22, 52, 14],
        ["text"] * 5 + [GL_DATE, "text", "text", "text", BRACKETS],
        extra={"totals": "grand"},
    ),
    Book(
        "pmt-income-2025.xlsx",
        "Income 2025",
        [("Place Marketing Team – income, calendar year 2025", True)],
        3,
        [12, 40, 28, 44, 14, 12, 10],
        [UK_DATE, "text", "text", "text", "text", "int", "text"],
    ),
)


def _cell_value(kind: str, text: str) -> object:
    if kind == "text":
        return text
    if kind in (UK_DATE, GL_DATE):
        return datetime.combine(date.fromisoformat(text), datetime.min.time())
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _rows(book: Book) -> list[list[str]]:
    with book.source.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_book(book: Book, folder: Path) -> Path:
    """Write ``book`` into ``folder`` and return its path."""
    path = folder / book.name
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": CREATED})
    ws = wb.add_worksheet(book.sheet)
    bold = wb.add_format({"bold": True})
    formats = {
        k: wb.add_format({"num_format": k}) for k in set(book.kinds) if k not in ("text", "int")
    }
    for col, width in enumerate(book.widths):
        ws.set_column(col, col, width)
    for r, (text, is_bold) in enumerate(book.titles):
        if is_bold and book.merge_title and r == 0:
            ws.merge_range(0, 0, 0, len(book.widths) - 1, text, bold)
        else:
            ws.write_string(r, 0, text, bold if is_bold else None)
    header, *body = _rows(book)
    top = book.header_row - 1
    for c, text in enumerate(header):
        ws.write_string(top, c, text, bold)
    for i, row in enumerate(body, start=top + 1):
        for c, text in enumerate(row):
            if text == "":
                continue
            value = _cell_value(book.kinds[c], text)
            if isinstance(value, str):
                ws.write_string(i, c, value)
            elif isinstance(value, datetime):
                ws.write_datetime(i, c, value, formats[book.kinds[c]])
            else:
                ws.write_number(i, c, value, formats.get(book.kinds[c]))
    last = top + len(body)
    if book.extra.get("totals") == "pooled":
        whole = wb.add_format({"num_format": WHOLE})
        bold_whole = wb.add_format({"num_format": WHOLE, "bold": True})
        _pooled_totals(ws, body, top, last, whole, bold_whole, bold)
    elif book.extra.get("totals") == "grand":
        _grand_total(ws, body, top, last, bold)
    wb.close()
    return path


def _amount(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _pooled_totals(ws, body, top, last, whole, bold_whole, bold) -> None:  # type: ignore[no-untyped-def]
    """A Total column (row sums) and a bold Total row (column sums), formulas with cached values."""
    ncols = len(body[0])
    total_col = ncols
    ws.write_string(top, total_col, "Total", bold)
    for i, row in enumerate(body, start=top + 1):
        s = sum((_amount(t) for t in row[1:]), Decimal(0))
        ws.write_formula(i, total_col, f"=SUM(B{i + 1}:D{i + 1})", whole, _number(s))
    total_row = last + 1
    ws.write_string(total_row, 0, "Total", bold)
    for c in range(1, ncols + 1):
        col = chr(ord("A") + c)
        if c < ncols:
            s = sum((_amount(row[c]) for row in body), Decimal(0))
        else:
            s = sum((_amount(t) for row in body for t in row[1:]), Decimal(0))
        ws.write_formula(
            total_row, c, f"=SUM({col}{top + 2}:{col}{last + 1})", bold_whole, _number(s)
        )


def _grand_total(ws, body, top, last, bold) -> None:  # type: ignore[no-untyped-def]
    """A ``Grand Total`` row one blank row below the listing, summing the Amount column."""
    row = last + 2
    ws.write_string(row, 0, "Grand Total", bold)
    s = sum((_amount(r[9]) for r in body), Decimal(0))
    ws.write_formula(row, 9, f"=SUM(J{top + 2}:J{last + 1})", None, _number(s))


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SAMPLES
    folder.mkdir(parents=True, exist_ok=True)
    for book in BOOKS:
        print(write_book(book, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def describe(path: Path) -> dict[str, object]:
    """What a reader sees in a workbook: sheet names, merged ranges and every non-empty cell's
    type, value (a formula's cached value too), number format and boldness."""
    import openpyxl
    import python_calamine

    wb = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, object] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        out[f"{ws.title}!merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                value = (
                    (c.value, cached[ws.title][c.coordinate].value)
                    if c.data_type == "f"
                    else c.value
                )
                out[f"{ws.title}!{c.coordinate}"] = (
                    c.data_type,
                    value,
                    c.number_format,
                    bool(c.font and c.font.b),
                )
    # and as the importer's fast reader sees the values
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        out[f"{name}!calamine"] = book.get_sheet_by_name(name).to_python()
    return out
