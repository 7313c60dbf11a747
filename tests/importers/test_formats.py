"""The other file formats go through the same pipeline as .xlsx: .xls and .ods workbooks
(golden files converted by LibreOffice from the workbook built here), CSV text, and files whose
name does not say what they are; damaged files get our own words first."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from importers.api import parse_file
from importers.books import open_book

HERE = Path(__file__).parent / "formats"
ROWS = [
    (date(2025, 4, 5), "LC4410", "FreeVa", "INV-1", Decimal("3189.33")),
    (date(2025, 4, 6), "LC4470", "Living without Abuse", "INV-2", Decimal("-150.50")),
    (date(2025, 5, 7), "LC5120", "Café Ünïcode", "INV-3", Decimal("1000.00")),
]


def _payments_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Payments"
    ws.append(["Payments over £500, April 2025"])
    ws.append(["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    ws.append([date(2025, 4, 5), "LC4410", "FreeVa", "INV-1", "BAME advisor", 3189.33])
    ws.append([date(2025, 4, 6), "LC4470", "Living without Abuse", "INV-2", "Outreach", -150.5])
    ws.append([date(2025, 5, 7), "LC5120", "Café Ünïcode", "INV-3", "Refreshments", 1000])
    hidden = wb.create_sheet("Hidden notes")
    hidden.append(["note"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.mark.parametrize("name", ["payments.xls", "payments.ods", "payments.xlsx"])
def test_each_format_reads_the_same_rows(name: str, tmp_path: Path) -> None:
    path = HERE / name if name != "payments.xlsx" else _payments_xlsx(tmp_path / name)
    rows, problems, info = parse_file("transactions", path)
    assert problems == []
    assert [
        (r.txn_date, r.cost_centre, r.counterparty, r.reference, r.amount) for r in rows
    ] == ROWS
    assert info is not None and (info.sheet, info.header_row, info.rows_read) == ("Payments", 2, 3)
    book, _ = open_book(path)
    assert book is not None
    assert [(s.name, s.visible) for s in book.sheets] == [
        ("Payments", True), ("Hidden notes", False),
    ]  # fmt: skip
    book.close()


def test_an_xls_saved_under_another_name_is_still_read(tmp_path: Path) -> None:
    renamed = tmp_path / "payments.xlsx"
    renamed.write_bytes((HERE / "payments.xls").read_bytes())
    rows, problems, _ = parse_file("transactions", renamed)
    assert problems == [] and len(rows) == 3


def test_a_csv_with_no_known_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text("Date,Cost Centre,Amount\n05/04/2025,LC4410,12.00\n", encoding="utf-8")
    rows, problems, _ = parse_file("transactions", path)
    assert problems == [] and [r.amount for r in rows] == [Decimal("12.00")]


def test_damaged_xls_and_ods_say_so_in_our_words(tmp_path: Path) -> None:
    xls = tmp_path / "cut.xls"
    xls.write_bytes((HERE / "payments.xls").read_bytes()[:1500])
    _, problems, _ = parse_file("transactions", xls)
    assert len(problems) == 1
    assert str(problems[0]).startswith(
        "cut.xls: the .xls workbook cannot be read: it may be damaged ("
    )
    ods = tmp_path / "empty.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<not-a-spreadsheet/>")
    _, problems, _ = parse_file("transactions", ods)
    assert len(problems) == 1
    assert str(problems[0]).startswith("empty.ods: the OpenDocument spreadsheet ")


def test_ods_declaring_entities_is_refused(tmp_path: Path) -> None:
    ods = tmp_path / "bomb.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    _, problems, _ = parse_file("transactions", ods)
    assert [str(p) for p in problems] == [
        "bomb.ods: content.xml: XML entity declarations are not allowed (possible "
        "entity-expansion attack)"
    ]


def test_a_text_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from importers.options import ImportOptions
    from importers.safety import Limits

    path = tmp_path / "big.csv"
    path.write_text("Date,Cost Centre,Amount\n" + "05/04/2025,LC4410,1.00\n" * 100)
    small = ImportOptions(limits=Limits(max_file_bytes=1000))
    _, problems, _ = parse_file("transactions", path, small)
    assert [str(p) for p in problems] == [
        "big.csv: file is 2,324 bytes, over the 1,000 bytes limit"
    ]


def test_xlsb_reads_through_the_same_pipeline(tmp_path: Path) -> None:
    from tests.importers.builders import write_xlsb

    path = write_xlsb(
        tmp_path / "payments.xlsb",
        [
            ["Payments, April 2025"],
            ["Date", "Cost Centre", "Supplier", "Amount"],
            ["05/04/2025", "LC4410", "FreeVa", 3189.33],
            ["06/04/2025", "LC4470", "Living without Abuse", -150.5],
            ["Total", "", "", 3038.83],
        ],
        sheet="Payments",
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == []
    assert [(r.txn_date, r.cost_centre, r.amount) for r in rows] == [
        (date(2025, 4, 5), "LC4410", Decimal("3189.33")),
        (date(2025, 4, 6), "LC4470", Decimal("-150.50")),
    ]
    assert info is not None and [(t.label, t.matches) for t in info.totals] == [("Total", True)]


def test_a_sheet_state_the_reader_does_not_know_is_read_as_visible(tmp_path: Path) -> None:
    from tests.importers.builders import replace_member

    plain = _payments_xlsx(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(plain) as zf:
        xml = zf.read("xl/workbook.xml").decode()
    xml = xml.replace('state="visible"', 'state="show"', 1)
    assert 'state="show"' in xml
    path = replace_member(plain, tmp_path / "show.xlsx", "xl/workbook.xml", xml.encode())
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and len(rows) == 3
    assert info is not None and info.sheet == "Payments"
