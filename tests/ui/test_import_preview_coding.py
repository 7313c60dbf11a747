"""The import wizard's preview: each row's line and what coded it, possible duplicates marked,
rows left out or coded by hand before committing (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.ledger import Ledger
from db.schema import BudgetLine, Transaction
from tests.ui.test_imports_qt import INVOICES, _wizard_to_preview, ctx  # noqa: F401
from ui.qt.context import AppContext
from ui.qt.dialogs.import_wizard import PreviewCol
from ui.usecases.demo import load_demo


def test_preview_rows_can_be_left_out_and_coded_before_committing(
    ctx: AppContext,  # noqa: F811
    ledger: Ledger,
    samples: Path,
    qtbot: Any,
    monkeypatch: Any,
) -> None:
    load_demo(ledger)
    wiz = _wizard_to_preview(ctx, qtbot, samples / INVOICES, "transactions", year="2025-26")
    page = wiz.preview_page
    rows = {page.model.rows[i].row: i for i in range(page.model.rowCount())}

    def cell(sheet_row: int, col: PreviewCol) -> Any:
        return page.model.index(rows[sheet_row], col).data()

    assert (
        cell(3, PreviewCol.LINE),
        cell(3, PreviewCol.CODED_BY),
        cell(3, PreviewCol.DUPLICATE),
    ) == (
        "Outreach worker x2 · contract DA-SP-11 Outreach worker x2",
        "contract #11 + suggestion 99%",
        "#81",
    )
    claim = next(r for r in page.model.rows if r.label.startswith("CLM-CHA-2025Q1"))
    assert (claim.line, claim.reason) == (None, "uncoded: no rule codes it")
    assert page.problems.text().startswith("Note: 39 rows may repeat a ledger row")

    page.view.selectRow(page.proxy.mapFromSource(page.model.index(rows[3], 0)).row())
    page.toggle_selected()  # checks the file again, off the GUI thread
    qtbot.waitUntil(lambda: page.checked is not None, timeout=30_000)
    assert cell(3, PreviewCol.STATUS) == "Skipped"
    assert page.totals.text().startswith("96 rows read: 95 new, 0 duplicate, 0 with errors.")

    with ledger.read() as s:
        charnwood = s.execute(
            select(BudgetLine.id).where(BudgetLine.name == "Charnwood", BudgetLine.year == 2025)
        ).scalar_one()
    monkeypatch.setattr("ui.qt.dialogs.import_coding.choose_line", lambda *a: a[-1](charnwood))
    page.view.clearSelection()
    page.view.selectRow(page.proxy.mapFromSource(page.model.index(rows[claim.row], 0)).row())
    page.code_selected()
    qtbot.waitUntil(lambda: page.checked is not None, timeout=30_000)
    assert (cell(claim.row, PreviewCol.LINE), cell(claim.row, PreviewCol.CODED_BY)) == (
        "Charnwood",
        "by hand",
    )
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.result_page, timeout=30_000)
    assert wiz.outcome is not None and wiz.outcome.imported == 95
    with ledger.read() as s:
        got = s.execute(
            select(Transaction.coded_by).where(Transaction.reference == "CLM-CHA-2025Q1-0043")
        ).scalar_one()
        left_out = s.execute(
            select(Transaction.id).where(Transaction.reference == "INV-LIV-202504-0003")
        ).first()
    assert (got, left_out) == ("by hand", None)
