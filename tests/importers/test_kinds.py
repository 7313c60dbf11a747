"""Kind-specific rules: contributions, income, allocations, budget lines and contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fundledger.years import FinancialYear
from importers.api import ImportOptions, parse_file
from importers.problems import ImportProblem
from importers.workbook import scan_sheet_xml
from tests.importers.builders import Build

D = Decimal
FY = FinancialYear(2025)
YJ_HEAD = ["Agency", "Staffing Costs", "Payments in kind", "Other delegated funds", "Total"]


def _msgs(problems: list[ImportProblem]) -> list[str]:
    return [str(p) for p in problems]


def test_contributions_blank_is_no_record_zero_is_a_record(build: Build) -> None:
    path = build(
        [
            ["Pooled budget 2025-26"],
            YJ_HEAD,
            ["Police", None, None, None, 0],
            ["Health", 10, 0, "Nil", 10],
            ["Probation", "1,000", None, 500, 1500],
            ["Total", 1010, 0, 500, 1510],
        ]
    )
    rows, problems, info = parse_file("contributions", path, ImportOptions(year=FY))
    assert problems == []
    assert [(r.partner, r.heading, r.amount, r.cell, r.reported_nil) for r in rows] == [
        ("Health", "Staffing Costs", D("10.00"), "B4", False),
        ("Health", "Payments in kind", D("0.00"), "C4", False),
        ("Health", "Other delegated funds", D("0.00"), "D4", True),
        ("Probation", "Staffing Costs", D("1000.00"), "B5", False),
        ("Probation", "Other delegated funds", D("500.00"), "D5", False),
    ]
    assert info is not None
    assert info.no_value_labels == ("Police",)
    assert info.year == FY and info.header_row == 2
    assert [t.ref for t in info.totals] == ["Sheet!A6"] and info.totals[0].matches


def test_contributions_row_total_is_checked(build: Build) -> None:
    path = build([YJ_HEAD, ["Health", 70945, None, 47588, 118000]])
    rows, problems, _ = parse_file("contributions", path)
    assert _msgs(problems) == [
        "Sheet!E2: 118000: row total gives £118,000.00 but the cells add up to £118,533.00"
    ]
    assert rows == []


def test_contributions_totals_row_mismatch(build: Build) -> None:
    path = build([YJ_HEAD, ["Health", 5, None, None, 5], ["Total", 6, None, None, 5]])
    _, problems, _ = parse_file("contributions", path)
    assert _msgs(problems) == [
        "Sheet!B3: 6: 'Total' row gives £6.00 but the rows above add up to £5.00"
    ]


def test_contributions_long_layout(build: Build) -> None:
    path = build(
        [
            ["Partner", "Heading", "Amount"],
            ["Health", "Staffing Costs", 70945],
            ["Police", "Other delegated funds", None],
            ["Probation", "Other delegated funds", "£37,806"],
        ]
    )
    rows, problems, _ = parse_file("contributions", path)
    assert problems == []
    assert [(r.partner, r.heading, r.amount, r.cell) for r in rows] == [
        ("Health", "Staffing Costs", D("70945.00"), "C2"),
        ("Probation", "Other delegated funds", D("37806.00"), "C4"),
    ]


def test_income_status_and_received_date(build: Build) -> None:
    path = build(
        [
            ["Date", "Customer", "Category", "Amount", "Status", "Date received"],
            [date(2025, 5, 1), "A Ltd", "Paid listing", 150, "Received", date(2025, 5, 9)],
            [date(2025, 6, 1), "B Ltd", "Paid listing", "£150.00", None, None],
            [date(2025, 6, 1), "C Ltd", "Paid listing", 150, "Pending", None],
        ]
    )
    rows, problems, _ = parse_file("income", path)
    assert _msgs(problems) == ["Sheet!E4: Pending: status must be Raised or Received"]
    assert [(r.customer, r.status, r.received_on, r.year.code, r.period) for r in rows] == [
        ("A Ltd", "received", date(2025, 5, 9), "2025-26", 2),
        ("B Ltd", "raised", None, "2025-26", 3),
    ]


def test_allocations_years(build: Build) -> None:
    path = build(
        [
            ["Allocation", "Amount"],
            ["Grant 2023/24", "£1,000"],
            ["Settlement 2025 – 2026/ 2026-2027", "circa £2m"],
            ["Core funding", 500],
            ["2021-22 and 2023-24", 1],
        ]
    )
    rows, problems, _ = parse_file("allocations", path)
    assert _msgs(problems) == [
        "Sheet!A4: Core funding: no financial year in the label",
        "Sheet!A5: 2021-22 and 2023-24: names years that are not consecutive",
    ]
    assert [(r.year_from.code, r.year_to.code, r.amount, r.approximate) for r in rows] == [
        ("2023-24", "2023-24", D("1000.00"), False),
        ("2025-26", "2026-27", D("2000000.00"), True),
    ]
    rows, problems, _ = parse_file("allocations", path, ImportOptions(year=FY))
    assert len(problems) == 1 and rows[2].label == "Core funding" and rows[2].year_from == FY


def test_allocations_with_a_year_column(build: Build) -> None:
    path = build([["Year", "Funder", "Amount"], ["2024/25", "MHCLG", "£1,174,689"]])
    rows, problems, _ = parse_file("allocations", path)
    assert problems == []
    assert (rows[0].label, rows[0].year_from.code, rows[0].funder) == (
        "2024/25",
        "2024-25",
        "MHCLG",
    )


def test_budget_lines_as_at_and_year(build: Build) -> None:
    path = build(
        [
            ["CSP allocations"],
            ["Position as at 31 March 2026"],
            ["Area", "2024-25 Budget", "Spend to date"],
            ["Blaby", "£52,665.76", "Nil"],
            ["Melton", 100, None],
            ["Rutland", None, 5],
        ]
    )
    rows, problems, info = parse_file("budget-lines", path, ImportOptions(year=FY))
    assert _msgs(problems) == ["Sheet!B6: no budget"]
    assert [(r.name, r.budget, r.spend, r.reported_nil) for r in rows] == [
        ("Blaby", D("52665.76"), D("0.00"), True),
        ("Melton", D("100.00"), None, False),
    ]
    assert info is not None and info.as_at == date(2026, 3, 31)
    assert info.year == FY
    assert info.warnings == ("the sheet names 2024-25 but the import is for 2025-26",)
    explicit = ImportOptions(as_at=date(2026, 4, 30))
    assert parse_file("budget-lines", path, explicit)[2].as_at == date(2026, 4, 30)  # type: ignore[union-attr]


def test_contracts_terms_and_providers(build: Build) -> None:
    path = build(
        [
            ["Support service", "Service provider", "Cost", "Time period", "Start date"],
            [
                "Refuge",
                "WALL Male Units Panaghar BAME Units",
                "£250,000",
                "2 years (+1 year extension)",
                "1st April 2022",
            ],
            ["Legal support", "Chief Housing Officer Group", "£100k", "2 years", None],
            ["Helpline", "FreeVa", None, "for a while", None],
            ["Outreach", None, "£1", "1 year", None],
        ]
    )
    rows, problems, _ = parse_file("contracts", path)
    assert _msgs(problems) == [
        "Sheet!D4: for a while: no term length found",
        "Sheet!B5: no provider",
    ]
    first, second = rows
    assert first.term is not None and (first.term.base_months, first.term.extensions) == (24, (12,))
    assert first.provider_text == "WALL Male Units Panaghar BAME Units"
    assert (first.start, second.start) == (date(2022, 4, 1), None)
    assert (second.value, second.value_text) == (D("100000.00"), "£100k")


def test_table_away_from_a1(build: Build) -> None:
    rows_in = [
        [],
        [],
        [None, "Invoices"],
        [None, "Date", "Cost Centre", "Amount"],
        [None, date(2025, 4, 1), "LC4410", "-£12.00"],
    ]
    rows, problems, info = parse_file("transactions", build(rows_in))
    assert problems == [] and rows[0].amount == D("-12.00") and rows[0].row == 5
    assert info is not None and info.header_row == 4
    assert [m.letter for m in info.mapping] == ["B", "C", "D"]


def test_scan_sheet_xml_with_a_namespace_prefix() -> None:
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="2"><x:c r="B2"><x:f>A1*2</x:f></x:c>'
        b'<x:c r="C2" t="e"><x:v>#DIV/0!</x:v></x:c>'
        b'<x:c r="D2"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
        b'<x:c r="E2" t="str"><x:f>""</x:f><x:v></x:v></x:c>'
        b'<x:c r="F2"><x:f t="shared" si="0"/><x:v/></x:c></x:row></x:sheetData>'
        b'<x:mergeCells count="1"><x:mergeCell ref="A5:C6"/></x:mergeCells></x:worksheet>'
    )
    issues, merged = scan_sheet_xml(xml)
    assert {k: (v.value, v.reason) for k, v in issues.items()} == {
        (2, 2): ("=A1*2", "formula with no cached value"),
        (2, 3): ("#DIV/0!", "the cell holds an Excel error"),
        (2, 6): ("(shared formula)", "formula with no cached value"),
    }
    assert [m.ref for m in merged] == ["A5:C6"]


def test_scan_sheet_xml_with_single_quotes_and_line_breaks() -> None:
    """Error and uncached formula cells are found however the writer quotes and spaces their
    attributes (the reader accepts them all)."""
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row r='2'><c\nr='B2'><f>A1*2</f></c>"
        b"<c r = 'C2' t='e'><v>#REF!</v></c>"
        b"<c\tr='D2'><f>1+1</f><v>2</v></c></row></sheetData></worksheet>"
    )
    issues, _merged = scan_sheet_xml(xml)
    assert {k: (v.value, v.reason) for k, v in issues.items()} == {
        (2, 2): ("=A1*2", "formula with no cached value"),
        (2, 3): ("#REF!", "the cell holds an Excel error"),
    }
