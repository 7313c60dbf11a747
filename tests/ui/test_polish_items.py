"""The issue's polish list, each on the real widgets: View menu titles with "&" shown as "&",
the wizard guessing an obvious GL extract and offering "Go to reconciliation" with no Cancel
once committed, whole-number chart ticks, dialog titles never cut (pytest-qt)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from tests.ui.shell_helpers import fill, make_ctx
from ui.controllers.import_guess import guess_kind
from ui.qt.dialogs.import_wizard import ImportWizard
from ui.qt.dialogs.reason import ReasonDialog
from ui.qt.main_window import MainWindow
from ui.qt.widgets.dialog_titles import install, title_width
from ui.qt.widgets.variance_charts import integer_ticks


def test_view_menu_shows_ampersands_not_mnemonics(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    win = MainWindow(make_ctx(ledger, tmp_path))
    qtbot.addWidget(win)
    acts = win.actions_by_name
    assert (
        acts["page:allocations"].text() == "Allocations && budgets"
    )  # shown "Allocations & budgets"
    assert acts["page:contributions"].text() == "Contributions && recharges"
    assert acts["page:allocations"].iconText().replace("&&", "&") == "Allocations & budgets"


@pytest.mark.parametrize(("name", "kind"), [
    ("gl-extract-2025-26-p01-p06.xlsx", "gl"),
    ("General Ledger P06.csv", "gl"),
    ("GL_export.xlsx", "gl"),
    ("invoices-2025-26-p01-p06.xlsx", "transactions"),
    ("da-duty-allocations.xlsx", "allocations"),
    ("da-spend-plan-years-1-3.xlsx", "budget-lines"),
    ("pmt-income-2025.xlsx", "income"),
    ("english language services.xlsx", None),
    ("book1.xlsx", None),
])  # fmt: skip
def test_guess_kind_from_the_file_name(name, kind) -> None:  # type: ignore[no-untyped-def]
    assert guess_kind(name) == kind


def test_the_wizard_guesses_a_gl_extract_until_the_user_chooses(qtbot, ledger, tmp_path, samples):  # type: ignore[no-untyped-def]
    wizard = ImportWizard(make_ctx(ledger, tmp_path), None, ["DA"])
    qtbot.addWidget(wizard)
    page = wizard.file_page
    assert page.kind.currentData() == "transactions"
    page.path.setText(str(samples / "gl-extract-2025-26-p01-p06.xlsx"))
    assert page.kind.currentData() == "gl"
    page.kind.setCurrentIndex(page.kind.findData("contracts"))
    page.kind.activated.emit(page.kind.currentIndex())  # the user's own choice
    page.path.setText(str(samples / "invoices-2025-26-p01-p06.xlsx"))
    assert page.kind.currentData() == "contracts"  # kept


def test_after_a_gl_import_the_last_page_offers_reconciliation_and_no_cancel(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path
):
    wizard = ImportWizard(make_ctx(ledger, tmp_path), None, ["DA"])
    qtbot.addWidget(wizard)
    wizard.outcome = SimpleNamespace(kind="gl", batch=4, summary=lambda: "Imported 100 lines")  # type: ignore[assignment]
    asked: list[tuple[str, int]] = []
    wizard.rows_requested.connect(lambda kind, batch: asked.append((kind, batch)))
    page = wizard.result_page
    page.initializePage()
    assert wizard.testOption(QWizard.WizardOption.NoCancelButton)
    assert not page.reconcile.isHidden() and page.show_rows.isHidden()
    page.reconcile.click()
    assert asked == [("gl", 4)]


def test_transactions_keep_show_rows(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    wizard = ImportWizard(make_ctx(ledger, tmp_path), None, ["DA"])
    qtbot.addWidget(wizard)
    wizard.outcome = SimpleNamespace(kind="transactions", batch=5, summary=lambda: "")  # type: ignore[assignment]
    wizard.result_page.initializePage()
    assert wizard.result_page.reconcile.isHidden() and not wizard.result_page.show_rows.isHidden()


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (0, 2, (0.0, 2.0, 3)),  # was 0, 0.5, 1, 1.5, 2 read as 0, 1, 1, 2
    (0, 1.6, (0.0, 2.0, 3)),
    (0, 97.05, (0.0, 100.0, 6)),
    (-3, 14, (-5.0, 15.0, 5)),
    (0, 0.4, (0.0, 1.0, 2)),
])  # fmt: skip
def test_chart_axes_tick_at_whole_numbers(lo, hi, expected) -> None:  # type: ignore[no-untyped-def]
    low, high, count = integer_ticks(lo, hi)
    assert (low, high, count) == expected
    step = (high - low) / (count - 1)
    assert step == int(step) and count <= 8


def test_a_dialog_is_as_wide_as_its_title(qtbot) -> None:  # type: ignore[no-untyped-def]
    install(QApplication.instance())  # type: ignore[arg-type]
    dialog = ReasonDialog(
        None, "Reverse transaction #1234 (a new row for the opposite amount)", "Why?"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() >= title_width(dialog) > 300


def test_variance_line_names_are_not_cut_while_commentary_has_room(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont, QFontMetrics

    from db.schema import BudgetLine
    from db.writes import insert
    from tests.ui.shell_helpers import FIONA, m
    from ui.qt.models.variance import Col
    from ui.qt.pages.variance import VariancePage

    ids = fill(ledger)
    name = "Independent domestic violence advisers and outreach — Charnwood, Melton and Rutland"
    with ledger.write() as s:
        insert(s, FIONA, BudgetLine(stream_id=ids["da"], year=2025, name=name,
                                    original=m("1000.00")))  # fmt: skip
    page = VariancePage(make_ctx(ledger, tmp_path))
    qtbot.addWidget(page)
    page.resize(1900, 700)
    page.show()
    page.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    bold = QFont(page.tree.font())
    bold.setBold(True)
    assert page.tree.columnWidth(Col.NAME) >= QFontMetrics(bold).horizontalAdvance(name)
    assert page.tree.columnWidth(Col.COMMENT) >= 300  # commentary keeps its room
