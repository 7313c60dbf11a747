"""The shapes real council files come in, each built in the test: CSV encodings and
delimiters, CamelCase and snake_case headers, repeated headers, several amount columns,
totals rows labelled anywhere or not at all, debit/credit totals, footers, float noise."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from importers.api import ImportOptions, parse_file
from importers.problems import ImportProblem
from importers.table import TableChoice
from tests.importers.builders import Build

D = Decimal


def _msgs(problems: Sequence[ImportProblem]) -> list[str]:
    return [str(p) for p in problems]


def _csv(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


CSV_ROWS = (
    "Date{d}Cost Centre{d}Supplier{d}Invoice No{d}Amount\n"
    '05/04/2025{d}LC4410{d}"Café Ünïcode{d} Ltd"{d}INV-1{d}"1,000.00"\n'
    "06/04/2025{d}LC4470{d}Plain{d}INV-2{d}(12.50)\n"
)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("cp1252", ";"),
        ("utf-16", "\t"),
        ("utf-8", "|"),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = _csv(tmp_path, "spend.csv", CSV_ROWS.format(d=delimiter), encoding)
    rows, problems, info = parse_file("transactions", path)
    assert problems == []
    assert [(r.txn_date, r.cost_centre, r.counterparty, r.amount) for r in rows] == [
        (
            date(2025, 4, 5),
            "LC4410",
            " ".join(f"Café Ünïcode{delimiter} Ltd".split()),
            D("1000.00"),
        ),
        (date(2025, 4, 6), "LC4470", "Plain", D("-12.50")),
    ]
    assert info is not None and (info.sheet, info.header_row) == ("spend.csv", 1)


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + CSV_ROWS.format(d=",").encode())
    _, problems, info = parse_file("transactions", path)
    assert problems == [] and info is not None
    assert info.mapping[0].header == "Date"


def test_csv_problem_names_the_file_and_cell(tmp_path: Path) -> None:
    text = "Date,Cost Centre,Amount\n05/04/2025,LC4410,12.345\n31/02/2025,LC4410,1\n"
    _, problems, _ = parse_file("transactions", _csv(tmp_path, "bad.csv", text))
    assert _msgs(problems) == [
        "C2: 12.345: more than two decimal places",
        "A3: 31/02/2025: no such date (read as day/month/year)",
    ]
    assert (problems[0].file, problems[0].sheet) == ("bad.csv", "bad.csv")


def test_binary_and_undecodable_text_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"Date,Amount\n\x00\x01\x02")
    _, problems, _ = parse_file("transactions", binary)
    assert _msgs(problems) == [
        "x.csv: not a text file (it holds NUL bytes): not a CSV file or a workbook"
    ]
    bad = tmp_path / "y.csv"
    bad.write_bytes(b"Date,Amount\n\x81\x8d\n")
    _, problems, _ = parse_file("transactions", bad)
    assert _msgs(problems) == [
        "y.csv: the text is neither UTF-8 nor Windows-1252 (byte 0x81 at 12)"
    ]


def test_camel_and_snake_case_headers_are_recognised(tmp_path: Path) -> None:
    camel = (
        "DatePaid,CostCentre,SupplierName,TransactionNumber,NetAmount\n"
        "20-Jun-13,LC4410,A J Promotions,1306-00004,1100\n"
    )
    rows, problems, info = parse_file("transactions", _csv(tmp_path, "c.csv", camel))
    assert problems == [] and info is not None
    assert {m.field: m.header for m in info.mapping} == {
        "date": "DatePaid",
        "cost_centre": "CostCentre",
        "supplier": "SupplierName",
        "reference": "TransactionNumber",
        "amount": "NetAmount",
    }
    assert (rows[0].txn_date, rows[0].reference, rows[0].amount) == (
        date(2013, 6, 20), "1306-00004", D("1100.00"),
    )  # fmt: skip
    snake = "paid_date,expenditure_code,trans_no,amount,supplier_name\n12/01/2016,C2202,T1,7.5,X\n"
    rows, problems, info = parse_file("transactions", _csv(tmp_path, "s.csv", snake))
    assert problems == [] and info is not None
    assert [m.field for m in info.mapping] == [
        "date", "cost_centre", "reference", "amount", "supplier",
    ]  # fmt: skip
    assert rows[0].reference == "T1"


def test_repeated_header_is_asked_and_mapped_by_position(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre Code", "Cost Centre Code", "Amount"],
            [date(2025, 4, 1), "LC4410", "Domestic abuse", 10],
        ]
    )
    _, problems, info = parse_file("transactions", path)
    assert info is None and _msgs(problems) == [
        "Sheet!A1: 2 columns with the same heading for cost centre: B 'Cost Centre Code', "
        "C 'Cost Centre Code'; choose one (--map cost_centre=B)"
    ]
    by_text = ImportOptions(choice=TableChoice(columns={"cost_centre": "Cost Centre Code"}))
    _, problems, _ = parse_file("transactions", path, by_text)
    assert _msgs(problems) == [
        "Sheet!A1: --map cost_centre=Cost Centre Code: 2 columns are headed "
        "'Cost Centre Code' (B and C): give the column letter"
    ]
    rows, problems, _ = parse_file(
        "transactions", path, ImportOptions(choice=TableChoice(columns={"cost_centre": "B"}))
    )
    assert problems == [] and rows[0].cost_centre == "LC4410"


def test_several_amount_columns_are_never_chosen_silently(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Net", "VAT", "Gross"],
            [date(2025, 4, 1), "LC4410", 100, 20, 120],
        ]
    )
    _, problems, info = parse_file("transactions", path)
    assert info is None and _msgs(problems) == [
        "Sheet!A1: 3 columns that could be it for amount: C 'Net', D 'VAT', E 'Gross'; "
        "choose one (--map amount=C)"
    ]
    gross = ImportOptions(choice=TableChoice(columns={"amount": "Gross"}))
    rows, problems, _ = parse_file("transactions", path, gross)
    assert problems == [] and rows[0].amount == D("120.00")


def test_a_chosen_amount_column_of_uncached_formulas_is_refused(build: Build) -> None:
    def formulas(ws: object) -> None:
        ws["E2"] = "=C2+D2"  # type: ignore[index]

    path = build(
        [["Date", "Cost Centre", "Net", "VAT", "Gross"], [date(2025, 4, 1), "LC4410", 100, 20]],
        tweak=formulas,
    )
    gross = ImportOptions(choice=TableChoice(columns={"amount": "E"}))
    _, problems, _ = parse_file("transactions", path, gross)
    assert _msgs(problems) == ["Sheet!E2: =C2+D2: formula with no cached value"]


def test_content_decides_between_equally_named_columns(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Value", "Net"],
            [date(2025, 4, 1), "LC4410", date(2025, 4, 2), 10.5],
            [date(2025, 4, 3), "LC4410", date(2025, 4, 4), 7],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and info is not None
    assert {m.field: m.letter for m in info.mapping}["amount"] == "D"
    assert [r.amount for r in rows] == [D("10.50"), D("7.00")]


def test_equally_named_dates_are_asked(build: Build) -> None:
    path = build(
        [
            ["Invoice Date", "Payment Date", "Cost Centre", "Amount"],
            [date(2025, 4, 1), date(2025, 4, 9), "LC4410", 1],
        ]
    )
    _, problems, _ = parse_file("transactions", path)
    assert _msgs(problems) == [
        "Sheet!A1: 2 columns that could be it for date: A 'Invoice Date', B 'Payment Date'; "
        "choose one (--map date=A)"
    ]


def test_float_noise_is_the_penny_and_sub_penny_is_refused(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Amount"],
            [date(2025, 4, 1), "LC4410", 41133.770000000004],
            [date(2025, 4, 2), "LC4410", 0.30000000000000004],
        ]
    )
    rows, problems, _ = parse_file("transactions", path)
    assert problems == [] and [r.amount for r in rows] == [D("41133.77"), D("0.30")]
    path = build(
        [
            ["Date", "Cost Centre", "Amount"],
            [date(2025, 4, 1), "LC4410", 41133.770000000004],
            [date(2025, 4, 2), "LC4410", 10.005],
        ]
    )
    rows, problems, _ = parse_file("transactions", path)
    assert _msgs(problems) == ["Sheet!C3: 10.005: more than two decimal places"]
    assert [r.amount for r in rows] == [D("41133.77")]


def test_unlabelled_total_under_the_amount_is_not_data(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Amount"],
            [date(2025, 4, 1), "LC4410", 10.25],
            [date(2025, 4, 2), "LC4410", 4.75],
            [None, None, 15],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and len(rows) == 2 and info is not None
    assert info.rows_read == 2
    assert [(t.row, t.label, t.figures) for t in info.totals] == [
        (4, "(unlabelled)", (("Amount", D("15.00"), D("15.00")),))
    ]


def test_unlabelled_figure_that_is_not_the_total_is_data(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Amount"],
            [date(2025, 4, 1), "LC4410", 10.25],
            [None, None, 99],
        ]
    )
    _, problems, info = parse_file("transactions", path)
    assert _msgs(problems) == [
        "Sheet!A3: no date",
        "Sheet!B3: no cost centre: the row cannot be mapped to a stream",
    ]
    assert info is not None and (info.rows_read, info.totals) == (2, ())


def test_report_total_in_the_description_with_debit_and_credit(build: Build) -> None:
    head: list[object] = ["Date", "Cost Centre", "Description", "Debit", "Credit"]
    rows_in: list[list[object]] = [
        head,
        [date(2025, 4, 1), "LC4410", "Invoice", 100, None],
        [date(2025, 4, 2), "LC4410", "Credit note", None, "(30.00)"],
        [date(2025, 4, 3), "LC4470", "Invoice", 50.5, None],
        [None, None, "Report Total", 150.5, 30],
        [None, None, None, None, None],
        ["Source: finance system extract, run 12/06/2025"],
    ]
    rows, problems, info = parse_file("transactions", _b(rows_in, "ok.xlsx"))
    assert problems == [] and info is not None
    assert [r.amount for r in rows] == [D("100.00"), D("-30.00"), D("50.50")]
    assert [(t.cell, t.label, t.matches) for t in info.totals] == [("C5", "Report Total", True)]
    assert info.warnings == (
        "1 row after the totals row left out as notes "
        "(row 7: 'Source: finance system extract, run 12/06/2025')",
    )
    rows_in[4] = [None, None, "Report Total", 150.5, 35]
    _, problems, _ = parse_file("transactions", _b(rows_in, "bad.xlsx"))
    assert _msgs(problems) == [
        "Sheet!E5: 35: 'Report Total' row gives £35.00 but the rows above add up to £30.00"
    ]


_BUILD: list[Build] = []


@pytest.fixture(autouse=True)
def _keep_build(build: Build) -> None:
    _BUILD[:] = [build]


def _b(rows: list[list[object]], name: str) -> Path:
    return _BUILD[0](rows, name=name)


def test_header_row_and_last_row_chosen_by_the_user(build: Build) -> None:
    path = build(
        [
            ["Payments", "Ref"],
            ["When", "Where", "How much"],
            [date(2025, 4, 1), "LC4410", 5],
            [date(2025, 4, 2), "LC4410", 6],
            ["(c) the council", None, None],
        ]
    )
    choice = TableChoice(
        header_row=2, last_row=4, columns={"date": "A", "cost_centre": "B", "amount": "C"}
    )
    rows, problems, info = parse_file("transactions", path, ImportOptions(choice=choice))
    assert problems == [] and [r.amount for r in rows] == [D("5.00"), D("6.00")]
    assert info is not None and info.header_row == 2
    bad = ImportOptions(choice=TableChoice(header_row=9))
    _, problems, _ = parse_file("transactions", path, bad)
    assert _msgs(problems) == ["Sheet: --header-row 9: the sheet's rows are 1–5"]
