"""Place-marketing income (quarters, raised vs received, ROI) and the variance report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from exports.data import IncomeRow, VarianceRow
from exports.returns import pmt_income, variance
from exports.returns.income import roi
from tests.exports.export_figures import column, demo_produced


def _income() -> list[IncomeRow]:
    """The sample's categories: £8,994 packages + £38,227 district work; £4,650 listings."""
    D = Decimal
    items = [
        IncomeRow(
            date(2025, 2, 11), "Belvoir Castle Estate", "Commercial package", D(2500), "received"
        ),
        IncomeRow(
            date(2025, 3, 12),
            "Great Central Railway plc",
            "Commercial package",
            D(1744),
            "received",
        ),
        IncomeRow(
            date(2025, 4, 13), "Stanford Hall Events Ltd", "Commercial package", D(3225), "received"
        ),
        IncomeRow(
            date(2025, 5, 14), "Download Festival Ltd", "Commercial package", D(500), "received"
        ),
        IncomeRow(date(2025, 6, 15), "Victory Show Ltd", "Commercial package", D(500), "received"),
        IncomeRow(date(2025, 7, 16), "The Larder Market Harborough", "Commercial package", D(300)),
        IncomeRow(date(2025, 8, 17), "Cattows Farm", "Commercial package", D(225), "received"),
        IncomeRow(
            date(2025, 4, 1),
            "Blaby District Council",
            "District partnership work",
            D(9850),
            "received",
        ),
        IncomeRow(
            date(2025, 5, 1),
            "North West Leicestershire District Council",
            "District partnership work",
            D(8400),
            "received",
        ),
        IncomeRow(
            date(2025, 6, 1),
            "Harborough District Council",
            "District partnership work",
            D(7977),
            "received",
        ),
        IncomeRow(
            date(2025, 7, 1),
            "Melton Borough Council",
            "District partnership work",
            D(4500),
            "received",
        ),
        IncomeRow(
            date(2025, 8, 1),
            "Oadby and Wigston Borough Council",
            "District partnership work",
            D(7500),
            "received",
        ),
        IncomeRow(date(2025, 9, 1), "Cancelled Ltd", "Commercial package", D(500), "cancelled"),
        IncomeRow(date(2024, 12, 1), "Last year Ltd", "Commercial package", D(999), "received"),
    ]
    items += [
        IncomeRow(
            date(2025, 11, 2),
            f"Listing {n:02d}",
            "Paid listing",
            D(200 if n <= 15 else 150),
            "received",
        )
        for n in range(1, 27)
    ]
    return items


def test_pmt_income_calendar_quarters_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "pmt.xlsx"
    written = pmt_income(out, demo_produced(), _income(), year=2025, basis="calendar")
    ws = openpyxl.load_workbook(out, data_only=True)["Income by quarter"]
    assert ws["A1"].value == "Place marketing income 2025 (calendar year)"
    assert [c.value for c in ws[5]] == [
        "Category",
        "Q1 Jan–Mar",
        "Q2 Apr–Jun",
        "Q3 Jul–Sep",
        "Q4 Oct–Dec",
        "Total raised",
        "Received",
        "Outstanding",
    ]
    assert [c.value for c in ws[6]] == ["Commercial package", 4244, 4225, 525, 0, 8994, 8694, 300]
    assert [c.value for c in ws[7]] == [
        "District partnership work",
        0,
        26227,
        12000,
        0,
        38227,
        38227,
        0,
    ]
    assert [c.value for c in ws[8]] == ["Paid listing", 0, 0, 0, 4650, 4650, 4650, 0]
    assert [c.value for c in ws[9]] == ["Total", 4244, 30452, 12525, 4650, 51871, 51571, 300]
    assert written.totals["Total raised"] == Decimal("51871.00")
    items = openpyxl.load_workbook(out, data_only=True)["Income items"]
    assert [c.value for c in items[6]][:7] == [
        "Date",
        "Customer",
        "Category",
        "Package / description",
        "Invoice",
        "Amount (£)",
        "Status",
    ]
    assert items["A4"].value == "Cancelled items are left out."
    assert [items["A45"].value, items["F45"].value] == ["Total", 51871]


