"""Entry forms: inline validation before saving, one audited write, the register updates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from db.audit import verify_chain
from db.ledger import Ledger
from db.ops.locks import close_period
from db.schema import AuditEntry, Transaction
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.qt.dialogs.form import date_edit
from ui.qt.dialogs.transaction import TransactionDialog
from ui.qt.pages.overview import OverviewPage
from ui.qt.pages.transactions import TransactionsPage


def count(ledger: Ledger, cls: type[Any]) -> int:
    with ledger.read() as s:
        return int(s.execute(select(func.count()).select_from(cls)).scalar_one())


def da_actual(overview: OverviewPage) -> Decimal | None:
    cards = [c for c in overview.model.cards if c.row.stream == "DA"]
    return cards[0].row.figures.actual if cards else None


def set_date(dialog: TransactionDialog, d: date) -> None:
    dialog.date.setDate(date_edit(d).date())


def test_adding_a_transaction_shows_it_in_the_register_and_changes_totals(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = TransactionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    model = page.view.model
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.set_scope("DA", 2025)
    assert page.view.totals_text() == "3 rows · Amount: £4,000.50"
    overview = OverviewPage(ctx)  # open beside the register: the app-wide signal refreshes it
    qtbot.addWidget(overview)
    overview.show()
    overview.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: da_actual(overview) == Decimal("4000.50"), timeout=20_000)

    dialog = TransactionDialog(ctx, page, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert not dialog.body.isEnabled()  # "Loading…" until the pickers are read
    assert ctx.wait_idle(10)  # the pickers are read off the GUI thread
    assert dialog.body.isEnabled() and dialog.loading_note.text() == ""
    set_date(dialog, date(2025, 7, 15))
    assert dialog.year.currentData() == 2025 and dialog.period.currentData() == 4
    dialog.amount.setText("£1,234.50")
    dialog.counterparty.setText("Panahghar")
    dialog.reference.setText("INV-NEW")
    dialog.line.setCurrentIndex(dialog.line.findData(ids["line"]))
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        dialog.save()
    assert dialog.error.text() == ""
    assert dialog.result() == dialog.DialogCode.Accepted
    new_id = dialog.result_value
    assert page.view.totals_text() == "4 rows · Amount: £5,235.00"
    qtbot.waitUntil(lambda: da_actual(overview) == Decimal("5235.00"), timeout=20_000)
    card = overview.model.cards[0]
    assert str(card.row.figures.available) == str(Decimal("100000.00") - Decimal("5235.00"))
    keys = [c.key for c in model.columns]
    row = model.row_of(new_id)
    assert row is not None
    assert model.data(model.index(row, keys.index("amount"))) == "£1,234.50"
    assert model.data(model.index(row, keys.index("line"))) == "Refuge"
    with ledger.read() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert (entry.action, entry.table_name, entry.row_id, entry.user) == (
            "post_transaction",
            "transactions",
            str(new_id),
            "fiona",
        )
        assert verify_chain(s) == []


def test_a_bad_amount_is_refused_inline_and_nothing_is_written(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    before, audits = count(ledger, Transaction), count(ledger, AuditEntry)
    dialog = TransactionDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)  # the pickers are read off the GUI thread
    set_date(dialog, date(2025, 7, 15))
    dialog.amount.setText("12.345")
    dialog.save()
    assert dialog.error.text() == "• Amount “12.345”: more than two decimal places"
    assert dialog.amount.property("invalid") is True
    assert not dialog.saving and dialog.result() != dialog.DialogCode.Accepted
    dialog.amount.setText("")
    dialog.save()
    assert dialog.error.text() == "• Amount is required"
    ctx.wait_idle(5)
    assert (count(ledger, Transaction), count(ledger, AuditEntry)) == (before, audits)


def test_a_locked_period_refuses_an_edit(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=1, stream_id=ids["da"], reason="April closed")
    ctx = make_ctx(ledger, tmp_path)
    dialog = TransactionDialog(ctx, None, ids["t1"])  # dated 10/04/2025: P01, closed
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    assert dialog.amount.text() == "1,500.25"
    dialog.amount.setText("1,600.00")
    audits = count(ledger, AuditEntry)
    dialog.save()
    assert dialog.saving  # checked against the ledger off the GUI thread
    qtbot.waitUntil(lambda: not dialog.saving, timeout=10_000)
    text = dialog.error.text()
    assert text.startswith("• This transaction is in a closed period: 2025-26 P01 is closed for DA")
    assert "April closed" in text
    ctx.wait_idle(5)
    assert count(ledger, AuditEntry) == audits
    with ledger.read() as s:
        assert str(s.get(Transaction, ids["t1"]).amount) == "1500.25"


def test_an_edit_in_an_open_period_is_saved_with_its_reason(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    dialog = TransactionDialog(ctx, None, ids["t2"])
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)  # the pickers are read off the GUI thread
    dialog.description.setText("Refuge May (corrected)")
    dialog.reason.setText("typo")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        txn = s.get(Transaction, ids["t2"])
        assert (txn.description, txn.version) == ("Refuge May (corrected)", 2)
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert (entry.action, entry.reason) == ("edit_transaction", "typo")


def test_unknown_counterparty_is_a_warning_not_a_refusal(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    before = count(ledger, Transaction)
    dialog = TransactionDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    set_date(dialog, date(2025, 8, 1))
    dialog.amount.setText("10")
    dialog.counterparty.setText("Nobody Ltd")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    assert dialog.error.text() == ""
    assert dialog.warning.text() == "“Nobody Ltd” is not a known organisation; it is kept as typed."
    assert count(ledger, Transaction) == before + 1
    with ledger.read() as s:
        txn = s.get(Transaction, dialog.result_value)
        assert (txn.counterparty, txn.counterparty_org_id) == ("Nobody Ltd", None)
