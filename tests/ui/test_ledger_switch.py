"""Switching ledger clears every page at once and covers it, labelled, with its actions off
until the new ledger's data is in: the old figures are gone before the new arrive (pytest-qt)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QWidget

from tests.ledgers import copy_sqlite
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.qt.main_window import MainWindow
from ui.qt.models.reconciliation import ReconItemsModel, ReconRow
from ui.qt.widgets.loading_cover import clear_models
from ui.usecases.init import init_ledger


def test_switching_ledger_empties_every_page_before_the_new_data(  # type: ignore[no-untyped-def]
    qtbot, ledger, ledger_template, tmp_path
):
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    ctx.settings.setValue("scope/year", "2025")
    ctx.settings.setValue("scope/stream", "DA")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "overview"
    win.side.select_page("overview", silent=True)
    win.show()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    overview = win.pages["overview"]
    assert overview.model.rowCount() > 0  # type: ignore[attr-defined]
    win.show_page("transactions")
    for _ in range(3):
        assert ctx.wait_idle(10)
    page = win.pages["transactions"]
    view = page.view  # type: ignore[attr-defined]
    assert view.model.rowCount() == 3 and view.totals_text() == "3 rows · Amount: £4,000.50"
    assert not page.covered and page.isEnabled()  # type: ignore[attr-defined]

    second = init_ledger(str(copy_sqlite(ledger_template, tmp_path / "second.sqlite")))
    second.actor = FIONA
    ctx.set_ledger(second)  # no event processed yet: nothing of the new ledger has arrived
    assert view.model.rowCount() == 0 and view.model.totals is None  # old rows gone at once
    assert overview.model.rowCount() == 0  # type: ignore[attr-defined]  # hidden pages too
    assert page.covered and page.cover.isVisible()  # type: ignore[attr-defined]
    assert page.cover.text() == "Loading second.sqlite…"  # type: ignore[attr-defined]
    assert not page.isEnabled() and not page.new_button.isEnabled()  # type: ignore[attr-defined]
    new = win.actions_by_name["new"]
    assert not new.isEnabled() and new.toolTip().startswith("The ledger is still opening")

    for _ in range(3):
        assert ctx.wait_idle(10)
    assert not page.covered and not page.cover.isVisible()  # type: ignore[attr-defined]
    assert page.isEnabled() and page.new_button.isEnabled()  # type: ignore[attr-defined]
    assert view.model.rowCount() == 0  # the second ledger has no transactions
    assert new.isEnabled()
    win.show_page("overview")  # shown again: covered until its own read is in
    assert ctx.wait_idle(10)
    assert not overview.covered  # type: ignore[attr-defined]


def test_reconciliation_ticks_are_cleared_with_the_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    from fundledger.money import Money
    from fundledger.reconcile import LedgerItem

    holder = QWidget()
    qtbot.addWidget(holder)
    model = ReconItemsModel("ledger", holder)
    item = LedgerItem(7, "DA", date(2025, 5, 1), Money(Decimal("10.00")))
    model.set_rows([ReconRow(item, None, hint="timing")])
    model.ticked.add(7)
    clear_models(holder)
    assert model.rows == [] and model.ticked == set()


def test_the_reconciliation_page_forgets_its_proof_and_hints(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.pages.reconciliation import ReconciliationPage

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = ReconciliationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=10_000)
    assert page.proof_label.text() != ""
    page.suggest_label.setText("INV-T1 may match GL line 7")
    page.ledger_model.ticked.add(page.ledger_model.rows[0].item.id)
    ctx.signals.ledger_opened.emit()  # another ledger
    assert page.view_data is None and page.proof_label.text() == ""
    assert page.suggest_label.text() == "" and page.ledger_model.ticked == set()
    assert page.covered and not page.auto_button.isEnabled()
    assert ctx.wait_idle(10)
