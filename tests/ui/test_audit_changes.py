"""The audit log shows changes as "field: old → new" in local time, with the raw JSON on
demand (pytest-qt on the real page and entry window; the wording without Qt)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from db.ops.transactions import edit_transaction
from db.schema import Transaction
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.controllers.audit_changes import change_lines, changes_text, local_time
from ui.qt.pages.audit import AuditPage, EntryDialog


@pytest.fixture
def kolkata(monkeypatch):  # type: ignore[no-untyped-def]
    """The user's clock at UTC+05:30 (no daylight saving), so local time is not UTC."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_changes_in_words() -> None:
    old, new = (
        '{"amount": "10.00", "kind": "spend", "note": "x"}',
        '{"amount": "12.50", "kind": "spend", "note": null}',
    )
    assert change_lines(old, new) == ["amount: 10.00 → 12.50", "note: x → (blank)"]
    assert change_lines(None, '{"name": "Refuge", "original": "500.00", "code": null}') == [
        "name: Refuge",
        "original: 500.00",
    ]
    assert change_lines('{"name": "Refuge"}', None) == ["name: Refuge → (removed)"]
    assert changes_text(old, new) == "amount: 10.00 → 12.50; note: x → (blank)"
    assert change_lines("not json", None) == ["value: not json → (removed)"]


def test_local_time(kolkata) -> None:  # type: ignore[no-untyped-def]
    assert local_time(datetime(2026, 11, 23, 9, 5, 12, tzinfo=UTC)) == "23/11/2026 14:35:12 IST"


def test_the_audit_page_shows_changes_in_local_time_and_raw_json_on_demand(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, kolkata
):
    ids = fill(ledger)
    with ledger.write() as s:
        version = s.get(Transaction, ids["t2"]).version
        edit_transaction(
            s, FIONA, ids["t2"], {"amount": Decimal("2800.00")}, expected_version=version,
            reason="invoice corrected",
        )  # fmt: skip
    ctx = make_ctx(ledger, tmp_path)
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    page.show()
    model = page.view.model
    with qtbot.waitSignals([model.loaded, model.totals_loaded], timeout=10_000):
        page.refresh()
    keys = list(page.view.register.keys)
    new_col, old_col, at_col = keys.index("new"), keys.index("old"), keys.index("at")
    assert model.headerData(new_col, page.view.table.horizontalHeader().orientation()) == "Changes"
    assert page.view.table.isColumnHidden(old_col)
    newest = model.index(0, new_col)
    assert model.data(newest) == "amount: 2750.25 → 2800.00"
    at = model.rows[0][at_col]
    shown = model.data(model.index(0, at_col))
    assert shown == (at.astimezone(UTC) + timedelta(hours=5, minutes=30)).strftime(
        "%d/%m/%Y %H:%M:%S"
    )  # the user's clock, not UTC

    values = dict(zip(keys, model.rows[0], strict=True))
    dialog = EntryDialog(values)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.raw.isVisible()
    dialog.raw_button.click()
    assert dialog.raw.isVisible()
    assert '"amount": "2800.00"' in dialog.raw.toPlainText()
    assert dialog.raw_button.text() == "Hide &raw JSON"
