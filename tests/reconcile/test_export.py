"""The reconciliation statement workbook: proof formulas with cached values, both unmatched
sides, matched items, sign-off lines (exports.reconciliation, through the use case)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from exports.data import Produced
from exports.reconciliation import Signoff, statement_data, write_statement
from fundledger.matching import auto_match
from fundledger.money import Money
from fundledger.reconcile import summarise
from tests.reconcile.recon_samples import ledger_items, statement_items

PRODUCED = Produced("test ledger", datetime(2026, 1, 5, tzinfo=UTC).date(), "fo",
                    datetime(2026, 1, 5, 9, 30, tzinfo=UTC))  # fmt: skip


def _write(tmp_path: Path, samples: Path) -> Path:
    led, st = ledger_items(samples), statement_items(samples)
    rec = summarise(led, st, auto_match(led, st))
    jnl = next(i for i in rec.statement_only if i.reference == "JNL-25-0951")
    data = statement_data(
        rec, led, st,
        explanations={("statement", jnl.id): ("recharge", "=Q1 staffing recharge")},
        signoffs=[Signoff("YJ", 2025, 1, Money(Decimal("0.00")), None, "fo",
                          datetime(2026, 1, 4, 16, 0, tzinfo=UTC))],
        year=2025,
    )  # fmt: skip
    return write_statement(data, tmp_path / "rec.xlsx", PRODUCED)


def test_proof_is_live_formulas_cached_with_the_ledger_figures(
    tmp_path: Path, samples: Path
) -> None:
    path = _write(tmp_path, samples)
    formulas = openpyxl.load_workbook(path)["Reconciliation"]
    cached = openpyxl.load_workbook(path, data_only=True)["Reconciliation"]
    assert (
        cached["A1"].value
        == "Reconciliation statement: ledger to general ledger — All streams 2025-26"
    )
    rows = {cached.cell(r, 1).value: r for r in range(1, 20)}
    r = rows["Difference: statement − ledger"]
    assert formulas.cell(r, 2).value == f"=B{r - 2}-B{r - 1}"
    figures = {
        "Statement (general ledger) total": 476145.47,
        "Ledger total": 400472.19,
        "Difference: statement − ledger": 75673.28,
        "Statement-only items": 94867.67,
        "Less ledger-only items": -19194.39,
        "Matched items: statement − ledger": 0,
        "Not accounted for (difference − items above)": 0,
    }
    assert {k: cached.cell(rows[k], 2).value for k in figures} == figures
    assert formulas.cell(rows["Statement (general ledger) total"], 2).value == (
        "=SUM('Matched'!L98,'Statement only'!G10)"
    )
    assert (
        cached.cell(rows["Difference: statement − ledger"], 2).number_format
        == "£#,##0.00;[Red]-£#,##0.00"
    )
    texts = [cached.cell(i, 1).value for i in range(1, cached.max_row + 1)]
    assert "YJ 2025-26 P01: signed off by fo on 04/01/2026 16:00 UTC; difference £0.00" in texts


def test_unmatched_and_matched_sheets(tmp_path: Path, samples: Path) -> None:
    path = _write(tmp_path, samples)
    book = openpyxl.load_workbook(path, data_only=True)
    so = book["Statement only"]
    assert so.freeze_panes == "A6"
    assert [c.value for c in so[5]] == [
        "Reference", "Date", "Period", "Stream", "Supplier", "Description", "Amount",
        "Category", "Explanation",
    ]  # fmt: skip
    assert [so.cell(r, 1).value for r in range(6, 10)] == [
        "JNL-25-0412", "INV-TUR-202504-0012", "JNL-25-0951", "JNL-25-1102",
    ]  # fmt: skip
    assert so["H7"].value == "duplicate payment"
    assert (so["H8"].value, so["I8"].value) == (
        "recharge",
        "=Q1 staffing recharge",
    )  # text, not a formula
    assert (so["A10"].value, so["G10"].value) == ("Total", 94867.67)
    assert openpyxl.load_workbook(path)["Statement only"]["G10"].value == "=SUM(G6:G9)"
    lo = book["Ledger only"]
    assert [lo.cell(r, 1).value for r in range(6, 10)] == [
        "INV-THE-202505-0025", "CLM-HIN-2025Q1-0045", "INV-EVE-202508-0075", "INV-THE-202509-0086",
    ]  # fmt: skip
    assert lo["H6"].value == "timing" and lo["G10"].value == 19194.39
    m = book["Matched"]
    assert m.max_row == 98 and m["A98"].value == "Total"
    assert (m["I98"].value, m["L98"].value) == (381277.80, 381277.80)
