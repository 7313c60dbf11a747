"""Contracts register, DA spend plan and allocations, transactions: layout, totals, round trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from exports.data import AllocationRow, ContractRow, TransactionRow
from exports.returns import contracts_register, da_allocations, da_spend_plan, transactions
from fundledger.years import FinancialYear
from tests.exports.export_figures import column, demo_produced, demo_spend_plan

MONEY = "£#,##0.00;[Red]-£#,##0.00"


def test_contracts_register_headers_values_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "contracts.xlsx"
    written = contracts_register(out, demo_produced(), demo_spend_plan())
    ws = openpyxl.load_workbook(out, data_only=True)["Contracts"]
    assert ws["A4"].value.startswith("Expiry is the current end date")  # notes above the table
    assert [c.value for c in ws[6]] == [
        "Support service",
        "Service provider",
        "Cost",
        "Time period",
        "Cost basis",
        "Start",
        "End",
        "Extension options",
        "Extension decisions",
        "Committed",
        "Invoiced",
        "Remaining",
        "Expiry",
        "Days to expiry",
        "Stream",
        "Reference",
    ]
    assert column(ws, "B", 7, 12) == [
        "Leicestershire County Council",
        "FreeVa",
        "FreeVa",
        "WALL Male, Generic and Accessible Units Panaghar BAME Units",
        "Chief Housing Officer Group",
        "FreeVa",
    ]
    assert column(ws, "C", 7, 12) == [95062, 76544, 76544, 250000, 100000, 42982]
    assert ws["F7"].value.date() == date(2022, 4, 1)
    assert ws["F7"].number_format == "dd/mm/yyyy"
    assert [ws["H8"].value, ws["I8"].value] == ["+12 months", "taken 01/02/2024"]
    assert [ws["H9"].value, ws["I9"].value] == ["+12 months", "pending"]
    assert ws["N8"].value == (date(2025, 3, 31) - date(2026, 6, 12)).days
    assert column(ws, "L", 7, 8) == [0, 26544]
    assert [ws[f"{c}13"].value for c in "ACJKL"] == ["Total", 641132, 641132, 183334, 457798]
    assert written.totals["Cost"] == Decimal("641132.00")
    assert ws["C7"].number_format == MONEY
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == "A6:P12"


def test_contract_value_known_only_in_words_is_shown_as_text(tmp_path: Path) -> None:
    row = ContractRow(
        "Legal support", "Chief Housing Officer Group", None, "2 years", value_text="about £100k"
    )
    out = tmp_path / "words.xlsx"
    written = contracts_register(out, demo_produced(), [row])
    ws = openpyxl.load_workbook(out, data_only=True)["Contracts"]
    assert [ws["C7"].value, ws["J7"].value, ws["L7"].value] == ["about £100k", None, None]
    assert ws["C8"].value == 0
    assert written.totals["Cost"] == Decimal("0.00")


def test_spend_plan_groups_by_provider_with_provider_sums(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    written = da_spend_plan(out, demo_produced(), demo_spend_plan())
    assert written.sheets == ("Spend plan", "By provider", "Rows")
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb["Spend plan"]
    assert column(ws, "A", 7, 12) == [
        "Leicestershire County Council",
        "FreeVa",
        "FreeVa",
        "FreeVa",
        "WALL Male, Generic and Accessible Units Panaghar BAME Units",
        "Chief Housing Officer Group",
    ]
    assert column(ws, "B", 8, 10) == [
        "Helpline support for male victims",
        "BAME advisor",
        "Counselling service for adults",
    ]
    assert ws["F8"].value == "+12 months (taken 01/02/2024)"
    assert [c.value for c in ws[13]] == [
        "Total",
        None,
        None,
        None,
        None,
        None,
        641132,
        183334,
        457798,
    ]
    assert ws["G7"].number_format == "£#,##0;[Red]-£#,##0"
    by = wb["By provider"]
    assert [c.value for c in by[6]] == [
        "Service provider",
        "Lines",
        "Cost",
        "Spend to date",
        "Remaining",
    ]
    assert [c.value for c in by[8]] == ["FreeVa", 3, 196070, 88272, 107798]
    assert [c.value for c in by[11]] == ["Total", None, 641132, 183334, 457798]
    f = openpyxl.load_workbook(out)["By provider"]
    assert f["C8"].value == "=SUM('Spend plan'!G8:G10)"
    assert f["C11"].value == "=SUM(C7:C10)"


def test_da_allocations_range_and_mechanism(tmp_path: Path) -> None:
    fy = FinancialYear
    rows = [
        AllocationRow(
            "DA duty 2021-2022 allocation", fy(2021), fy(2021), Decimal(1127205), "grant"
        ),
        AllocationRow(
            "DA duty 2022-2023 allocation", fy(2022), fy(2022), Decimal(1130326), "grant"
        ),
        AllocationRow(
            "DA duty 2023-2024 allocation", fy(2023), fy(2023), Decimal(1152936), "grant"
        ),
        AllocationRow(
            "DA duty 2024-2025 allocation", fy(2024), fy(2024), Decimal(1174689), "grant"
        ),
        AllocationRow(
            "DA duty 2025 – 2026/ 2026-2027 allocation",
            fy(2025),
            fy(2026),
            Decimal(1463965),
            "settlement",
            "MHCLG",
        ),
    ]
    out = tmp_path / "alloc.xlsx"
    written = da_allocations(out, demo_produced(), rows)
    ws = openpyxl.load_workbook(out, data_only=True)["Allocations"]
    assert [c.value for c in ws[6]] == ["Allocation", "Years", "Mechanism", "Funder", "Amount"]
    assert column(ws, "B", 7, 11) == [
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
        "2025-26 to 2026-27",
    ]
    assert column(ws, "C", 7, 11) == ["Grant"] * 4 + ["Settlement"]
    assert ws["E12"].value == 6049121
    assert written.totals == {"Amount": Decimal("6049121.00")}


def _txns() -> list[TransactionRow]:
    return [
        TransactionRow(
            date(2025, 4, 5),
            Decimal("3189.33"),
            "LC4410",
            "FreeVa",
            "INV-FRE-202504-0002",
            "BAME advisor – April 2025",
            "DA",
            2025,
            1,
            batch=3,
            batch_file="invoices.xlsx",
        ),
        TransactionRow(
            date(2025, 5, 9),
            Decimal("-640.00"),
            "LC5120",
            "Everyone Active",
            "CN-EVE-1",
            "Credit note",
            "YJ",
            2025,
            2,
            kind="credit",
        ),
        TransactionRow(
            date(2026, 6, 12), Decimal("0.01"), "LC4470", None, None, None, "OPCC", 2025, 12
        ),
    ]


def test_transactions_round_trip_values(tmp_path: Path) -> None:
    out = tmp_path / "txns.xlsx"
    written = transactions(out, demo_produced(), iter(_txns()))
    ws = openpyxl.load_workbook(out, data_only=True)["Transactions"]
    header = [c.value for c in ws[5]]
    assert header[:6] == ["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"]
    assert header[6:] == [
        "Stream",
        "Year",
        "Period",
        "Kind",
        "Account",
        "Import batch",
        "Batch file",
    ]
    back = []
    for row in ws.iter_rows(min_row=6, max_row=8, values_only=True):
        back.append(
            TransactionRow(
                row[0].date(),
                Decimal(repr(row[5])),
                row[1],
                row[2],
                row[3],
                row[4],
                row[6],
                FinancialYear(int(str(row[7])[:4])).start_year,
                int(str(row[8])[-2:]),
                kind=row[9],
                account=row[10],
                batch=row[11],
                batch_file=row[12],
            )
        )
    assert back == _txns()
    assert [ws["A9"].value, ws["F9"].value] == ["Total", 2549.34]
    assert written.totals == {"Amount": Decimal("2549.34")}
    assert [ws["H6"].value, ws["I6"].value, ws["L6"].value] == ["2025-26", "2025-26 P01", 3]
    assert ws["F7"].number_format == MONEY


def test_transactions_with_no_rows(tmp_path: Path) -> None:
    out = tmp_path / "none.xlsx"
    written = transactions(out, demo_produced(), [])
    ws = openpyxl.load_workbook(out, data_only=True)["Transactions"]
    assert [ws["A6"].value, ws["F6"].value] == ["Total", 0]
    assert written.totals == {"Amount": Decimal("0.00")}
