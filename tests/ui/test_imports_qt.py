"""The imports page and the Import… wizard (pytest-qt): driving the wizard on a sample
workbook end to end, the preview marking rows, cancel before commit, undo from the page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import func, select

from db.ledger import Actor, Ledger
from db.schema import ImportBatch, ImportProfile, Transaction
from ui.qt.context import AppContext
from ui.usecases.imports import import_file

FIONA = Actor("fiona", "finance")
INVOICES = "invoices-2025-26-p01-p06.xlsx"


@pytest.fixture
def ctx(ledger: Ledger, tmp_path: Path, qtbot: Any) -> Any:
    ledger.actor = FIONA
    c = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.wait_idle()


def _count(ledger: Ledger, model: Any) -> int:
    with ledger.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _wizard_to_preview(ctx: AppContext, qtbot: Any, path: Path, kind: str, **opts: Any) -> Any:
    from ui.qt.dialogs.import_wizard import ImportWizard

    wiz = ImportWizard(ctx, None, ["DA", "YJ", "OPCC", "PMT", "DHR"])
    qtbot.addWidget(wiz)
    wiz.show()
    fp = wiz.file_page
    fp.kind.setCurrentIndex(fp.kind.findData(kind))
    fp.path.setText(str(path))
    if "stream" in opts:
        fp.stream.setCurrentIndex(fp.stream.findData(opts["stream"]))
    fp.year.setText(opts.get("year", ""))
    assert fp.isComplete()
    return _through(wiz, qtbot)


def _through(wiz: Any, qtbot: Any) -> Any:
    """Sheet, mapping and preview, each read off the GUI thread: wait for each."""
    for page in (wiz.sheet_page, wiz.mapping_page, wiz.preview_page):
        wiz.next()
        assert wiz.currentPage() is page
        qtbot.waitUntil(lambda p=page: not p.busy.running, timeout=30_000)
    return wiz


def test_wizard_imports_the_invoices(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any, qtmodeltester: Any
) -> None:
    wiz = _wizard_to_preview(ctx, qtbot, samples / INVOICES, "transactions", year="2025-26")
    sheet = wiz.sheet_page
    assert [sheet.sheets.item(i).text() for i in range(sheet.sheets.count())] == ["Invoices"]
    cells = sheet.cells.model()
    assert cells.index(0, 0).data() == "Date" and cells.index(0, 5).data() == "Amount"
    qtmodeltester.check(cells)
    mapping = wiz.mapping_page.model
    qtmodeltester.check(mapping)
    assert mapping.mapping()["amount"] == "Amount"
    row = mapping.fields.index("amount")
    assert mapping.index(row, 2).data() == "100%"
    preview = wiz.preview_page
    qtmodeltester.check(preview.model)
    assert preview.model.rowCount() == 96
    assert {preview.model.index(i, 1).data() for i in range(96)} == {"New"}
    assert preview.model.index(0, 3).data() == "£3,189.33"
    assert preview.totals.text() == (
        "96 rows read: 96 new, 0 duplicate, 0 with errors. Will write 96 rows, total "
        "£400,472.19 (DA £227,096.13, OPCC £122,023.06, YJ £51,353.00)."
    )
    assert preview.isComplete()
    assert _count(ledger, Transaction) == 0  # nothing written before the commit
    wiz.next()  # → commit (off the GUI thread) → result
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.result_page, timeout=30_000)
    assert wiz.outcome is not None and wiz.outcome.batch == 1
    assert "imported 96" in wiz.result_page.summary.text()
    with ledger.read() as s:
        total = s.execute(select(func.sum(Transaction.amount))).scalar_one()
    assert total == Decimal("400472.19")
    requested: list[tuple[str, int]] = []
    wiz.rows_requested.connect(lambda k, b: requested.append((k, b)))
    qtbot.mouseClick(wiz.result_page.show_rows, Qt.MouseButton.LeftButton)
    assert requested == [("transactions", 1)]


def test_wizard_preview_marks_duplicates_and_errors(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any, tmp_path: Path
) -> None:
    import_file(ledger, "transactions", samples / INVOICES)
    wiz = _wizard_to_preview(ctx, qtbot, samples / INVOICES, "transactions")
    preview = wiz.preview_page
    statuses = {preview.model.index(i, 1).data() for i in range(preview.model.rowCount())}
    assert statuses == {"Duplicate"}
    assert "this file was already imported as batch 1" in preview.problems.text()
    assert not preview.isComplete()
    preview.only_errors.setChecked(True)
    assert preview.proxy.rowCount() == 0


def test_wizard_edited_mapping_and_saved_profile(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any
) -> None:
    wiz = _wizard_to_preview(ctx, qtbot, samples / INVOICES, "transactions")
    wiz.back()
    page = wiz.mapping_page
    row = page.model.fields.index("description")
    assert page.model.setData(page.model.index(row, 1), "(not mapped)")
    assert page.model.index(row, 2).data() == "set by you"
    wiz.save_profile("Council invoices", page.model.mapping())
    assert ctx.wait_idle()
    with ledger.read() as s:
        names = s.execute(select(ImportProfile.name)).scalars().all()
    assert names == ["Council invoices"]
    assert page.saved.text().startswith("Saved as profile 'Council invoices'")
    wiz.next()
    preview = wiz.preview_page
    qtbot.waitUntil(lambda: preview.checked is not None, timeout=30_000)
    assert preview.model.rowCount() == 96  # still parses; descriptions are simply not read
    assert preview.model.index(0, 4).data() == "INV-FRE-202504-0002 · FreeVa"
    with ledger.read() as s:
        saved = s.execute(select(ImportProfile.mapping)).scalar_one()
    assert '"positions": {"amount": 6, "cost_centre": 2, "date": 1' in saved


def test_imports_page_lists_batches_and_undoes(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any, qtmodeltester: Any
) -> None:
    from ui.qt.pages.imports import ImportsPage

    import_file(ledger, "transactions", samples / INVOICES)
    import_file(ledger, "allocations", samples / "da-duty-allocations.xlsx", stream="DA")
    page = ImportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.model)
    first = [page.proxy.index(0, c).data() for c in range(page.model.columnCount())]
    assert first[:7] == ["2", "Allocations", "da-duty-allocations.xlsx (DA duty)", "DA", "5",
                         "0", "£6,049,121.00"]  # fmt: skip
    assert first[9] == "Active"
    assert page.status_text() == "2 import batches · 2 active"
    page.select_batch(1)
    assert page.selected() is not None and page.undo_button.isEnabled()
    said: list[str] = []
    ctx.signals.notice.connect(lambda n: said.append(n.text))
    page.undo(1, "wrong extract")
    assert ctx.wait_idle()
    assert said == ["Undid import batch 1: 96 transactions reversed"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.model.row(1).status == "undone")
    with ledger.read() as s:
        assert s.get(ImportBatch, 1).status == "undone"  # type: ignore[union-attr]
        total = s.execute(select(func.sum(Transaction.amount))).scalar_one()
    assert total == Decimal("0.00")
    row = page.proxy.mapFromSource(page.model.index(1, 9)).row()
    assert page.proxy.index(row, 9).data() == "Undone"
    tip = page.proxy.index(row, 9).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("undone by fiona on ") and tip.endswith(": wrong extract")


def test_cancel_before_commit_writes_nothing(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any
) -> None:
    wiz = _wizard_to_preview(ctx, qtbot, samples / INVOICES, "transactions")
    results: list[Any] = []
    job = wiz.commit(lambda *_a: None, results.append, results.append)
    job.cancel()  # asked before the worker reaches its first chunk's check
    assert ctx.wait_idle()
    assert results == []
    assert (_count(ledger, Transaction), _count(ledger, ImportBatch)) == (0, 0)


def test_undo_says_where_closed_periods_reversals_go(
    ctx: AppContext, ledger: Ledger, samples: Path, qtbot: Any, monkeypatch: Any
) -> None:
    from db.ops.period_close import close_through
    from ui.qt.dialogs import reason as reason_mod
    from ui.qt.pages.imports import ImportsPage

    import_file(ledger, "transactions", samples / INVOICES)
    with ledger.write() as s:
        close_through(s, ledger.actor, year=2025, to=2, reason="May month end")
    page = ImportsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.select_batch(1)
    asked: list[str] = []

    def get(_parent: object, _title: str, text: str) -> str:
        asked.append(text)
        return "wrong extract"

    monkeypatch.setattr(reason_mod.ReasonDialog, "get", staticmethod(get))
    said: list[str] = []
    page.status_changed.connect(said.append)
    page.undo_selected()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    # one sentence for the open period they go to, a phrase per stream (14 paragraphs, one
    # per stream and period, ran off the dialog for a year's batch)
    assert asked[0].endswith(
        "\n\nRows of closed periods of 2025-26 are reversed in P03 June 2025, dated 01/06/2025: "
        "DA P01–P02 (20 rows, -£76,761.82); YJ P01–P02 (8 rows, -£17,171.00)."
    )
    assert "is closed: its" not in asked[0]
    assert said[-1].startswith("Batch 1 undone: 96 transactions reversed (")
    assert said[-1].endswith("of them in the open period: their own is closed)")
    with ledger.read() as s:
        periods = set(s.execute(select(Transaction.period).where(
            Transaction.kind == "reversal")).scalars())  # fmt: skip
    assert 1 not in periods and 2 not in periods and 3 in periods
