"""The Transactions register's Uncoded view and "Code selected rows…" (issue 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import select

from db.ops.transactions import TransactionInput
from db.schema import AuditEntry, BudgetLine, Transaction
from db.writes import insert
from tests.db.lifecycle_helpers import sid
from tests.ui.shell_helpers import FIONA, fill, m, make_ctx
from ui.qt.dialogs.coding import CodeRowsDialog
from ui.qt.pages.transactions import TransactionsPage


def _uncoded(ledger) -> list[int]:  # type: ignore[no-untyped-def]
    from db.ops.transactions import add_transaction

    da = sid(ledger, "DA")
    with ledger.write() as s:
        insert(s, FIONA, BudgetLine(stream_id=da, year=2025, name="Outreach", original=m("5000")))
        return [
            add_transaction(s, FIONA, TransactionInput(
                stream_id=da, txn_date=date(2025, 7, d), amount=m(a), counterparty="Acme",
                reference=f"U-{d}"))
            for d, a in ((1, "100.00"), (2, "23.45"))
        ]  # fmt: skip


def test_uncoded_view_lists_rows_without_a_line_and_codes_them(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    new = _uncoded(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = TransactionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    model = page.view.model
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.set_scope("DA", 2025)
    assert page.view.totals_text() == "5 rows · Amount: £4,123.95"
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.uncoded_button.click()
    assert page.view.totals_text() == "2 rows · Amount: £123.45"
    # in words, not the filter syntax ("Budget line: =, Kind: !reversal")
    assert page.view.filters_label.text() == "Filters — Budget line: blank, Kind: not reversal"
    assert sorted(model.row_id(r) for r in range(model.rowCount())) == new
    assert not page.code_button.isEnabled()
    page.view.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
    for r in range(2):
        page.view.table.selectRow(r)
    assert page.code_button.isEnabled()

    dialog = CodeRowsDialog(ctx, page, page.view.selected_ids())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loading == 0, timeout=10_000)
    assert [dialog.line.itemText(i) for i in range(dialog.line.count())] == [
        "(leave the budget line)", "Outreach", "Refuge",
    ]  # fmt: skip
    dialog.save()
    assert dialog.error.text() == "• choose a budget line or a contract line"
    dialog.line.setCurrentIndex(dialog.line.findText("Outreach"))
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.result_value == 2
    assert page.view.totals_text() == "0 rows · Amount: £0.00"  # nothing left uncoded
    with ledger.read() as s:
        coded = s.execute(
            select(BudgetLine.name, Transaction.coded_by)
            .join(BudgetLine, BudgetLine.id == Transaction.budget_line_id)
            .where(Transaction.id.in_(new))
        ).all()
        actions = s.execute(
            select(AuditEntry.action).where(AuditEntry.table_name == "transactions")
            .order_by(AuditEntry.id.desc()).limit(2)
        ).scalars().all()  # fmt: skip
    assert [tuple(c) for c in coded] == [("Outreach", "by hand")] * 2
    assert actions == ["code_transaction"] * 2
    assert Decimal("123.45") == sum((Decimal("100.00"), Decimal("23.45")))


def test_rows_of_two_years_cannot_be_coded_together(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    from db.ops.transactions import add_transaction

    with ledger.write() as s:
        other = add_transaction(s, FIONA, TransactionInput(
            stream_id=ids["da"], txn_date=date(2024, 7, 1), amount=m("5.00")))  # fmt: skip
    dialog = CodeRowsDialog(ctx, None, [ids["t1"], other])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loading == 0, timeout=10_000)
    assert dialog.error.text() == "• choose rows of one stream and one year"
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_variance_no_budget_line_row_drills_into_the_uncoded_view(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    from PySide6.QtCore import QDate

    from tests.ui.test_variance_pages import find
    from ui.qt.pages.variance import VariancePage

    fill(ledger)
    _uncoded(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = VariancePage(ctx)
    qtbot.addWidget(page)
    page.as_at.setDate(QDate(2026, 3, 31))
    page.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.year == 2025,
                    timeout=20_000)  # fmt: skip
    stream = next(page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount()))
    row = find(page.model, stream, "2025-26", "(no budget line)")
    got: list[dict[str, str]] = []
    page.drill_requested.connect(got.append)
    monkeypatch.setattr(page, "_open_transactions", lambda _f: None)
    page.drill(row.siblingAtColumn(1))
    assert got == [{"stream": "=DA", "year": "2025-26", "line": "=", "kind": "!reversal",
                    "date": "<=31/03/2026"}]  # fmt: skip
    ctx.wait_idle()  # the page's chart loads finish before it is closed
