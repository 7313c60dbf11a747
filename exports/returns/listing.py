"""The transactions listing, written at the writer's speed.

A listing is the one export that runs to 100,000 rows and more, so its rows do not go through
the general :class:`~exports.cells.RowWriter` (a function per cell, ``Decimal`` sums and a
``float(Decimal)`` per amount).  They arrive as plain tuples (:data:`TxnCells`) straight from
the query, amounts in **integer pence**, and one loop writes them with the formats prepared
once: a date is the Excel serial number (computed once per distinct day) in the date format,
an amount is ``pence / 100`` in the money format (exact: the nearest double to a whole-pence
figure below 10**13 prints as that figure, see :func:`exports.cells.to_number`), and the total
is summed in integer pence, so the workbook's cached total is the ledger's to the penny.

Text keeps the house rules: written with ``write_string`` only, text that starts like a
formula (``= + - @``) gets the quote prefix, text longer than its column wraps (and its row is
made tall enough), and the columns are fitted to what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from fundledger.money import from_pence
from fundledger.years import FinancialYear, period_label

from ..cells import FORMULA_START, Column, Tally, forget_flushed, money_chars
from ..data import Produced, TransactionRow, Written
from ..workbook import CellValue, FinanceSheet, FinanceWorkbook

TRANSACTION_COLUMNS = (
    Column("Date", "date"),
    Column("Cost Centre", max_width=40),  # a code (LC4410) or a service division's name
    Column("Supplier", max_width=40),
    Column("Invoice No", max_width=24),
    Column("Description", max_width=55),
    Column("Amount", "money", total=True, width=15),
    Column("Stream", width=9),
    Column("Year", width=9),
    Column("Period", width=13),  # "2025-26 P12"
    Column("Kind", width=10),
    Column("Account", width=10),
    Column("Import batch", "int", width=12),
    Column("Batch file", max_width=40),
)

#: One transaction as the listing's query gives it: date (a ``date``, or ISO text as SQLite
#: stores it), amount in integer pence, cost centre, supplier, invoice number, description,
#: stream, year (its start year), period (1..12), kind, account, import batch, batch file.
TxnCells = tuple[
    date | str,
    int,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    int | None,
    int | None,
    str,
    str | None,
    int | None,
    str | None,
]


def period_text(year: int | None, period: int | None) -> str | None:
    """``2025-26 P12``: the year charged travels with the period, so an accrual charged to
    a year other than its date's imports back to the same year."""
    if period is None:
        return None
    label = period_label(period)
    return label if year is None else f"{FinancialYear(year).code} {label}"


def txn_line(t: TransactionRow) -> tuple[CellValue, ...]:
    """A transaction's cells under :data:`TRANSACTION_COLUMNS` (the preview's rows)."""
    return (
        t.txn_date,
        t.cost_centre,
        t.counterparty,
        t.reference,
        t.description,
        t.amount,
        t.stream,
        None if t.year is None else FinancialYear(t.year).code,
        period_text(t.year, t.period),
        t.kind,
        t.account,
        t.batch,
        t.batch_file,
    )


def txn_cells(t: TransactionRow) -> TxnCells:
    """A :class:`TransactionRow` as the listing writes it (amount in pence)."""
    pence = t.amount * 100
    if pence != pence.to_integral_value():
        raise ValueError(f"{t.amount} is not whole pence")
    return (t.txn_date, int(pence), t.cost_centre, t.counterparty, t.reference, t.description,
            t.stream, t.year, t.period, t.kind, t.account, t.batch, t.batch_file)  # fmt: skip


_MAX_PENCE = 10**15  # 10**13 pounds: beyond it a double no longer holds every penny
_TEXT_COLS = (1, 2, 3, 4, 6, 7, 8, 9, 10, 12)
_AMOUNT = 5

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Memo(dict[K, V]):
    """``fn(key)`` worked out once per distinct key (days, years, periods)."""

    def __init__(self, fn: Callable[[K], V]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: K) -> V:
        value = self[key] = self.fn(key)
        return value


_EPOCH = date(1899, 12, 31).toordinal()
_LEAP_BUG = date(1900, 3, 1).toordinal()  # Excel's day 60 is 29/02/1900, which never was


def _serial(d: date | str) -> int:
    """The Excel serial number of a day (1900 date system, as ``write_datetime`` stores it)."""
    day = (date.fromisoformat(d) if isinstance(d, str) else d).toordinal()
    return day - _EPOCH + (1 if day >= _LEAP_BUG else 0)


def _year_code(year: int | None) -> str | None:
    return None if year is None else FinancialYear(year).code


def _period_of(year_period: tuple[int | None, int | None]) -> str | None:
    return period_text(*year_period)


