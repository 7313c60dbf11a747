"""Each import rule on a workbook built in the test: exact messages, cells and figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from fundledger.years import FinancialYear
from importers.api import ImportOptions, parse_file
from importers.problems import ImportProblem
from importers.table import Profile, TableChoice
from tests.importers.builders import Build, write_rows

D = Decimal
HEAD = ["Date", "Cost Centre", "Amount"]


def _msgs(problems: Sequence[ImportProblem]) -> list[str]:
    return [str(p) for p in problems]


def test_uncached_formula_is_an_error_on_its_cell(build: Build) -> None:
    path = build([HEAD, [date(2025, 4, 1), "LC4410", 100], [date(2025, 4, 2), "LC4410", "=1+1"]])
    rows, problems, info = parse_file("transactions", path)
    assert _msgs(problems) == ["Sheet!C3: =1+1: formula with no cached value"]
    p = problems[0]
    assert (p.file, p.sheet, p.cell, p.row, p.column, p.value) == (
        "x.xlsx",
        "Sheet",
        "C3",
        3,
        "Amount",
        "=1+1",
    )
    assert [r.row for r in rows] == [2]
    assert info is not None and info.rows_read == 2


def test_uncached_formula_in_a_totals_row(build: Build) -> None:
    path = build([HEAD, [date(2025, 4, 1), "LC4410", 100], ["Total", None, "=SUM(C2:C2)"]])
    _, problems, info = parse_file("transactions", path)
    assert _msgs(problems) == ["Sheet!C3: =SUM(C2:C2): formula with no cached value"]
    assert info is not None and [t.ref for t in info.totals] == ["Sheet!A3"]
    assert info.totals[0].figures == ()


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#DIV/0!", "#VALUE!"])
def test_error_cells(build: Build, error: str) -> None:
    path = build([HEAD, [date(2025, 4, 1), "LC4410", error]])
    rows, problems, _ = parse_file("transactions", path)
    assert _msgs(problems) == [f"Sheet!C2: {error}: the cell holds an Excel error"]
    assert rows == []


def test_error_cell_in_an_unused_column_is_ignored(build: Build) -> None:
    path = build([[*HEAD, "Notes"], [date(2025, 4, 1), "LC4410", 5, "#REF!"]])
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and rows[0].amount == D("5.00")
    assert info is not None and info.unmapped_headers == ("Notes",)


def test_totals_row_mismatch_names_the_cell_and_both_figures(build: Build) -> None:
    path = build(
        [
            ["Invoices – period 1"],
            [],
            HEAD,
            [date(2025, 4, 1), "LC4410", 100],
            [date(2025, 4, 2), "LC4410", 250],
            ["Total", None, 300],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert _msgs(problems) == [
        "Sheet!C6: 300: 'Total' row gives £300.00 but the rows above add up to £350.00"
    ]
    assert len(rows) == 2
    assert info is not None and info.header_row == 3
    check = info.totals[0]
    assert (check.ref, check.matches) == ("Sheet!A6", False)
    assert check.figures == (("Amount", D("300.00"), D("350.00")),)


def test_matching_totals_row_is_reported_not_imported(build: Build) -> None:
    path = build(
        [
            HEAD,
            [date(2025, 4, 1), "LC4410", 100.5],
            [date(2025, 4, 2), "LC4410", "(20.25)"],
            ["Grand Total", None, "80.25"],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == []
    assert [r.amount for r in rows] == [D("100.50"), D("-20.25")]
    assert info is not None and info.totals[0].matches and info.totals[0].label == "Grand Total"


def test_subtotals_check_their_own_section(build: Build) -> None:
    path = build(
        [
            HEAD,
            [date(2025, 4, 1), "LC4410", 10],
            ["Total", None, 10],
            [date(2025, 4, 2), "LC4410", 5],
            ["Totals", None, 5],
            ["Grand total", None, 15],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and len(rows) == 2
    assert info is not None
    assert [(t.cell, t.figures[0][1]) for t in info.totals] == [
        ("A3", D("10.00")),
        ("A5", D("5.00")),
        ("A6", D("15.00")),
    ]


def test_merged_cells_inside_the_data_are_refused(build: Build) -> None:
    def merge(ws: Worksheet) -> None:
        ws.merge_cells("B3:C3")

    def title_and_data(ws: Worksheet) -> None:
        ws.merge_cells("A1:C1")
        merge(ws)

    path = build(
        [["Title"], HEAD, [date(2025, 4, 1), "LC4410", 1], [date(2025, 4, 2), "LC4410", 2]],
        tweak=title_and_data,
    )
    rows, problems, _ = parse_file("transactions", path)
    assert [r.row for r in rows] == [4]
    assert _msgs(problems) == [
        "Sheet!B3: LC4410: merged cells B3:C3 inside the table: unmerge them before importing"
    ]
    assert problems[0].column == "Cost Centre"


def test_merged_totals_label_is_allowed(build: Build) -> None:
    path = build(
        [HEAD, [date(2025, 4, 1), "LC4410", 7], ["Total", None, 7]],
        tweak=lambda ws: ws.merge_cells("A3:B3"),
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and len(rows) == 1
    assert info is not None and info.totals[0].matches


def test_blank_and_formatting_only_rows_are_skipped(build: Build) -> None:
    def shade(ws: Worksheet) -> None:
        for col in "ABC":
            ws[f"{col}3"].fill = PatternFill("solid", fgColor="FFFF00")
            ws[f"{col}6"].fill = PatternFill("solid", fgColor="FFFF00")

    path = build(
        [HEAD, [date(2025, 4, 1), "LC4410", 1], [], [], [date(2025, 4, 2), "LC4410", 2]],
        tweak=shade,
    )
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and [r.row for r in rows] == [2, 5]
    # Rows 3 and 4 (one shaded) are blank; shaded row 6 lies past the last value, outside the
    # used area, so it is not even read.
    assert info is not None and info.blank_rows == 2


def test_both_ways_date_with_ambiguous_check(build: Build) -> None:
    path = build([HEAD, ["03/04/2025", "LC4410", 1], ["13/04/2025", "LC4410", 2]])
    rows, problems, _ = parse_file("transactions", path, ImportOptions(ambiguous_dates=True))
    assert _msgs(problems) == ["Sheet!A2: 03/04/2025: date could be 3 April 2025 or 4 March 2025"]
    assert [r.txn_date for r in rows] == [date(2025, 4, 13)]
    rows, problems, _ = parse_file("transactions", path)
    assert problems == [] and rows[0].txn_date == date(2025, 4, 3)


def test_bad_cells_each_get_a_problem(build: Build) -> None:
    path = build(
        [
            HEAD,
            ["31/02/2025", "LC4410", 1],
            [45748, "LC4410", 1],
            [date(2025, 4, 1), "LC4410", 1.005],
            [date(2025, 4, 1), None, "lots"],
            [None, "LC4410", None],
        ]
    )
    rows, problems, _ = parse_file("transactions", path)
    assert rows == []
    assert _msgs(problems) == [
        "Sheet!A2: 31/02/2025: no such date (read as day/month/year)",
        "Sheet!A3: 45748: a number, not a date",
        "Sheet!C4: 1.005: more than two decimal places",
        "Sheet!B5: no cost centre: the row cannot be mapped to a stream",
        "Sheet!C5: lots: not an amount",
        "Sheet!A6: no date",
        "Sheet!C6: no amount",
    ]


def test_debit_and_credit_columns_with_bracketed_credits(build: Build) -> None:
    path = build(
        [
            ["Date", "Cost Centre", "Description", "Debit", "Credit"],
            [date(2025, 4, 1), "LC4410", "invoice", "1,500.00", None],
            [date(2025, 4, 2), "LC4410", "credit note", None, "(1,234.50)"],
            [date(2025, 4, 3), "LC4410", "refund", None, 99.99],
            [date(2025, 4, 4), "LC4410", "net", 10, "(2.50)"],
            [date(2025, 4, 5), "LC4410", "nothing", None, None],
            ["Total", None, None, 1510, "(1,336.99)"],
        ]
    )
    rows, problems, info = parse_file("transactions", path)
    assert _msgs(problems) == ["Sheet!D6: no amount: debit and credit are both blank"]
    assert [r.amount for r in rows] == [D("1500.00"), D("-1234.50"), D("-99.99"), D("7.50")]
    assert info is not None
    assert [m.field for m in info.mapping] == [
        "date",
        "cost_centre",
        "description",
        "debit",
        "credit",
    ]
    # A credit column is totalled as magnitudes, bracketed or not.
    assert info.totals[0].figures == (
        ("Debit", D("1510.00"), D("1510.00")),
        ("Credit", D("1336.99"), D("1336.99")),
    )


def test_account_string_segment_gives_the_cost_centre(build: Build) -> None:
    path = build(
        [
            ["Date", "Account", "Supplier", "Amount"],
            [date(2025, 4, 1), "LCC.LC4410.5210", "FreeVa", 10],
            [date(2025, 4, 1), "LCC-LC5120-5210", "FreeVa", 20],
            [date(2025, 4, 1), "5210.6000", "FreeVa", 30],
        ]
    )
    rows, problems, _ = parse_file("transactions", path)
    assert [(r.cost_centre, r.account) for r in rows] == [
        ("LC4410", "LCC.LC4410.5210"),
        ("LC5120", "LCC-LC5120-5210"),
    ]
    assert _msgs(problems) == [
        "Sheet!B4: 5210.6000: cannot tell which segment of the account string is the cost centre"
    ]


def test_known_cost_centres_pick_the_segment(build: Build) -> None:
    path = build([["Date", "Account", "Amount"], [date(2025, 4, 1), "AB12.CC99.5210", 1]])
    rows, problems, _ = parse_file(
        "transactions", path, ImportOptions(cost_centres=frozenset({"CC99"}))
    )
    assert problems == [] and rows[0].cost_centre == "CC99"


def test_period_labels_set_year_and_period(build: Build) -> None:
    path = build(
        [
            ["Posting Date", "Cost Centre", "Period", "Amount"],
            [date(2025, 7, 2), "LC4410", "2025/26 P03", 1],
            [date(2025, 7, 2), "LC4410", "P04", 1],
            [date(2025, 7, 2), "LC4410", "P13", 1],
            [date(2025, 7, 2), "LC4410", None, 1],
        ]
    )
    rows, problems, _ = parse_file("gl", path, ImportOptions(year=FinancialYear(2025)))
    assert _msgs(problems) == ["Sheet!C4: P13: not a period label (expected e.g. 2025/26 P03)"]
    assert [(r.year.code, r.period, r.period_text) for r in rows] == [
        ("2025-26", 3, "2025/26 P03"),
        ("2025-26", 4, "P04"),
        ("2025-26", 4, None),
    ]


def test_hidden_first_sheet_is_passed_over(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    hidden = wb.active
    assert hidden is not None
    hidden.title = "Old"
    write_rows(hidden, [HEAD, [date(2024, 4, 1), "LC4410", 999]])
    hidden.sheet_state = "hidden"
    notes = wb.create_sheet("Notes")
    write_rows(notes, [["Read me first"]])
    live = wb.create_sheet("Live")
    write_rows(live, [HEAD, [date(2025, 4, 1), "LC4410", 5]])
    path = tmp_path / "h.xlsx"
    wb.save(path)
    rows, problems, info = parse_file("transactions", path)
    assert problems == [] and info is not None and info.sheet == "Live"
    assert [r.amount for r in rows] == [D("5.00")]
    rows, problems, info = parse_file("transactions", path, ImportOptions(sheet="Old"))
    assert problems == [] and info is not None
    assert [r.amount for r in rows] == [D("999.00")]
    assert info.warnings == ("sheet 'Old' is hidden",)


def test_table_only_on_a_hidden_sheet_is_reported(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Cover"
    write_rows(ws, [["Nothing here"]])
    hidden = wb.create_sheet("Data")
    write_rows(hidden, [HEAD, [date(2025, 4, 1), "LC4410", 5]])
    hidden.sheet_state = "hidden"
    path = tmp_path / "only-hidden.xlsx"
    wb.save(path)
    rows, problems, info = parse_file("transactions", path)
    assert (rows, info) == ([], None)
    assert _msgs(problems) == [
        "only-hidden.xlsx: no visible sheet has a transactions table; hidden sheet 'Data' "
        "has one: choose it with --sheet to import it"
    ]


def test_no_header_row(build: Build) -> None:
    path = build([["Quarterly report"], ["Nothing tabular"]])
    _, problems, _ = parse_file("income", path)
    assert _msgs(problems) == [
        "Sheet: no header row found in the first 50 rows (looked for income columns such as "
        "'date', 'customer', 'category', 'description', 'invoice', 'amount'); choose the "
        "header row"
    ]


def test_missing_required_column(build: Build) -> None:
    path = build([["Date", "Cost Centre", "Supplier"], [date(2025, 4, 1), "LC4410", "X"]])
    _, problems, _ = parse_file("transactions", path)
    assert _msgs(problems) == [
        "Sheet!A1: no column for amount or debit or credit in the header row (looked for "
        "'amount', 'net amount', 'value', 'debit', 'dr', 'debits', 'credit', 'cr', 'credits')"
    ]


def test_explicit_profile_and_signature_reuse(build: Build) -> None:
    rows_in = [
        ["Export from FinSys"],
        ["Dt", "CC", "Payee", "GBP"],
        [date(2025, 4, 1), "LC4410", "FreeVa", 12.5],
    ]
    path = build(rows_in)
    _, problems, _ = parse_file("transactions", path)
    assert problems != []  # "Dt" and "GBP" mean nothing without a profile
    profile = Profile(
        "finsys",
        "transactions",
        {"date": "Dt", "cost_centre": "CC", "supplier": "Payee", "amount": "GBP"},
        ("dt", "cc", "payee", "gbp"),
    )
    rows, problems, info = parse_file("transactions", path, ImportOptions(profile=profile))
    assert problems == [] and rows[0].amount == D("12.50") and rows[0].counterparty == "FreeVa"
    assert info is not None and info.profile == "finsys" and info.header_row == 2
    assert {m.field: m.confidence for m in info.mapping} == {
        "date": 100,
        "cost_centre": 100,
        "supplier": 100,
        "amount": 100,
    }
    assert info.signature == profile.signature
    rows, problems, info = parse_file("transactions", path, ImportOptions(profiles=(profile,)))
    assert problems == [] and info is not None and info.profile == "finsys"


def test_profile_whose_columns_are_missing(build: Build) -> None:
    path = build([["Date", "Cost Centre", "Amount"]])
    profile = Profile("finsys", "transactions", {"date": "Dt", "amount": "GBP"})
    _, problems, _ = parse_file("transactions", path, ImportOptions(profile=profile))
    assert _msgs(problems) == [
        "Sheet: profile 'finsys': no header row has the columns 'Dt', 'GBP': the file no longer fits "
        "the profile"
    ]


def test_synonym_confidences(build: Build) -> None:
    path = build(
        [
            ["Transaction Date", "Cost Centre Code", "Vendor Name", "Net Amount (£)", "Comments"],
            [date(2025, 4, 1), "LC4410", "V", 1],
        ]
    )
    _, problems, info = parse_file("transactions", path)
    assert problems == [] and info is not None
    assert [(m.field, m.header, m.confidence) for m in info.mapping] == [
        ("date", "Transaction Date", 100),
        ("cost_centre", "Cost Centre Code", 100),
        ("supplier", "Vendor Name", 100),
        ("amount", "Net Amount (£)", 100),
    ]
    assert info.unmapped_headers == ("Comments",)


def test_column_fast_path_matches_the_row_path(build: Build) -> None:
    clean = [
        [date(2025, 4, 1), "  LC4410 ", "FreeVa", "INV-1", "April  work", 3189.33],
        [date(2025, 4, 30), "LC5120", None, "JNL-2", "journal", -0.0],
        [date(2026, 3, 31), "LC4470", "Blaby", "CLM-3", "claim", 640.0],
        [date(2026, 4, 1), "LC4470", "Blaby", None, None, -5208.33],
    ]
    head = ["Date", "Cost Centre", "Supplier", "Reference", "Description", "Amount"]
    fast, problems, _ = parse_file("transactions", build([head, *clean], name="a.xlsx"))
    assert problems == []
    # A text amount sends the whole table down the row-by-row path.
    dirty = [*clean, [date(2025, 5, 1), "LC4410", "X", "Y", "Z", "£1.00"]]
    slow, problems, _ = parse_file("transactions", build([head, *dirty], name="b.xlsx"))
    assert problems == []
    assert fast == slow[:-1]
    assert [str(r.amount) for r in fast] == ["3189.33", "0.00", "640.00", "-5208.33"]
    assert [(r.year.code, r.period) for r in fast] == [
        ("2025-26", 1),
        ("2025-26", 1),
        ("2025-26", 12),
        ("2026-27", 1),
    ]
    assert (fast[0].cost_centre, fast[0].description, fast[1].counterparty) == (
        "LC4410",
        "April work",
        None,
    )


def test_two_columns_with_the_same_heading_are_asked(build: Build) -> None:
    path = build([[*HEAD, "Amount"], [date(2025, 4, 1), "LC4410", 5, 6]])
    rows, problems, info = parse_file("transactions", path)
    assert (rows, info) == ([], None)
    assert _msgs(problems) == [
        "Sheet!A1: 2 columns with the same heading for amount: C 'Amount', D 'Amount'; "
        "choose one (--map amount=C)"
    ]
    chosen = ImportOptions(choice=TableChoice(columns={"amount": "D"}))
    rows, problems, info = parse_file("transactions", path, chosen)
    assert problems == [] and rows[0].amount == D("6.00")
    assert info is not None and info.warnings == (
        "two columns are headed 'Amount': amount is read from column D, column C is ignored",
    )
