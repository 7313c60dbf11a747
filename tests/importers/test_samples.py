"""Every sample workbook parses to the figures in expected.json, to the penny.

Each test runs on the repository's workbooks (tests/data/samples) and on the project's shared
originals (../shared/samples: skipped when absent, required in CI), each with its own
expected.json.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fundledger.years import FinancialYear
from importers.api import ImportOptions, parse_file
from importers.rows import (
    AllocationRow,
    BudgetLineRow,
    ContractRow,
    ContributionRow,
    GlRow,
    IncomeRow,
    TransactionRow,
)
from tests.conftest import SAMPLES, shared_folder

NAMES = (
    "yj-pooled-budget-2025-26.xlsx",
    "opcc-csp-allocations-2025-26.xlsx",
    "da-duty-allocations.xlsx",
    "da-spend-plan-years-1-3.xlsx",
    "invoices-2025-26-p01-p06.xlsx",
    "gl-extract-2025-26-p01-p06.xlsx",
    "pmt-income-2025.xlsx",
)
FY2025 = FinancialYear(2025)


@dataclass(frozen=True)
class Source:
    folder: Path
    expected: dict[str, Any]

    def parse(self, name: str, **kw: Any) -> tuple[list[Any], Any]:
        kind = self.expected[name]["kind"]
        rows, problems, info = parse_file(kind, self.folder / name, ImportOptions(**kw))
        assert [str(p) for p in problems] == []
        assert info is not None
        return rows, info

    @property
    def cc_stream(self) -> dict[str, str]:
        ccs = self.expected["invoices-2025-26-p01-p06.xlsx"]["cost_centres"]
        return {cc: s for s, cc in ccs.items()}


@pytest.fixture(params=["repository", "shared"])
def src(request: pytest.FixtureRequest) -> Source:
    folder = SAMPLES if request.param == "repository" else shared_folder("samples")
    return Source(folder, json.loads((folder / "expected.json").read_text()))


def _d(s: str) -> Decimal:
    return Decimal(s)


def test_yj_pooled_budget(src: Source) -> None:
    exp = src.expected["yj-pooled-budget-2025-26.xlsx"]
    rows, info = src.parse("yj-pooled-budget-2025-26.xlsx", year=FY2025)
    assert all(isinstance(r, ContributionRow) for r in rows)
    got = [{"partner": r.partner, "heading": r.heading, "amount": f"{r.amount:.2f}"} for r in rows]
    assert got == exp["records"]
    assert list(info.no_value_labels) == exp["partners_with_no_contribution"]
    assert sum(r.amount for r in rows) == _d(exp["total"])
    by_heading: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for r in rows:
        by_heading[r.heading] += r.amount
    for heading, amount in exp["by_heading"].items():
        assert by_heading[heading] == _d(amount)
    assert [t.ref for t in info.totals] == [exp["totals_row"]]
    assert info.totals[0].matches
    assert info.totals[0].figures[-1] == ("Total", _d("2112649.00"), _d("2112649.00"))
    assert info.year == FY2025
    assert rows[2].cell == "B8"


def test_opcc_budget_lines(src: Source) -> None:
    exp = src.expected["opcc-csp-allocations-2025-26.xlsx"]
    rows, info = src.parse("opcc-csp-allocations-2025-26.xlsx")
    assert all(isinstance(r, BudgetLineRow) for r in rows)
    assert info.as_at.isoformat() == exp["as_at"]
    assert info.year == FY2025
    assert info.blank_rows == 1
    assert [r.name for r in rows] == list(exp["lines"])
    for r in rows:
        line = exp["lines"][r.name]
        assert r.budget == _d(line["budget"])
        assert (r.spend or Decimal("0.00")) == _d(line["actual"])
        assert r.budget - (r.spend or 0) == _d(line["available"])
        assert r.reported_nil is line["reported_nil"]
    assert sum(r.budget for r in rows) == _d(exp["budget_total"])
    assert sum(r.spend or 0 for r in rows) == _d(exp["actual_total"])
    nil = [r for r in rows if r.reported_nil]
    assert [(r.name, r.spend, r.spend_text) for r in nil] == [
        ("Harborough", _d("0.00"), "Nil"),
        ("Oadby and Wigston", _d("0.00"), "Nil"),
    ]


def test_da_allocations(src: Source) -> None:
    exp = src.expected["da-duty-allocations.xlsx"]
    rows, _ = src.parse("da-duty-allocations.xlsx")
    assert all(isinstance(r, AllocationRow) for r in rows)
    got = [([y.code for y in r.years], f"{r.amount:.2f}") for r in rows]
    assert got == [(a["years"], a["amount"]) for a in exp["allocations"]]
    ranged = rows[-1]
    assert (ranged.year_from, ranged.year_to) == (FinancialYear(2025), FinancialYear(2026))
    assert ranged.amount_text == "£ 1,463,965"
    assert ranged.label == "DA duty 2025 – 2026/ 2026-2027 allocation"
    assert sum(r.amount for r in rows) == _d(exp["total"])


def test_da_spend_plan(src: Source) -> None:
    exp = src.expected["da-spend-plan-years-1-3.xlsx"]
    rows, _ = src.parse("da-spend-plan-years-1-3.xlsx")
    assert all(isinstance(r, ContractRow) for r in rows)
    assert len(rows) == exp["lines"]
    assert sum(r.value or 0 for r in rows) == _d(exp["total_value"])
    with_ext = [r for r in rows if r.term is not None and r.term.extensions]
    assert len(with_ext) == exp["with_extension_option"]
    assert sum(r.value or 0 for r in with_ext) == _d(exp["extension_option_value"])
    by_provider: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for r in rows:
        by_provider[r.provider_text] += r.value or 0
    assert {k: f"{v:.2f}" for k, v in by_provider.items()} == exp["by_provider_text"]
    legal = rows[-1]
    assert (legal.value, legal.value_text, legal.term_text) == (_d("100000.00"), "£100k", "2 years")
    assert legal.term is not None and legal.term.base_months == 24
    # Identical amounts on different lines stay different lines.
    assert [r.row for r in rows if r.value == _d("76544.00")] == [10, 11]


def _by_stream(src: Source, rows: list[Any]) -> dict[str, str]:
    out: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for r in rows:
        out[src.cc_stream[r.cost_centre]] += r.amount
    return {k: f"{v:.2f}" for k, v in out.items()}


def test_invoices_transactions(src: Source) -> None:
    exp = src.expected["invoices-2025-26-p01-p06.xlsx"]
    rows, info = src.parse("invoices-2025-26-p01-p06.xlsx", year=FY2025)
    assert all(isinstance(r, TransactionRow) for r in rows)
    assert len(rows) == exp["rows"]
    assert sum(r.amount for r in rows) == _d(exp["total"])
    assert _by_stream(src, rows) == exp["by_stream"]
    assert all(r.year == FY2025 for r in rows)
    assert info.header_row == 1 and info.totals == ()
    assert any(r.amount < 0 for r in rows)  # credit notes


def test_gl_extract(src: Source) -> None:
    exp = src.expected["gl-extract-2025-26-p01-p06.xlsx"]
    rows, info = src.parse("gl-extract-2025-26-p01-p06.xlsx")
    assert all(isinstance(r, GlRow) for r in rows)
    assert len(rows) == exp["rows"]
    assert sum(r.amount for r in rows) == _d(exp["total"])
    assert _by_stream(src, rows) == exp["by_stream"]
    assert [t.ref for t in info.totals] == [exp["totals_row"]]
    total = info.totals[0]
    assert (total.label, total.matches) == ("Grand Total", True)
    assert total.figures == (("Amount", _d("476145.47"), _d("476145.47")),)
    assert info.header_row == 4
    journal = next(r for r in rows if r.reference == "JNL-25-0412")
    assert (journal.supplier, journal.amount, journal.period) == (None, _d("-5208.33"), 1)
    late = next(r for r in rows if r.row == 99)
    assert (late.period_text, late.year, late.period) == ("2025/26 P07", FY2025, 7)
    assert {m.field: m.confidence for m in info.mapping}["date"] == 100


def test_pmt_income(src: Source) -> None:
    exp = src.expected["pmt-income-2025.xlsx"]
    rows, _ = src.parse("pmt-income-2025.xlsx")
    assert all(isinstance(r, IncomeRow) for r in rows)
    assert len(rows) == exp["rows"]
    assert sum(r.amount for r in rows) == _d(exp["total"])
    by_cat: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for r in rows:
        by_cat[r.category] += r.amount
    assert {k: f"{v:.2f}" for k, v in by_cat.items()} == exp["by_category"]
    raised = sum(r.amount for r in rows if r.status == "raised")
    assert raised == _d(exp["raised_not_received"])
    assert rows[0].year == FinancialYear(2024) and rows[0].period == 11


def test_expected_names_every_workbook(src: Source) -> None:
    assert sorted(k for k in src.expected if k.endswith(".xlsx")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_has_no_problems(src: Source, name: str) -> None:
    src.parse(name)