def test_pmt_income_financial_year_quarters(tmp_path: Path) -> None:
    out = tmp_path / "pmt.xlsx"
    pmt_income(out, demo_produced(), _income(), year=2025, basis="financial")
    ws = openpyxl.load_workbook(out, data_only=True)["Income by quarter"]
    assert ws["A1"].value == "Place marketing income 2025-26"
    assert column(ws, "B", 5, 5) == ["Q1 Apr–Jun"]
    assert [c.value for c in ws[6]][:6] == ["Commercial package", 4225, 525, 0, 0, 4750]


def test_roi_is_net_and_reproduces_259_percent(tmp_path: Path) -> None:
    items = [
        IncomeRow(
            date(2025, 6, 1), "Private partners", "Private leverage", Decimal(45400), "received"
        ),
        IncomeRow(
            date(2025, 5, 1),
            "Leicestershire County Council",
            "Council investment",
            Decimal(12650),
            "received",
            is_council_investment=True,
        ),
    ]
    assert roi(items) == (Decimal(45400), Decimal(12650), Decimal("258.89"))
    out = tmp_path / "roi.xlsx"
    pmt_income(out, demo_produced(), items, year=2025, basis="financial")
    ws = openpyxl.load_workbook(out, data_only=True)["Income by quarter"]
    labels = {ws[f"A{r}"].value: ws[f"B{r}"].value for r in range(9, 15)}
    assert labels["Return on investment (net)"] == 2.5889
    assert labels["Council investment"] == 12650


def _var(key: str, revised: str, actual: str, rag: str, forecast: str | None = None) -> VarianceRow:
    D = Decimal
    rev, act = D(revised), D(actual)
    return VarianceRow(
        "OPCC",
        "2025-26",
        key,
        rev,
        D(0),
        rev,
        D(0),
        act,
        rev - act,
        None if forecast is None else D(forecast),
        None if forecast is None else rev - D(forecast),
        (act * 100 / rev).quantize(D("0.01")),
        rag,  # type: ignore[arg-type]
        None if rag == "green" else f"={key} needs chasing",
    )


def test_variance_report_rag_and_totals(tmp_path: Path) -> None:
    rows = [
        _var("Leicester", "271818.47", "76546.00", "red", "271818.47"),
        _var("Charnwood", "89530.24", "89530.00", "green"),
        _var("Harborough", "37479.75", "0.00", "amber"),
    ]
    out = tmp_path / "var.xlsx"
    written = variance(
        out,
        demo_produced(),
        rows,
        by="area",
        year="2025-26",
        stream="OPCC",
        warnings=["DA 2025-26 to 2026-27 allocation is not split by year"],
    )
    ws = openpyxl.load_workbook(out, data_only=True)["Variance"]
    assert ws["A1"].value == "Variance report 2025-26, OPCC, by area"
    assert ws["A4"].value == (
        "Available = revised budget − committed − actual. RAG as set in the ledger. "
        "A line without a forecast counts at its revised budget in the forecast total."
    )
    assert ws["A5"].value == "Warning: DA 2025-26 to 2026-27 allocation is not split by year"
    assert [c.value for c in ws[7]] == [
        "Stream",
        "Year",
        "Area",
        "Original",
        "Virements",
        "Revised",
        "Committed",
        "Actual",
        "Available",
        "Forecast",
        "Forecast variance",
        "% spent",
        "RAG",
        "Commentary",
    ]
    assert column(ws, "M", 8, 10) == ["Red", "Green", "Amber"]
    assert ws["M8"].fill.fgColor.rgb == "FFFFC7CE"
    assert ws["N8"].value == "=Leicester needs chasing"  # text, not a formula
    assert ws["N8"].data_type == "s"
    assert column(ws, "L", 8, 10) == [0.2816, 1, 0]
    assert [ws[f"{c}11"].value for c in "AFHIJKL"] == [
        "Total",
        398828.46,
        166076.0,
        232752.46,
        398828.46,  # Charnwood and Harborough have no forecast: they count at revised
        0,
        0.4164,
    ]
    assert written.totals["Available"] == Decimal("232752.46")
    assert written.totals["Forecast"] == Decimal("398828.46")
    formulas = openpyxl.load_workbook(out)["Variance"]
    assert formulas["J11"].value == '=SUM(J8:J10)+SUMPRODUCT(--(J8:J10=""),F8:F10)'
    assert formulas["K11"].value == "=SUM(K8:K10)"
