"""The audit page: the log as a register, an entry's changes field by field, chain check."""

from __future__ import annotations

from tests.ui.shell_helpers import fill, make_ctx
from ui.controllers.audit_changes import changes
from ui.qt.pages.audit import AuditPage, EntryDialog


def test_changes_pairs_old_and_new_values() -> None:
    assert changes('{"amount":"10.00","kind":"spend"}', '{"amount":"12.50"}') == [
        ("amount", "10.00", "12.50"),
        ("kind", "spend", ""),
    ]
    assert changes(None, '{"name":"Refuge"}') == [("name", "", "Refuge")]


def test_audit_page_lists_entries_and_shows_one(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    page.show()
    model = page.view.model
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.refresh()
    keys = page.view.register.keys
    newest = dict(zip(keys, model.rows[0], strict=True))
    assert (newest["action"], newest["table"], newest["row"]) == (
        "post_transaction", "transactions", str(ids["t3"])
    )  # fmt: skip
    dialog = EntryDialog(newest)
    qtbot.addWidget(dialog)

    def cell(r: int, c: int) -> str:
        item = dialog.table.item(r, c)
        return "" if item is None else item.text()

    fields = [cell(r, 0) for r in range(dialog.table.rowCount())]
    amount = fields.index("amount")
    assert cell(amount, 2) == "-250.00"
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.qt.pages.audit.QMessageBox.information", lambda _p, _t, text: shown.append(text)
    )
    page.verify()
    assert ctx.wait_idle(10)
    assert shown == ["The audit chain is intact."] and page.last_check == []


def test_the_page_shows_the_ledger_seal_and_each_entrys_login(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from db.seal import current_seal

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.seal_label.text() != "", timeout=10_000)
    with ledger.read() as s:
        seal = current_seal(s)
    assert seal.entry > 0
    assert page.seal_label.text() == str(seal)
    assert page.seal_label.text().startswith(f"Ledger seal #{seal.entry} ")
    keys = page.view.register.keys
    assert keys[keys.index("user") + 1] == "login"  # blank on a single-user file
