"""The YJ pooled budget and OPCC CSP returns, read back with openpyxl (cached values)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exports.data import YJ_AGENCIES, CspRow, InKindStaff, PooledBudgetRow, SourceRow
from exports.returns import opcc_csp, yj_pooled_budget
from fundledger.years import FinancialYear
from tests.exports.export_figures import column, demo_produced

FY = FinancialYear(2025)
WHOLE = "£#,##0;[Red]-£#,##0"
MONEY = "£#,##0.00;[Red]-£#,##0.00"


def _yj(tmp_path: Path, rows, in_kind, **kw):  # type: ignore[no-untyped-def]
    out = tmp_path / "yj.xlsx"
    written = yj_pooled_budget(out, demo_produced(), rows, in_kind, year=FY, **kw)
    return out, written


def test_yj_layout_order_and_cached_totals(tmp_path: Path, yj_rows, yj_in_kind) -> None:  # type: ignore[no-untyped-def]
    out, written = _yj(tmp_path, yj_rows, yj_in_kind)
    ws = openpyxl.load_workbook(out, data_only=True)["Pooled budget"]
    assert ws["A1"].value == "Youth justice pooled budget 2025-26"
    assert ws["A2"].value == "Reported to the Youth and Justice Partnership Board"
    assert ws["A3"].value == "Ledger: Leicestershire community safety ledger · As at 12/06/2026"
    assert ws["A4"].value == "Produced by fundledger 0.1.0 on 15/06/2026 09:30 UTC by jsmith"
    assert [c.value for c in ws[7]] == [
        "Agency",
        "Staffing Costs",
        "Payments in kind",
        "Other delegated funds",
        "Total",
    ]
    assert column(ws, "A", 8, 15) == list(YJ_AGENCIES)
    # blank where nothing contributed (not zero); row Total is 0 for Police / Welsh Government
    assert column(ws, "B", 8, 15) == [None, None, None, 91847, 73764, 70945, None, None]
    assert column(ws, "C", 8, 15) == [None] * 8
    assert column(ws, "D", 8, 15) == [604659, 1032461, None, 77934, 37806, 47588, None, 75645]
    assert column(ws, "E", 8, 15) == [604659, 1032461, 0, 169781, 111570, 118533, 0, 75645]
    assert [c.value for c in ws[16]] == ["Total", 236556, 0, 1876093, 2112649]
    assert written.totals == {
        "Staffing Costs": Decimal("236556.00"),
        "Payments in kind": Decimal("0.00"),
        "Other delegated funds": Decimal("1876093.00"),
        "Total": Decimal("2112649.00"),
    }
    assert ws["B11"].number_format == WHOLE
    assert ws["E16"].number_format == WHOLE
    assert ws.freeze_panes == "A8"
    assert ws.auto_filter.ref == "A7:E15"


def test_yj_totals_are_live_sum_formulas(tmp_path: Path, yj_rows) -> None:  # type: ignore[no-untyped-def]
    out, _ = _yj(tmp_path, yj_rows, [])
    ws = openpyxl.load_workbook(out)["Pooled budget"]
    assert [ws[f"{c}16"].value for c in "BCDE"] == [
        "=SUM(B8:B15)",
        "=SUM(C8:C15)",
        "=SUM(D8:D15)",
        "=SUM(E8:E15)",
    ]
    assert ws["E11"].value == "=SUM(B11:D11)"


def test_yj_in_kind_sheet_says_not_valued(tmp_path: Path, yj_rows, yj_in_kind) -> None:  # type: ignore[no-untyped-def]
    out, _ = _yj(tmp_path, yj_rows, yj_in_kind)
    ws = openpyxl.load_workbook(out, data_only=True)["In-kind staff"]
    assert [c.value for c in ws[6]] == ["Agency", "FTE", "Description", "Value"]
    assert column(ws, "A", 7, 9) == ["Probation", "Police", "Health"]
    assert column(ws, "B", 7, 9) == [1, 2, None]
    assert column(ws, "D", 7, 10) == ["not valued", "not valued", "not valued", "not valued"]
    assert ws["B10"].value == 3
    assert ws["B7"].number_format == "0.00"


def test_yj_valued_in_kind_is_totalled(tmp_path: Path, yj_rows) -> None:  # type: ignore[no-untyped-def]
    staff = [
        InKindStaff("Police", Decimal("2"), "Two PCs", Decimal("84000.50")),
        InKindStaff("Health", None, "ACE team access"),
    ]
    out, _ = _yj(tmp_path, yj_rows, staff)
    ws = openpyxl.load_workbook(out, data_only=True)["In-kind staff"]
    assert column(ws, "D", 7, 9) == [84000.5, "not valued", 84000.5]
    assert ws["D7"].number_format == MONEY


def test_yj_pence_switch_to_pence_format(tmp_path: Path) -> None:
    out, written = _yj(tmp_path, [PooledBudgetRow("Police", staffing=Decimal("10.05"))], [])
    ws = openpyxl.load_workbook(out, data_only=True)["Pooled budget"]
    assert ws["B10"].number_format == MONEY
    assert ws["B16"].value == 10.05
    assert written.totals["Total"] == Decimal("10.05")


def test_yj_refuses_agency_outside_the_template(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'Fire Service' is not an agency"):
        _yj(tmp_path, [PooledBudgetRow("Fire Service", other=Decimal(1))], [])
    with pytest.raises(ValueError, match="'Health' appears twice"):
        _yj(tmp_path, [PooledBudgetRow("Health"), PooledBudgetRow("Health")], [])


def test_yj_rows_sheet_points_at_figure_cells(tmp_path: Path, yj_rows) -> None:  # type: ignore[no-untyped-def]
    src = [
        SourceRow("Probation|Staffing Costs", "contribution 5", Decimal("73764.00"), None, "YJ-5"),
        SourceRow("Nowhere|Staffing Costs", "contribution 99", Decimal("1.00")),
    ]
    out, _ = _yj(tmp_path, yj_rows, [], sources=src)
    ws = openpyxl.load_workbook(out, data_only=True)["Rows"]
    assert [c.value for c in ws[5]] == [
        "Figure",
        "Cell",
        "Source",
        "Date",
        "Reference",
        "Description",
        "Amount",
    ]
    assert [c.value for c in ws[6]][:3] == [
        "Probation|Staffing Costs",
        "'Pooled budget'!B12",
        "contribution 5",
    ]
    assert ws["G6"].value == 73764
    assert ws["B7"].value is None  # unknown figure: no cell


def test_document_properties(tmp_path: Path, yj_rows) -> None:  # type: ignore[no-untyped-def]
    out, _ = _yj(tmp_path, yj_rows, [])
    wb = openpyxl.load_workbook(out)
    p = wb.properties
    assert p.title == "Youth justice pooled budget 2025-26"
    assert p.subject == "yj-pooled-budget"
    assert p.creator == "jsmith"
    assert p.keywords == "fundledger, finance return"
    assert p.created == datetime(2026, 6, 15, 9, 30, tzinfo=UTC).replace(tzinfo=None)
    assert wb.sheetnames == ["Pooled budget", "In-kind staff", "Rows"]


# --------------------------------------------------------------------------- OPCC


def test_opcc_rows_nil_and_totals(tmp_path: Path, csp_rows) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "opcc.xlsx"
    written = opcc_csp(out, demo_produced(), csp_rows, year=FY)
    ws = openpyxl.load_workbook(out, data_only=True)["CSP allocations"]
    assert (
        ws["A1"].value == "OPCC allocations to CSPs 2025-26: expenditure to date as at 12/06/2026"
    )
    assert [c.value for c in ws[7]] == [
        "CSP Area",
        "2025-26 Allocation",
        "Expenditure to date",
        "Remaining",
        "% spent",
    ]
    assert column(ws, "A", 8, 16) == [r.area for r in csp_rows]
    assert column(ws, "C", 13, 14) == ["Nil", "Nil"]  # Harborough, Oadby and Wigston
    assert ws["C15"].value == 31335.75  # Melton Mowbray: spent, not nil
    assert ws["D9"].value == 0.24  # Charnwood is 24p short
    assert ws["E9"].value == 0.9999  # 99.99%: never a rounded 100% while 24p remain
    assert ws["E15"].value == 1
    assert [c.value for c in ws[17]] == ["Total", 639675, 256061.83, 383613.17, 0.4003]
    assert written.totals == {
        "2025-26 Allocation": Decimal("639675.00"),
        "Expenditure to date": Decimal("256061.83"),
        "Remaining": Decimal("383613.17"),
    }
    assert ws["B8"].number_format == MONEY
    assert ws["E8"].number_format == "0.00%"
    assert ws.freeze_panes == "A8"
    assert ws.auto_filter.ref == "A7:E16"
    f = openpyxl.load_workbook(out)["CSP allocations"]
    assert [f[f"{c}17"].value for c in "BCD"] == ["=SUM(B8:B16)", "=SUM(C8:C16)", "=SUM(D8:D16)"]


def test_opcc_not_reported_is_blank_not_nil(tmp_path: Path) -> None:
    out = tmp_path / "opcc.xlsx"
    rows = [CspRow("Rutland", Decimal("19296.80"), None)]
    opcc_csp(out, demo_produced(), rows, year=FY)
    ws = openpyxl.load_workbook(out, data_only=True)["CSP allocations"]
    assert [c.value for c in ws[8]] == ["Rutland", 19296.8, None, None, None]
    assert [c.value for c in ws[9]] == ["Total", 19296.8, 0, 0, 0]
