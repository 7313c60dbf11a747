"""The Contracts page as a commissioning officer uses it: the filter bar (search, provider, ending
within N months, decision pending, flagged), the selected line's invoices adding up to its
invoiced figure, Committed on the Variance page opening the lines behind it, and the expiry
warning window changed in Settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from db.ledger import Ledger
from db.schema import AuditEntry
from tests.db.test_contract_views import contract
from tests.db.test_variance import line, txn
from tests.ui.shell_helpers import make_ctx
from ui.qt.pages.contracts import ContractsPage
from ui.qt.pages.settings import SettingsPage

TODAY = date(2026, 12, 2)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    from ui.qt.dialogs import form

    monkeypatch.setattr(form, "local_today", lambda: TODAY)
    return TODAY


def _ledger(ledger: Ledger, tmp_path: Path) -> Any:
    ctx = make_ctx(ledger, tmp_path)
    refuge = line(ledger, "DA", 2026, "Refuge", "125000.00")
    helpline = contract(ledger, "Helpline", date(2025, 4, 1), 24, "50000.00", pending=True)
    contract(ledger, "Refuge units", date(2026, 4, 1), 12, "125000.00", line_id=refuge,
             year=2026, provider="Women's Aid Leicestershire")  # fmt: skip
    contract(ledger, "IDVA", date(2026, 4, 1), 36, "90000.00")
    txn(ledger, "DA", 2025, 1, date(2025, 4, 30), "2083.33", contract_line_id=helpline,
        reference="INV-1")  # fmt: skip
    txn(ledger, "DA", 2025, 2, date(2025, 5, 31), "2083.34", contract_line_id=helpline,
        reference="INV-2")  # fmt: skip
    txn(ledger, "DA", 2025, 2, date(2025, 6, 2), "-83.33", contract_line_id=helpline,
        reference="CN-1")  # fmt: skip
    return ctx


def _page(qtbot: Any, ctx: Any) -> ContractsPage:
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.set_scope("DA", None)
    page.refresh()
    qtbot.waitUntil(lambda: len(page.all_rows) == 3, timeout=20_000)
    return page


def _shown(page: ContractsPage) -> list[str]:
    return [r.service for r in page.rows]


def test_the_filter_bar_narrows_the_register(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    page = _page(qtbot, _ledger(ledger, tmp_path))
    bar = page.filters
    assert _shown(page) == ["Helpline", "Refuge units", "IDVA"]
    assert page.status_text().startswith("3 lines · value")
    qtbot.keyClicks(bar.search, "refuge")
    assert _shown(page) == ["Refuge units"]
    assert page.status_text().startswith("1 of 3 lines · value £125,000.00")
    bar.search.clear()
    providers = [bar.provider.itemText(i) for i in range(bar.provider.count())]
    assert providers == ["All providers", "FreeVa", "Women's Aid Leicestershire"]
    bar.provider.setCurrentText("Women's Aid Leicestershire")
    assert _shown(page) == ["Refuge units"]
    bar.provider.setCurrentIndex(0)
    assert not bar.months.isEnabled()
    bar.ending.setChecked(True)  # 12 months from 02/12/2026: both end by 31/03/2027
    assert _shown(page) == ["Helpline", "Refuge units"]
    bar.months.setValue(3)
    assert _shown(page) == []
    assert page.detail.text() == "Select a contract line."
    bar.ending.setChecked(False)
    bar.pending.setChecked(True)
    assert _shown(page) == ["Helpline"]
    bar.pending.setChecked(False)
    bar.flagged.setChecked(True)  # Helpline ends 31/03/2027 with a decision pending? 119 days > 90
    assert _shown(page) == []
    bar.clear()
    assert _shown(page) == ["Helpline", "Refuge units", "IDVA"]
    assert not bar.active()


def test_the_selected_lines_invoices_add_up_to_invoiced(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    page = _page(qtbot, _ledger(ledger, tmp_path))
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.invoices.rowCount() == 3, timeout=20_000)
    assert [t.reference for t in page.invoices.rows] == ["INV-1", "INV-2", "CN-1"]
    assert page.invoice_note.text() == (
        "3 invoices coded to this line · total £4,083.34 (= invoiced)"
    )
    page.table.selectRow(2)  # IDVA: nothing invoiced
    qtbot.waitUntil(lambda: page.invoice_note.text().startswith("0 invoices"), timeout=20_000)
    assert page.invoices.rowCount() == 0


def test_the_selection_stays_on_its_line_when_the_register_reloads(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    page = _page(qtbot, _ledger(ledger, tmp_path))
    page.table.selectRow(2)
    page.refresh()
    qtbot.waitUntil(lambda: not page.ctx.busy, timeout=20_000)
    chosen = page.table.selected_row()
    assert chosen is not None and chosen.service == "IDVA"


def test_committed_shows_the_lines_behind_it(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    page = _page(qtbot, _ledger(ledger, tmp_path))
    page.show_behind("Refuge", 2026)
    assert _shown(page) == ["Refuge units"]
    assert page.filters.behind_label.text() == "Behind committed on <b>Refuge</b> 2026-27"
    assert not page.filters.behind_label.isHidden()
    page.filters.behind_clear.click()
    assert _shown(page) == ["Helpline", "Refuge units", "IDVA"]
    assert page.filters.behind_label.isHidden()


def test_the_expiry_warning_window_is_changed_in_settings(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = _ledger(ledger, tmp_path)
    errors: list[str] = []
    ctx.error_handler = lambda title, exc: errors.append(f"{title}: {exc}")
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.show()
    settings.refresh()
    qtbot.waitUntil(lambda: "within 90 days" in settings.expiry_label.text(), timeout=20_000)
    assert settings.edit_expiry.isEnabled()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *_a, **_k: (120, True))
    settings.edit_expiry.click()
    qtbot.waitUntil(lambda: "within 120 days" in settings.expiry_label.text() or bool(errors),
                    timeout=20_000)  # fmt: skip
    assert errors == []
    with ledger.read() as s:
        assert s.execute(select(AuditEntry.id).where(AuditEntry.action == "set_expiry_window")
                         ).all()  # fmt: skip
    page = _page(qtbot, ctx)
    page.filters.flagged.setChecked(True)  # Helpline ends 31/03/2027: 119 days, pending
    assert _shown(page) == ["Helpline"]


def test_a_budget_holder_cannot_change_the_window(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    from db.ledger import Actor

    ctx = make_ctx(ledger, tmp_path)
    ledger.actor = Actor("bea", "budget_holder", frozenset({"DA"}))
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.update_permissions()
    assert not settings.edit_expiry.isEnabled()
    assert settings.edit_expiry.toolTip()


def test_double_clicking_committed_on_variance_opens_the_lines_behind_it(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: date
) -> None:
    from PySide6.QtWidgets import QWidget

    from tests.ui.test_variance_pages import cell, find
    from ui.qt.models.variance import Col
    from ui.qt.pages.variance import VariancePage

    ctx = _ledger(ledger, tmp_path)
    host = QWidget()
    qtbot.addWidget(host)
    contracts = _page(qtbot, ctx)
    shown: list[str] = []
    host.pages = {"contracts": contracts}  # type: ignore[attr-defined]
    host.show_page = shown.append  # type: ignore[attr-defined]
    page = VariancePage(ctx, host)
    page.as_at.setDate(date(2027, 3, 31))
    page.set_scope("DA", 2026)
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.year == 2026,
                    timeout=20_000)  # fmt: skip
    stream = next(page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount()))
    refuge = find(page.model, stream, "2026-27", "Refuge")
    assert cell(page.model, refuge, Col.COMMITTED) == "£125,000.00"
    page._double_clicked(refuge.siblingAtColumn(Col.COMMITTED))
    assert shown == ["contracts"]
    assert _shown(contracts) == ["Refuge units"]
    assert contracts.filters.behind == ("Refuge", 2026)
