"""Settings: users and roles, RAG thresholds (edited, audited), period locks (reopen)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from db.ledger import Actor
from db.ops.locks import close_period
from db.schema import PeriodLock, Stream
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.qt.pages.settings import SettingsPage


def loaded(qtbot, page):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.refresh()


def test_settings_lists_and_edits(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=1, stream_id=ids["da"], reason="April closed")
    ctx = make_ctx(ledger, tmp_path)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    assert page.locks.rowCount() == 1
    assert [page.locks.data(page.locks.index(0, c)) for c in (0, 1, 2, 3, 6)] == [
        "DA", "2025-26", "P01", "April closed", "Closed",
    ]  # fmt: skip
    assert page.status_text().endswith("· 1 closed period")
    da_row = next(i for i, t in enumerate(page.threshold_rows) if t.code == "DA")
    page.thresholds_view.setCurrentIndex(page.thresholds.index(da_row, 0))
    answers = iter([Decimal("7.5"), Decimal("12")])
    monkeypatch.setattr(page, "_ask_pct", lambda *_a: next(answers))
    ctx.ledger.actor = Actor("ada", "admin")
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.change_thresholds()
    with ledger.read() as s:
        da = s.get(Stream, ids["da"])
        assert (da.red_forecast_pct, da.amber_profile_pct) == (Decimal("7.50"), Decimal("12.00"))
    da_row = next(i for i, t in enumerate(page.threshold_rows) if t.code == "DA")
    red, amber = page.thresholds.index(da_row, 3), page.thresholds.index(da_row, 4)
    assert (page.thresholds.data(red), page.thresholds.data(amber)) == ("7.50%", "12.00%")
    assert page.thresholds.data(red, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    page.locks_view.setCurrentIndex(page.locks.index(0, 0))
    monkeypatch.setattr(
        "ui.qt.dialogs.reason.ReasonDialog.get", classmethod(lambda *a: "late invoice")
    )
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.reopen_period()
    with ledger.read() as s:
        lock = s.query(PeriodLock).one()
        assert (lock.active, lock.reopen_reason, lock.reopened_by) == (False, "late invoice", "ada")
    assert page.locks.data(page.locks.index(0, 6)) == "Reopened"
