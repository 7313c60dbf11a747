"""Evidence in the app (issue 22): the Evidence… dialog of a transaction attaches a file, opens
and saves it byte for byte, and detaches it with a reason (kept, shown when asked); a viewer
cannot attach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from db.ledger import Actor, Ledger
from tests.ledgers import copy_sqlite
from ui.qt.context import AppContext
from ui.qt.dialogs.evidence import EvidenceDialog
from ui.usecases.evidence import list_attachments


def test_attach_open_save_and_detach(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    assert ctx.ledger is not None
    invoice = tmp_path / "Invoice 4471.pdf"
    invoice.write_bytes(b"%PDF-1.4 invoice 4471 " + bytes(range(256)))
    dialog = EvidenceDialog(ctx, "txn", 175, "transaction #175", "OPCC")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.message.text() == "No evidence attached yet.", timeout=10_000)
    dialog.attach(str(invoice), "invoice 4471")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    opened: list[Path] = []

    def opener(p: Path) -> bool:
        opened.append(p)
        return True

    dialog.opener = opener
    dialog.open_selected()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].read_bytes() == invoice.read_bytes()
    copy = tmp_path / "copy.pdf"
    dialog.save_selected(str(copy))
    qtbot.waitUntil(copy.exists, timeout=5000)
    assert copy.read_bytes() == invoice.read_bytes()
    dialog.detach_selected("attached to the wrong transaction")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10_000)
    dialog.detached.setChecked(True)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    [row] = list_attachments(ctx.ledger, on=("txn", 175), detached=True)
    assert row.detached and row.detach_reason == "attached to the wrong transaction"


def test_a_viewer_cannot_attach(tmp_path: Path, demo_template: Path, qtbot: Any) -> None:
    path = copy_sqlite(demo_template, tmp_path / "ledger.sqlite")
    led = Ledger(f"sqlite:///{path}", Actor("board.viewer", "viewer"))
    ctx = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        dialog = EvidenceDialog(ctx, "txn", 175, "transaction #175", "OPCC")
        qtbot.addWidget(dialog)
        assert not dialog.attach_button.isEnabled() and not dialog.detach_button.isEnabled()
        assert "viewers cannot change the ledger" in dialog.attach_button.toolTip().lower()
    finally:
        ctx.wait_idle()
        led.dispose()


def test_evidence_from_the_contracts_and_contributions_pages(ctx: AppContext, qtbot: Any) -> None:
    from ui.qt.pages.contracts import ContractsPage
    from ui.qt.pages.contributions import ContributionsPage

    contracts = ContractsPage(ctx)
    qtbot.addWidget(contracts)
    contracts.show()
    contracts.set_scope("DA", None)
    qtbot.waitUntil(lambda: bool(contracts.rows), timeout=10_000)
    contracts.table.clearSelection()
    assert not contracts.evidence_button.isEnabled()
    contracts.table.selectRow(0)
    assert contracts.evidence_button.isEnabled()
    contracts.evidence_selected()
    line = contracts.table.selected_row()
    assert line is not None
    assert (contracts.evidence_dialog.kind, contracts.evidence_dialog.target_id) == (
        "contract", line.id)  # fmt: skip
    contracts.evidence_dialog.close()

    partners = ContributionsPage(ctx)
    qtbot.addWidget(partners)
    partners.show()
    partners.set_scope("YJ", 2025)
    qtbot.waitUntil(lambda: partners.contrib_table.model().rowCount() > 0, timeout=10_000)
    partners.contrib_table.selectRow(0)
    assert partners.evidence_button.isEnabled()
    partners.evidence_selected()
    row = partners.contrib_table.selected_row()
    assert row is not None
    assert (partners.evidence_dialog.kind, partners.evidence_dialog.target_id) == (
        "contribution", row.id)  # fmt: skip
    partners.evidence_dialog.close()