class _Listing:
    """The row loop for :data:`TRANSACTION_COLUMNS` and what it leaves for the total row."""

    def __init__(self, sheet: FinanceSheet, rows: Iterable[TxnCells]) -> None:
        self.sheet = sheet
        self.rows = rows
        self.tally = Tally(TRANSACTION_COLUMNS)
        ws, fmt = sheet.ws, sheet.book.fmt
        self._quoted, self._wrap = fmt("text_quoted"), fmt("text_wrap")
        self._write_string = ws.write_string
        self._limits = [int(c.width if c.width is not None else c.max_width) - 2
                        for c in TRANSACTION_COLUMNS]  # fmt: skip

    def texts(self, r: int, values: tuple[str | None, ...]) -> int:
        """Write a row's text cells (house rules); the lines the row needs (1 unless a cell
        wraps)."""
        chars, limits, write_string = self.tally.widths.chars, self._limits, self._write_string
        lines = 1
        for c, s in zip(_TEXT_COLS, values, strict=True):
            if not s:
                continue
            n = len(s)
            chars[c] = max(chars[c], n + 2)
            if s[0] in FORMULA_START:
                write_string(r, c, s, self._quoted)
            elif n > limits[c]:  # longer than the column can be: wrap rather than cut off
                write_string(r, c, s, self._wrap)
                lines = max(lines, -(-n // limits[c]))
            else:
                write_string(r, c, s)
        return lines

    def body(self, first: int) -> int:
        """Write every row from ``first``; the row after the last."""
        ws, fmt = self.sheet.ws, self.sheet.book.fmt
        date_fmt, money_fmt, int_fmt = fmt("date"), fmt("money"), fmt("int")
        write_number, texts = ws.write_number, self.texts
        serials = _Memo(_serial)
        years = _Memo(_year_code)
        periods: _Memo[tuple[int | None, int | None], str | None] = _Memo(_period_of)
        total = low = high = 0
        wrapped = False
        r = first
        for row in self.rows:
            d, pence, cc, sup, ref, desc, stream, year, period, kind, acct, batch, bfile = row
            write_number(r, 0, serials[d], date_fmt)
            write_number(r, _AMOUNT, pence / 100, money_fmt)
            total += pence
            high, low = max(high, pence), min(low, pence)
            if batch is not None:
                write_number(r, 11, batch, int_fmt)
            cells = (cc, sup, ref, desc, stream, years[year], periods[year, period], kind, acct,
                     bfile)  # fmt: skip
            lines = texts(r, cells)
            if lines > 1:  # a wrapped cell: make the row tall enough (works while r is current)
                ws.set_row(r, 15 * lines)
                wrapped = True
            elif wrapped:  # keep no heights for rows already written out
                forget_flushed(ws)
                wrapped = False
            r += 1
        forget_flushed(ws)
        self._tally_amounts(total, low, high)
        if r > first:
            self.tally.widths.see(0, 12)
        return r

    def _tally_amounts(self, total: int, low: int, high: int) -> None:
        if low <= -_MAX_PENCE or high >= _MAX_PENCE:
            raise ValueError("an amount is too large to write exactly")
        self.tally.sums[_AMOUNT] = from_pence(total)
        for extreme in (high, low):
            if extreme:
                self.tally.widths.see(_AMOUNT, money_chars(from_pence(extreme)) + 1)


def write_listing(sheet: FinanceSheet, rows: Iterable[TxnCells]) -> dict[str, Decimal]:
    """The listing's table on ``sheet`` (header, rows, ``=SUM`` total); its totals."""
    listing = _Listing(sheet, rows)
    body: Callable[[int], int] = listing.body
    table = sheet.table_with(TRANSACTION_COLUMNS, listing.tally, body)
    return dict(table.totals)


def transactions_listing(
    path: str | Path,
    produced: Produced,
    rows: Iterable[TxnCells],
    *,
    title: str = "Transactions",
) -> Written:
    """Write sheet "Transactions" from :data:`TxnCells` (streamed: ``rows`` may be a
    generator of any length; nothing is kept per row)."""
    with FinanceWorkbook(path, produced, title=title, subject="transactions") as book:
        sheet = book.add_sheet("Transactions", title=title)
        totals = write_listing(sheet, rows)
        notes = book.add_sheet("Rows", title="Rows behind each figure")
        notes.line("Each row of the Transactions sheet is one ledger transaction;")
        notes.line("'Import batch' is the batch it was imported in (blank: entered by hand).")
    return Written(str(path), totals, ("Transactions", "Rows"))


def transactions(
    path: str | Path,
    produced: Produced,
    rows: Iterable[TransactionRow],
    *,
    title: str = "Transactions",
) -> Written:
    """Write sheet "Transactions" from :class:`TransactionRow` values (streamed)."""
    return transactions_listing(path, produced, (txn_cells(t) for t in rows), title=title)
