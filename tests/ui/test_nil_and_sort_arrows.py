"""Amounts reported as "Nil" show "Nil" (copy as 0); header sort arrows follow the data order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from db.ledger import Ledger
from db.ops.transactions import TransactionInput, add_transaction
from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterQuery, page, rows_by_id
from fundledger.money import NIL, ReportedNil, format_gbp
from tests.db.lifecycle_helpers import sid
from tests.ui.shell_helpers import FIONA, fill, m, make_ctx
from ui.qt.app import style_sheet
from ui.qt.models.cells import NIL_TIP, copy_text, display
from ui.qt.models.register import COPY_ROLE, SORT_ROLE
from ui.qt.widgets.register_view import RegisterView


def _add_nil(ledger: Ledger, line_id: int) -> int:
    """Harborough's 2025-26 spend, reported as "Nil" (amount 0, reported_nil)."""
    with ledger.write() as s:
        return add_transaction(
            s,
            FIONA,
            TransactionInput(
                stream_id=sid(ledger, "DA"),
                txn_date=date(2025, 7, 1),
                amount=m("0.00"),
                budget_line_id=line_id,
                counterparty="Harborough",
                description="Expenditure to date (Nil)",
                reported_nil=True,
            ),
        )


def _add_zero(ledger: Ledger, line_id: int) -> int:
    """A genuine £0.00 (not reported as Nil)."""
    with ledger.write() as s:
        return add_transaction(
            s,
            FIONA,
            TransactionInput(
                stream_id=sid(ledger, "DA"),
                txn_date=date(2025, 7, 2),
                amount=m("0.00"),
                budget_line_id=line_id,
                counterparty="Blaby",
            ),
        )


def test_format_gbp_shows_nil_for_a_reported_nil_only() -> None:
    assert format_gbp(NIL) == "Nil"
    assert format_gbp(Decimal("0.00")) == "£0.00"
    assert isinstance(NIL, ReportedNil) and NIL == 0
    assert NIL + Decimal("12.50") == Decimal("12.50")
    assert display("money", NIL) == "Nil"
    assert copy_text("money", NIL) == "0.00"  # a number Excel can sum


def test_register_rows_carry_reported_nil(ledger) -> None:  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    nil_id, zero_id = _add_nil(ledger, ids["line"]), _add_zero(ledger, ids["line"])
    amount = TRANSACTIONS.keys.index("amount")
    with ledger.read() as s:
        rows, _ = page(s, TRANSACTIONS, RegisterQuery(year=2025), 0, 10)
        by_id = rows_by_id(s, TRANSACTIONS, [nil_id, zero_id, ids["t1"]])
    shown = {r.id: r.values[amount] for r in rows}
    assert isinstance(shown[nil_id], ReportedNil)
    assert not isinstance(shown[zero_id], ReportedNil) and shown[zero_id] == Decimal("0.00")
    assert not isinstance(shown[ids["t1"]], ReportedNil) and shown[ids["t1"]] == m("1500.25")
    assert isinstance(by_id[nil_id].values[amount], ReportedNil)
    assert not isinstance(by_id[zero_id].values[amount], ReportedNil)


