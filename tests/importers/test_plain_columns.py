"""The column-at-a-time reader of a clean ledger export (importers.columns): rows transposed in
one pass (the usual, narrow export) and rows read a column at a time (a wide export, most of
whose columns are not imported) give the same transactions, exact to the penny."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fundledger.years import FinancialYear
from importers.columns import plain_ledger_rows
from importers.rows import TransactionRow, fast_constructor

MAKE = fast_constructor(TransactionRow)
COLUMNS: dict[str, int | None] = {"date": 0, "cost_centre": 1, "supplier": 2, "reference": 3,
                                  "description": 4, "amount": 5, "account": None, "period": None}  # fmt: skip


def _cells(extra: int) -> list[tuple[int, list[Any]]]:
    when = datetime(2025, 4, 30, 0, 0)  # noqa: DTZ001 - a spreadsheet's date-time is naive
    rows = [
        [when, " LC4410 ", "Acme  Ltd", "INV-1", "Refuge\nsupport", 1234.5],
        [date(2026, 3, 31), "LC5120", "", "CN-2", "Credit", -0.1],
        [date(2025, 10, 1), "LC4410", "Beta", "INV-3", "Rent", 41133.770000000004],
    ]
    return [(i + 2, [*r, *(f"x{k}" for k in range(extra))]) for i, r in enumerate(rows)]


def test_narrow_and_wide_rows_read_the_same() -> None:
    narrow = plain_ledger_rows(_cells(0), COLUMNS, MAKE)
    wide = plain_ledger_rows(_cells(30), COLUMNS, MAKE)  # 36 columns, 6 used
    assert narrow is not None and narrow == wide
    first, credit, noisy = narrow
    assert (first.row, first.txn_date, first.cost_centre, first.counterparty) == (
        2, date(2025, 4, 30), "LC4410", "Acme Ltd"
    )  # fmt: skip
    assert first.description == "Refuge support" and first.amount == Decimal("1234.50")
    assert (first.year, first.period) == (FinancialYear(2025), 1)
    assert credit.counterparty is None and credit.amount == Decimal("-0.10")
    assert (credit.year, credit.period) == (FinancialYear(2025), 12)
    assert noisy.amount == Decimal("41133.77")  # Excel's float noise is that penny


def test_a_row_shorter_than_a_used_column_sends_the_table_down_the_row_path() -> None:
    cells = _cells(0)
    cells[1] = (3, cells[1][1][:5])  # no amount cell
    assert plain_ledger_rows(cells, COLUMNS, MAKE) is None
