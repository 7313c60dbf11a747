"""Keyboard: dates typed as people write them, completion that covers nothing, Tab out of tables."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.dialogs.contract import ContractDialog
from ui.qt.dialogs.form import date_of
from ui.qt.dialogs.transaction import TransactionDialog
from ui.qt.pages.transactions import TransactionsPage
from ui.qt.widgets.date_field import DateField


def shown(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show ``widget`` as the active window, so focus and Tab behave as on a desktop."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5_000)


def type_into(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into the field, select what is there, type ``text`` and Tab out (as a person)."""
    field.setFocus()
    assert QApplication.focusWidget() is field
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def field_in_window(qtbot, value: date | None, optional: bool = False) -> DateField:  # type: ignore[no-untyped-def]
    """A date field with a line edit after it (somewhere for Tab to go), shown."""
    box = QWidget()
    qtbot.addWidget(box)
    field = DateField(value, box, optional=optional)
    after = QLineEdit(box)
    after.move(0, 40)
    shown(qtbot, box)
    field.box = box  # type: ignore[attr-defined]  # kept alive as long as the field
    return field


@pytest.mark.parametrize(
    "typed", ["15/09/2025", "15.9.25", "15 Sep 2025", "15 September 2025", "2025-09-15"]
)
def test_a_date_typed_in_a_uk_form_is_read_and_shown_back(qtbot, typed):  # type: ignore[no-untyped-def]
    box = QWidget()
    qtbot.addWidget(box)
    field = DateField(date(2025, 4, 1), box)
    after = QLineEdit(box)
    shown(qtbot, box)
    changed: list[QDate] = []
    field.dateChanged.connect(changed.append)
    type_into(qtbot, field, typed)
    assert field.date() == QDate(2025, 9, 15)
    assert field.text() == "15/09/2025"
    assert field.problem() is None and field.property("invalid") is False
    assert changed == [QDate(2025, 9, 15)]
    assert QApplication.focusWidget() is after


def test_text_that_is_no_date_is_marked_with_the_reason_and_keeps_the_last_date(qtbot):  # type: ignore[no-untyped-def]
    field = field_in_window(qtbot, date(2025, 4, 1))
    type_into(qtbot, field, "31/02/2025")
    assert field.text() == "31/02/2025"  # left as typed, to be corrected
    assert field.problem() == "'31/02/2025' is no such date (read as day/month/year)"
    assert field.property("invalid") is True
    assert field.toolTip() == "Not a date: '31/02/2025' is no such date (read as day/month/year)"
    assert field.date() == QDate(2025, 4, 1)
    type_into(qtbot, field, "28 Feb 25")
    assert (field.text(), field.problem()) == ("28/02/2025", None)


def test_arrow_keys_step_a_date_by_day_and_page_keys_by_month(qtbot):  # type: ignore[no-untyped-def]
    field = field_in_window(qtbot, date(2025, 1, 31))
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "01/02/2025"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_PageUp)
    assert field.text() == "28/02/2025"  # 31 January plus a month


def test_an_optional_date_may_be_left_blank(qtbot):  # type: ignore[no-untyped-def]
    field = field_in_window(qtbot, None, optional=True)
    assert (field.text(), field.date_or_none(), field.placeholderText()) == ("", None, "not set")
    type_into(qtbot, field, "1.4.26")
    assert field.date_or_none() == date(2026, 4, 1)
    type_into(qtbot, field, "")
    assert field.date_or_none() is None and field.problem() is None


def test_the_transaction_form_takes_a_typed_date_and_charges_its_period(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    dialog = TransactionDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert ctx.wait_idle(10)
    type_into(qtbot, dialog.date, "15 Sep 2025")
    assert date_of(dialog.date) == date(2025, 9, 15)
    assert (dialog.year.currentData(), dialog.period.currentData()) == (2025, 6)
    assert QApplication.focusWidget() is dialog.year  # Tab went on to the next field
    type_into(qtbot, dialog.date, "15/13/2025")
    dialog.amount.setText("10.00")
    dialog.save()
    assert dialog.error.text() == "• Date: '15/13/2025' is no such date (read as day/month/year)"
    assert dialog.result() != dialog.DialogCode.Accepted


def test_the_contract_form_reads_typed_optional_dates(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    dialog = ContractDialog(ctx, None, None, "DA")
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert ctx.wait_idle(10)
    start = dialog.contract_start
    assert isinstance(start, DateField)
    assert start.text() == ""
    type_into(qtbot, start, "1 Apr 2025")
    assert start.date_or_none() == date(2025, 4, 1)


def test_counterparty_completes_in_the_field_and_tab_goes_on_to_reference(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    dialog = TransactionDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert ctx.wait_idle(10)
    names = dialog.counterparty.completer().model()
    assert names.rowCount() > 0
    first = names.index(0, 0).data()
    dialog.counterparty.setFocus()
    qtbot.keyClicks(dialog.counterparty, first[:3].lower())
    assert dialog.counterparty.text().casefold() == first.casefold()  # completed inline
    assert dialog.counterparty.selectedText() == first[3:]  # the rest, to type over
    assert QApplication.activePopupWidget() is None  # no list over Reference
    qtbot.keyClick(dialog.counterparty, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reference
    assert dialog.counterparty.text() == first  # in the organisation's own spelling


def test_tab_leaves_a_register_table_and_arrows_move_inside_it(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = TransactionsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page)
    model = page.view.model
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.set_scope("DA", 2025)
    table = page.view.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert table.currentIndex().row() == 1