def test_transactions_register_shows_nil_and_copies_zero(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    nil_id, zero_id = _add_nil(ledger, ids["line"]), _add_zero(ledger, ids["line"])
    view = RegisterView(make_ctx(ledger, tmp_path), TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    model = view.model
    amount = TRANSACTIONS.keys.index("amount")
    nil_row, zero_row = model.row_of(nil_id), model.row_of(zero_id)
    assert nil_row is not None and zero_row is not None
    nil_cell, zero_cell = model.index(nil_row, amount), model.index(zero_row, amount)
    assert model.data(nil_cell) == "Nil"
    assert model.data(nil_cell, Qt.ItemDataRole.ToolTipRole) == NIL_TIP
    assert model.data(nil_cell, COPY_ROLE) == "0.00"
    assert model.data(nil_cell, SORT_ROLE) == 0
    assert model.data(zero_cell) == "£0.00"
    assert model.data(zero_cell, Qt.ItemDataRole.ToolTipRole) == "£0.00"
    copied: list[str] = []

    def select_and_copy() -> bool:
        # a late reload resets the model (and the selection, and maybe the row's place): wait
        # for the loaded rows, then select the nil row where it now is
        row = model.row_of(nil_id)
        if model.loading or row is None:
            return False
        # the selection model directly: selectRow follows the keyboard modifiers Qt last saw,
        # and an earlier test's Shift+Tab leaves "Shift held" (a range from a stale anchor)
        flags = QItemSelectionModel.SelectionFlag
        view.table.selectionModel().select(model.index(row, 0), flags.ClearAndSelect | flags.Rows)
        copied[:] = [view.table.copy_selection()]
        return bool(copied[0])

    try:
        qtbot.waitUntil(select_and_copy, timeout=10_000)
    except Exception as exc:  # say what the view held, not only that time ran out
        state = (model.rowCount(), model.loading, model.row_of(nil_id), view.table.isEnabled(),
                 len(view.table.selectionModel().selectedIndexes()))  # fmt: skip
        raise AssertionError(
            f"nothing copied; rows, loading, nil row, enabled, selected: {state}"
        ) from exc
    text = copied[0]
    assert text.split("\t")[amount] == "0.00"
    assert QApplication.clipboard().text() == text
    assert view.totals_text() == "5 rows · Amount: £4,000.50"


def _arrow_rows(header: QHeaderView, section: int) -> list[int]:
    """Dark-pixel counts per pixel row of the sort arrow (drawn above the label, top centre)."""
    image = header.grab().toImage()
    left = header.sectionViewportPosition(section)
    counts = []
    for y in range(7):
        dark = sum(
            1
            for x in range(left, left + header.sectionSize(section))
            if image.pixelColor(x, y).lightness() < 140
        )
        if dark:
            counts.append(dark)
    return counts


def test_sort_arrow_points_the_way_the_data_runs(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(style_sheet())  # the arrows come from the app's style sheet
    try:
        fill(ledger)
        view = RegisterView(make_ctx(ledger, tmp_path), TRANSACTIONS, "Transactions")
        qtbot.addWidget(view)
        view.resize(1200, 400)
        with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
            view.set_scope("DA", 2025)
        view.show()
        header = view.table.horizontalHeader()
        day = TRANSACTIONS.keys.index("date")
        # default: newest first, and the arrow says "descending" (▼: widest at the top)
        assert header.sortIndicatorSection() == day
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        first = view.model.data(view.model.index(0, day))
        last = view.model.data(view.model.index(2, day))
        assert (first, last) == ("03/06/2025", "10/04/2025")
        down = _arrow_rows(header, day)
        assert len(down) >= 3 and down[0] > down[-1], down
        with qtbot.waitSignal(view.model.loaded, timeout=10_000):
            view.table.sortByColumn(day, Qt.SortOrder.AscendingOrder)
        assert view.model.data(view.model.index(0, day)) == "10/04/2025"
        up = _arrow_rows(header, day)
        assert len(up) >= 3 and up[0] < up[-1], up  # ▲: widest at the bottom
    finally:
        app.setStyleSheet(before)


def test_variance_shows_nil_where_the_only_spend_was_reported_nil(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from tests.db.test_variance import AS_AT, opcc
    from tests.ui.test_variance_pages import OPCC_STREAM, cell, find, loaded
    from ui.qt.models.variance import Col
    from ui.qt.pages.variance import VariancePage
    from ui.usecases.variance import variance_report

    opcc(ledger)
    rows = {r.key: r for r in variance_report(ledger, year=2025, as_at=AS_AT).rows}
    assert isinstance(rows["Harborough"].figures.actual, ReportedNil)
    assert isinstance(rows["Oadby and Wigston"].figures.actual, ReportedNil)
    assert not isinstance(rows["Charnwood"].figures.actual, ReportedNil)
    assert rows["Harborough"].to_json()["actual"] == "0.00"  # JSON stays a number
    page = VariancePage(make_ctx(ledger, tmp_path))
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    m = page.model
    harborough = find(m, OPCC_STREAM, "2025-26", "Harborough")
    assert cell(m, harborough, Col.ACTUAL) == "Nil"
    assert cell(m, harborough, Col.ACTUAL, SORT_ROLE) == 0
    assert cell(m, harborough, Col.ACTUAL, Qt.ItemDataRole.ToolTipRole).endswith(
        "; reported as “Nil” (counts as £0.00)"
    )
    assert cell(m, harborough, Col.AVAILABLE) == "£37,479.75"
    charnwood = find(m, OPCC_STREAM, "2025-26", "Charnwood")
    assert cell(m, charnwood, Col.ACTUAL) == "£89,530.00"
    assert "Nil" not in cell(m, charnwood, Col.ACTUAL, Qt.ItemDataRole.ToolTipRole)


def test_an_empty_register_says_so(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    view = RegisterView(make_ctx(ledger, tmp_path), TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    assert view.table.empty_text() == ""  # three rows
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("OPCC", 2025)
    assert view.model.rowCount() == 0
    assert view.table.empty_text() == (
        "No rows match this view (stream, year, search and column filters)."
    )
    view.resize(800, 300)
    view.show()
    image = view.table.viewport().grab().toImage()  # the line is painted (grey text near the top)
    assert any(
        image.pixelColor(x, y).lightness() < 200
        for y in range(20, 45)
        for x in range(0, image.width(), 2)
    )


def test_toolbar_buttons_have_names_and_tips_and_pages_fit_1280(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolBar

    from ui.qt.main_window import MainWindow
    from ui.qt.pages import page_names

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    bar = win.findChild(QToolBar, "mainToolbar")
    assert bar is not None and bar.accessibleName() == "Main toolbar"
    names = {}
    for act in bar.actions():
        button = bar.widgetForAction(act)
        assert button is not None
        names[button.accessibleName()] = button.accessibleDescription()
    assert names == {
        "New record": "Add a record on this page (Ctrl+N)",
        "Refresh": "Reload this page from the ledger (F5)",
        "Find": "Search this page (Ctrl+F)",
        "Export": "Export the rows shown to Excel (Ctrl+E)",
        "Import": "Import a workbook (opens the import wizard) (Ctrl+I)",
    }
    win.resize(1280, 800)
    win.show()
    win.show_page("overview")
    assert ctx.wait_idle(10)
    pages = win.side.pages
    assert win.side.minimumWidth() >= pages.sizeHintForColumn(0)  # page names never cut
    room = 1280 - win.side.minimumWidth() - win.splitter.handleWidth()
    for name in page_names():
        win.show_page(name)
        assert ctx.wait_idle(20)
        widget = win.pages[name]
        assert widget.minimumSizeHint().width() <= room, name


def test_the_form_shows_nil_and_a_typed_amount_clears_it(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from db.schema import Transaction
    from ui.qt.dialogs.transaction import TransactionDialog

    ids = fill(ledger)
    nil_id = _add_nil(ledger, ids["line"])
    ctx = make_ctx(ledger, tmp_path)
    dialog = TransactionDialog(ctx, None, nil_id)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)  # the row is read off the GUI thread
    assert dialog.amount.text() == "Nil"
    dialog.description.setText("Expenditure to date (Nil, checked)")
    dialog.reason.setText("checked with the district")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        txn = s.get(Transaction, nil_id)
        assert (txn.amount, txn.reported_nil, txn.version) == (m("0.00"), True, 2)
    again = TransactionDialog(ctx, None, nil_id)
    qtbot.addWidget(again)
    assert ctx.wait_idle(10)
    again.amount.setText("1,250.00")
    again.reason.setText("late return: £1,250.00 spent")
    again.save()
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        txn = s.get(Transaction, nil_id)
        assert (txn.amount, txn.reported_nil) == (m("1250.00"), False)


def test_variance_rows_copy_as_numbers_with_nil_as_zero(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelectionModel

    from tests.db.test_variance import AS_AT, opcc
    from tests.ui.test_variance_pages import OPCC_STREAM, find, loaded
    from ui.qt.pages.variance import VariancePage

    opcc(ledger)
    page = VariancePage(make_ctx(ledger, tmp_path))
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    page.show()
    m = page.model
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in ("Charnwood", "Harborough"):
        page.tree.selectionModel().select(find(m, OPCC_STREAM, "2025-26", name), flags)
    text = page.copy_selection()
    assert QApplication.clipboard().text() == text
    lines = [line.split("\t") for line in text.splitlines()]
    assert lines[0][:6] == ["Stream / year / line", "Original", "Virements", "Revised",
                            "Committed", "Actual"]  # fmt: skip
    assert lines[1][:8] == ["Charnwood", "89530.24", "0.00", "89530.24", "0.00", "89530.00",
                            "0.24", "99.99"]  # fmt: skip
    assert lines[2][:8] == ["Harborough", "37479.75", "0.00", "37479.75", "0.00", "0.00",
                            "37479.75", "0.00"]  # fmt: skip
    assert lines[2][8] == "Amber"


def test_screenshot_size_and_scope_from_the_environment(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from tests.ledgers import add_ledger_user
    from ui.cli import main

    fill(ledger)
    add_ledger_user(ledger, "fiona")
    db = str(ledger.url).removeprefix("sqlite:///")
    monkeypatch.setenv("FUNDLEDGER_SCREENSHOT_SIZE", "1280x800")
    monkeypatch.setenv("FUNDLEDGER_SCREENSHOT_STREAM", "DA")
    monkeypatch.setenv("FUNDLEDGER_SCREENSHOT_YEAR", "2025")
    out = tmp_path / "transactions.png"
    args = ["--db", db, "--user", "fiona", "gui", "--page", "transactions", "--screenshot"]
    assert main([*args, str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_a_long_page_status_never_widens_the_window(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.main_window import MainWindow

    fill(ledger)
    win = MainWindow(make_ctx(ledger, tmp_path))
    qtbot.addWidget(win)
    text = " · ".join(f"£{n:,}.00 outstanding on heading {n}" for n in range(40))
    win.set_status(text)
    assert win.page_label.toolTip() == text
    assert win.minimumSizeHint().width() < 1280


def test_find_is_enabled_only_on_pages_with_a_search_box(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.main_window import MainWindow

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    find = win.actions_by_name["find"]
    for name, searchable in (("transactions", True), ("variance", False), ("audit", True)):
        win.show_page(name)
        assert ctx.wait_idle(20)
        assert find.isEnabled() is searchable, name
