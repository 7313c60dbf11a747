"""The transactions listing's fast row loop: cells from the query (ISO dates, integer pence)
are the same cells, to the penny and the day, as the house writer's; nothing is kept on a
refusal."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.utility import _datetime_to_excel_datetime

from exports.data import TransactionRow
from exports.returns.listing import TxnCells, _serial, transactions_listing, txn_cells
from tests.exports.export_figures import demo_produced


def test_day_serials_are_xlsxwriters() -> None:
    days = [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2025, 4, 1)]
    days += [date(2020, 1, 1) + timedelta(days=n) for n in range(0, 3000, 7)]
    for d in days:
        expected = _datetime_to_excel_datetime(d, False, False)
        assert _serial(d) == expected
        assert _serial(d.isoformat()) == expected


def test_whole_pence_as_a_number_is_exact() -> None:
    """``pence / 100`` is the double whose shortest text is the amount, below 10**15 pence."""
    rng = random.Random(23)
    samples = [0, 1, -1, 7, 99, 100, 10**15 - 1, -(10**15 - 1), 123456789012345]
    samples += [rng.randrange(-(10**15) + 1, 10**15) for _ in range(20_000)]
    for p in samples:
        assert Decimal(repr(p / 100)) == Decimal(p).scaleb(-2), p


def _rows() -> list[TxnCells]:
    return [
        ("2025-04-05", 318933, "LC4410", "FreeVa", "INV-1", "BAME advisor", "DA", 2025, 1,
         "spend", None, 3, "invoices.xlsx"),
        (date(2025, 5, 9), -64000, "LC5120", "=HYPERLINK(1)", None, "x" * 60, "YJ", 2025, 2,
         "credit", "5210", None, None),
        ("2026-06-12", 1, None, None, None, None, "OPCC", None, None, "spend", None, None, None),
    ]  # fmt: skip


def test_cells_from_the_query_read_back(tmp_path: Path) -> None:
    out = tmp_path / "listing.xlsx"
    written = transactions_listing(out, demo_produced(), iter(_rows()))
    assert written.totals == {"Amount": Decimal("2549.34")}
    ws = openpyxl.load_workbook(out)["Transactions"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_row=9)]
    assert [v[0].date() for v in values[:3]] == [date(2025, 4, 5), date(2025, 5, 9),
                                                 date(2026, 6, 12)]  # fmt: skip
    assert [v[5] for v in values] == [3189.33, -640, 0.01, "=SUM(F6:F8)"]
    assert values[0][6:] == ["DA", "2025-26", "2025-26 P01", "spend", None, 3, "invoices.xlsx"]
    assert values[2][7:9] == [None, None]
    assert ws["C7"].quotePrefix is True  # text that starts like a formula stays text
    assert ws["E7"].alignment.wrap_text is True  # longer than the column: wrapped, row taller
    assert ws.row_dimensions[7].height == 30
    assert ws.row_dimensions[6].height is None  # "2025-26 P01" fits the Period column
    assert ws.column_dimensions["I"].width >= 13


def test_same_workbook_from_rows_and_from_cells(tmp_path: Path) -> None:
    rows = [
        TransactionRow(date(2025, 4, 5), Decimal("3189.33"), "LC4410", "FreeVa", "INV-1",
                       "BAME advisor", "DA", 2025, 1, batch=3, batch_file="invoices.xlsx"),
        TransactionRow(date(2025, 5, 9), Decimal("-640.00"), "LC5120", "-Minus Ltd",
                       kind="credit"),
    ]  # fmt: skip
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    from exports.returns import transactions

    transactions(a, demo_produced(), rows)
    transactions_listing(b, demo_produced(), [txn_cells(t) for t in rows])
    wa = openpyxl.load_workbook(a)["Transactions"]
    wb = openpyxl.load_workbook(b)["Transactions"]
    assert [[c.value for c in r] for r in wa.iter_rows()] == [
        [c.value for c in r] for r in wb.iter_rows()
    ]


def test_sub_penny_and_huge_amounts_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not whole pence"):
        txn_cells(TransactionRow(date(2025, 4, 1), Decimal("0.001")))
    out = tmp_path / "huge.xlsx"
    huge: TxnCells = ("2025-04-01", 10**15, None, None, None, None, "DA", 2025, 1, "spend",
                      None, None, None)  # fmt: skip
    with pytest.raises(ValueError, match="too large to write exactly"):
        transactions_listing(out, demo_produced(), [huge])
    assert list(tmp_path.iterdir()) == []  # nothing under the name or beside it


def test_a_cost_centre_named_in_words_is_not_broken_over_lines(tmp_path: Path) -> None:
    """Councils whose extracts carry a service division's name as the cost centre (Leeds:
    "Safeguarding Targeted & Specialist") get a column wide enough for it: the rows stay one
    line high (the column was 12 wide, and each row three lines tall, "SAFEGUARDIN / G
    TARGETED & / SPECIALIST" in the printed listing)."""
    leeds = "SAFEGUARDING TARGETED & SPECIALIST"
    rows: list[TxnCells] = [
        ("2013-06-28", 276120, leeds, "4 Site Security Services Ltd", "1306-08331", "Employees",
         "SAF", 2013, 3, "spend", "8", 1, "leeds-2013-06.csv"),
        ("2013-06-28", 165876, "HIGHWAYS", "Zen Internet Ltd", "1306-08315", "Supplies",
         "HWY", 2013, 3, "spend", "205", 1, "leeds-2013-06.csv"),
    ]  # fmt: skip
    out = tmp_path / "listing.xlsx"
    transactions_listing(out, demo_produced(), iter(rows))
    ws = openpyxl.load_workbook(out)["Transactions"]
    assert ws["B6"].value == leeds
    assert ws.column_dimensions["B"].width >= len(leeds)
    assert ws.row_dimensions[6].height is None
