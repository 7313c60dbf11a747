"""An export imports back without loss: each return read by ``importers.api.parse_file``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from exports.data import AllocationRow
from exports.returns import (
    contracts_register,
    da_allocations,
    opcc_csp,
    pmt_income,
    transactions,
    yj_pooled_budget,
)
from fundledger.years import FinancialYear
from importers.api import ImportOptions, parse_file
from tests.exports.export_figures import (
    demo_csp_rows,
    demo_produced,
    demo_spend_plan,
    demo_yj_rows,
)
from tests.exports.test_export_income_variance import _income
from tests.exports.test_export_registers import _txns

FY = FinancialYear(2025)


def test_transactions_import_back(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    transactions(out, demo_produced(), _txns())
    rows, problems, info = parse_file("transactions", out)
    assert problems == []
    assert info is not None and info.header_row == 5
    got = [
        (
            r.txn_date,
            r.year.start_year,
            r.period,
            r.amount,
            r.cost_centre,
            r.counterparty,
            r.reference,
            r.description,
        )
        for r in rows
    ]
    want = [
        (
            t.txn_date,
            t.year,
            t.period,
            t.amount,
            t.cost_centre,
            t.counterparty,
            t.reference,
            t.description,
        )
        for t in _txns()
    ]
    assert got == want


def test_contracts_register_imports_back(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    contracts_register(out, demo_produced(), demo_spend_plan())
    rows, problems, _ = parse_file("contracts", out)
    assert problems == []
    assert [(r.service, r.provider_text, r.value, r.term_text) for r in rows] == [
        (c.service, c.provider, c.value, c.term_text) for c in demo_spend_plan()
    ]


def test_opcc_return_imports_back_as_budget_lines(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    opcc_csp(out, demo_produced(), demo_csp_rows(), year=FY)
    rows, problems, _ = parse_file("budget-lines", out, ImportOptions(year=FY))
    assert problems == []
    assert [(r.name, r.budget, r.spend, r.reported_nil) for r in rows] == [
        (c.area, c.allocation, c.expenditure, c.reported_nil) for c in demo_csp_rows()
    ]


def test_yj_return_imports_back_as_contributions(tmp_path: Path) -> None:
    out = tmp_path / "y.xlsx"
    yj_pooled_budget(out, demo_produced(), demo_yj_rows(), [], year=FY)
    rows, problems, _ = parse_file("contributions", out, ImportOptions(year=FY))
    assert problems == []
    got = {(r.partner, r.heading): r.amount for r in rows}
    assert len(got) == 9
    assert got[("Probation", "Staffing Costs")] == Decimal("73764.00")
    assert sum(got.values()) == Decimal("2112649.00")


def test_allocations_import_back_with_the_range(tmp_path: Path) -> None:
    rows = [
        AllocationRow(
            "DA duty 2024-2025 allocation",
            FinancialYear(2024),
            FinancialYear(2024),
            Decimal(1174689),
            "grant",
        ),
        AllocationRow(
            "DA duty 2025 – 2026/ 2026-2027 allocation",
            FY,
            FinancialYear(2026),
            Decimal(1463965),
            "settlement",
        ),
    ]
    out = tmp_path / "a.xlsx"
    da_allocations(out, demo_produced(), rows)
    back, problems, _ = parse_file("allocations", out)
    assert problems == []
    assert [(r.year_from, r.year_to, r.amount) for r in back] == [
        (r.year_from, r.year_to, r.amount) for r in rows
    ]


def test_income_items_import_back(tmp_path: Path) -> None:
    out = tmp_path / "i.xlsx"
    pmt_income(out, demo_produced(), _income(), year=2025)
    rows, problems, _ = parse_file("income", out, ImportOptions(sheet="Income items"))
    assert problems == []
    assert len(rows) == 38
    assert sum(r.amount for r in rows) == Decimal("51871.00")
