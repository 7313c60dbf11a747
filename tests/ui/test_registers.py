"""The generic register model and view: SQL paging, sort, search, filters, totals, copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.queries.register_defs import BUDGET_LINES, TRANSACTIONS
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.models.register import COPY_ROLE, SORT_ROLE, RegisterModel
from ui.qt.models.rows import RowsModel
from ui.qt.widgets.register_view import RegisterView


def loaded(qtbot, model: RegisterModel, **query):  # type: ignore[no-untyped-def]
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        model.set_query(**query)
    return model


def column(model: RegisterModel, key: str) -> int:
    return [c.key for c in model.columns].index(key)


def test_transactions_model_passes_qtmodeltester(qtbot, qtmodeltester, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    model = loaded(qtbot, RegisterModel(make_ctx(ledger, tmp_path), TRANSACTIONS), year=2025)
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_budget_lines_model_passes_qtmodeltester(qtbot, qtmodeltester, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    model = loaded(qtbot, RegisterModel(make_ctx(ledger, tmp_path), BUDGET_LINES), stream="DA")
    qtmodeltester.check(model)
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    keys = [c.key for c in model.columns]
    assert row[keys.index("name")] == "Refuge"
    assert row[keys.index("original")] == "£100,000.00"
    assert row[keys.index("revised")] == "£100,000.00"


def test_rows_model_passes_qtmodeltester(qtmodeltester):  # type: ignore[no-untyped-def]
    model = RowsModel([("User", "text"), ("Active", "bool"), ("Year", "year")])
    model.set_rows([1, 2], [("fiona", True, 2025), ("vic", False, 2024)])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 2)) == "2024-25"
    assert model.data(model.index(1, 1)) == "No"


def test_display_sort_and_copy_roles(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    model = loaded(qtbot, RegisterModel(make_ctx(ledger, tmp_path), TRANSACTIONS), year=2025)
    amount, day = column(model, "amount"), column(model, "date")
    # newest first (default sort: date descending)
    assert [model.data(model.index(r, day)) for r in range(3)] == [
        "03/06/2025",
        "12/05/2025",
        "10/04/2025",
    ]
    first = model.index(0, amount)
    assert model.data(first) == "-£250.00"
    assert model.data(first, SORT_ROLE) == -25000
    assert model.data(first, COPY_ROLE) == "-250.00"
    align = Qt.AlignmentFlag(model.data(first, Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    assert model.totals is not None and model.totals.rows == 3
    assert str(model.totals.sum("amount")) == "4000.50"


def test_sort_search_and_filter_run_in_sql(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    model = RegisterModel(make_ctx(ledger, tmp_path), TRANSACTIONS)
    amount = column(model, "amount")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(amount, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, amount)) for r in range(3)] == [
        "£2,750.25",
        "£1,500.25",
        "-£250.00",
    ]
    loaded(qtbot, model, search="freeva")
    assert model.rowCount() == 2
    assert str(model.totals.sum("amount")) == "2500.25"  # type: ignore[union-attr]
    loaded(qtbot, model, search="", filters=(("amount", ">1,000"),))
    assert model.rowCount() == 2
    loaded(qtbot, model, filters=(("date", "01/05/2025..30/06/2025"),))
    assert model.rowCount() == 2
    loaded(qtbot, model, filters=(("amount", "lots"),))
    assert [(p.column, p.reason) for p in model.problems] == [("amount", "not a amount filter")]
    assert model.rowCount() == 3


def test_copy_puts_tab_separated_raw_numbers_on_clipboard(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    view = RegisterView(make_ctx(ledger, tmp_path), TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    table = view.table
    table.selectRow(1)
    table.selectionModel().select(
        view.model.index(2, 0),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
    )
    text = table.copy_selection()
    assert QApplication.clipboard().text() == text
    lines = text.splitlines()
    assert len(lines) == 2
    cells = lines[0].split("\t")
    keys = [c.key for c in TRANSACTIONS.columns]
    assert cells[keys.index("date")] == "12/05/2025"
    assert cells[keys.index("amount")] == "2750.25"
    assert cells[keys.index("year")] == "2025-26"
    assert cells[keys.index("period")] == "P02"
    assert cells[keys.index("counterparty")] == "FreeVa"
    assert lines[1].split("\t")[keys.index("amount")] == "1500.25"
    with_headers = table.copy_selection(headers=True).splitlines()
    assert with_headers[0].split("\t")[:3] == ["No.", "Date", "Year"]
    assert view.totals_text() == "3 rows · Amount: £4,000.50"


def test_paging_fetches_more_rows_on_demand(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import ui.qt.models.register as reg

    monkeypatch.setattr(reg, "PAGE", 2)
    fill(ledger)
    model = loaded(qtbot, RegisterModel(make_ctx(ledger, tmp_path), TRANSACTIONS))
    from PySide6.QtCore import QModelIndex

    assert model.rowCount() == 2 and model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.fetched, timeout=10_000):
        model.fetchMore(QModelIndex())
        assert not model.canFetchMore(QModelIndex())  # one page at a time
    assert model.rowCount() == 3 and not model.canFetchMore(QModelIndex())
    assert model.total_rows == 3


def test_column_widths_and_sort_are_remembered(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    view = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    amount = column(view.model, "amount")
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.table.sortByColumn(amount, Qt.SortOrder.AscendingOrder)
    view.table.setColumnWidth(amount, 222)
    view.save_state()
    again = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(again)
    assert again.table.columnWidth(amount) == 222
    assert (again.model.query.sort, again.model.query.descending) == ("amount", False)


def test_a_cancelled_load_stops_its_sqlite_query(ledger) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from ui.usecases.registers import watched

    class Stopped:
        cancelled = True

    slow = text(
        "with recursive c(x) as (select 1 union all select x + 1 from c where x < 50000000) "
        "select count(*) from c"
    )
    with pytest.raises(OperationalError, match="interrupted"), watched(ledger, Stopped()) as s:
        s.execute(slow)


def test_enter_on_a_row_activates_it(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    view = RegisterView(make_ctx(ledger, tmp_path), TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    view.table.setCurrentIndex(view.model.index(2, 0))
    with qtbot.waitSignal(view.activated, timeout=2_000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [ids["t1"]]


def test_text_columns_fit_the_first_page_until_the_user_sizes_them(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    """First use: short texts (counterparties, references) are widened to show in full, within
    the table's width; a user's saved widths are never refitted."""
    from datetime import date

    from db.ops.transactions import TransactionInput, add_transaction
    from tests.ui.shell_helpers import FIONA, m

    ids = fill(ledger)
    with ledger.write() as s:
        add_transaction(
            s,
            FIONA,
            TransactionInput(
                stream_id=ids["da"], txn_date=date(2025, 7, 1), amount=m("10.00"),
                budget_line_id=ids["line"], reference="INV-WOM-202504-0009",
            ),
        )  # fmt: skip
    ctx = make_ctx(ledger, tmp_path)
    view = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    view.resize(1400, 600)
    view.show()
    who = column(view.model, "reference")
    default = TRANSACTIONS.columns[who].width
    fm = view.table.fontMetrics()
    wanted = fm.horizontalAdvance("INV-WOM-202504-0009") + 16
    assert wanted > default  # the sample name does not fit the default width
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.set_scope("DA", 2025)
    assert view.table.columnWidth(who) >= wanted
    view.table.setColumnWidth(who, 90)
    view.save_state()
    again = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(again)
    again.resize(1400, 600)
    again.show()
    with qtbot.waitSignal(again.model.loaded, timeout=10_000):
        again.set_scope("DA", 2025)
    assert again.table.columnWidth(who) == 90
