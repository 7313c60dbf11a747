"""Allocation and budget-line forms, reversal with a reason, and the PostgreSQL connect dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from sqlalchemy import func, select

from db.ledger import Ledger
from db.schema import Allocation, AuditEntry, BudgetLine, Transaction
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.context import recent_ledgers
from ui.qt.dialogs.budget import AllocationDialog, BudgetLineDialog
from ui.qt.dialogs.connect import ConnectDialog, PgTarget, parse_pg_key, remember_ledger
from ui.qt.dialogs.reason import ReasonDialog
from ui.qt.pages.transactions import TransactionsPage


def count(ledger: Ledger, cls: type[Any]) -> int:
    with ledger.read() as s:
        return int(s.execute(select(func.count()).select_from(cls)).scalar_one())


def test_allocation_needs_a_known_funder(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    dialog = AllocationDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)  # the pickers are read off the GUI thread
    dialog.funder.setText("Ministry of Nowhere")
    dialog.amount.setText("£1,463,965")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=10_000)  # checked off the GUI thread
    assert dialog.funder.property("invalid") is True
    assert dialog.error.text() == (
        "• “Ministry of Nowhere” is not a known organisation (add it under Settings first)"
    )
    assert count(ledger, Allocation) == 0
    dialog.funder.setText("DLUHC")  # an alias of MHCLG
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        a = s.get(Allocation, dialog.result_value)
        assert (str(a.amount), a.year_from, a.year_to, a.created_by) == (
            "1463965.00",
            2025,
            2025,
            "fiona",
        )


def test_budget_line_form_adds_a_line_and_refuses_a_bad_budget(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    dialog = BudgetLineDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.name.setText("Refuge")
    dialog.original.setText("£0.5m")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        line = s.get(BudgetLine, dialog.result_value)
        assert (line.name, str(line.original), line.year) == ("Refuge", "500000.00", 2025)
    again = BudgetLineDialog(ctx, None, None, "DA", 2025)
    qtbot.addWidget(again)
    assert ctx.wait_idle(10)
    again.name.setText("Outreach")
    again.original.setText("about £5,000")
    again.save()
    assert again.error.text() == "• Original budget “about £5,000”: give one exact amount"
    assert count(ledger, BudgetLine) == 1


def test_reversal_asks_why_and_posts_the_opposite_amount(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]

    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = TransactionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignals([page.view.model.loaded, page.view.model.totals_loaded], timeout=10_000):
        page.set_scope("DA", 2025)
    assert page.view.select_id(ids["t2"])
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda cls, *a: "duplicate invoice"))
    with qtbot.waitSignal(page.view.model.totals_loaded, timeout=10_000):
        page.reverse_selected()
    assert page.view.totals_text() == "4 rows · Amount: £1,250.25"
    with ledger.read() as s:
        rev = s.execute(
            select(Transaction).where(Transaction.reverses_id == ids["t2"])
        ).scalar_one()
        assert (str(rev.amount), rev.kind) == ("-2750.25", "reversal")
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert (entry.action, entry.reason) == ("reverse_transaction", "duplicate invoice")


def test_connect_dialog_builds_the_url_and_never_keeps_the_password(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    target = PgTarget("db.council.local", 5433, "fundledger", "fiona")
    dialog = ConnectDialog(None, target)
    qtbot.addWidget(dialog)
    assert dialog.target() == target
    assert target.url("s3cr:t@") == (
        "postgresql+psycopg://fiona:s3cr%3At%40@db.council.local:5433/fundledger"
    )
    assert parse_pg_key(target.key) == target
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    remember_ledger(settings, target.key)
    remember_ledger(settings, "/tmp/a.sqlite")
    remember_ledger(settings, target.key)
    assert recent_ledgers(settings) == [target.key, "/tmp/a.sqlite"]
    settings.sync()
    stored = (tmp_path / "s.ini").read_text()
    assert "fiona@db.council.local:5433/fundledger" in stored
    assert "s3cr" not in stored
