"""Income raised outside the year the Income page shows (raised today, December 2026, while
2025-26 is in view) is saved, and the status message says where, with "Show it" (that year in
scope, the new row selected) — the real window on the demo ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from ui.qt.context import AppContext
from ui.qt.dialogs.form import date_edit
from ui.qt.main_window import MainWindow
from ui.qt.pages.income import IncomePage
from ui.usecases.session import open_ledger, resolve_actor


@pytest.fixture
def window(
    qtbot: Any, demo_ledger_path: Path, tmp_path: Path
) -> Iterator[tuple[MainWindow, AppContext, IncomePage]]:
    """The real window on the Income page (PMT 2025-26); the ledger closed after the test (left
    to the garbage collector, its connections were closed on a worker thread: a crash)."""
    ledger = open_ledger(str(demo_ledger_path), "admin")
    ledger.actor = resolve_actor(ledger, "m.price")  # finance: may raise income
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("scope/year", "2025")
    settings.setValue("scope/stream", "PMT")
    ctx = AppContext(ledger, settings)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "income"
    win.side.select_page("income", silent=True)
    win.show()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(20)
    page = win.pages["income"]
    assert isinstance(page, IncomePage)
    assert (page.stream_code, page.year) == ("PMT", 2025)
    yield win, ctx, page
    win.close()
    ctx.wait_idle(20)
    ledger.dispose()


def _raise_income(qtbot: Any, ctx: AppContext, page: IncomePage, raised: date) -> None:
    """New income… on the page, filled in and saved (the dialog is modal: filled from a timer)."""

    def fill() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or not ctx.wait_idle(0.01) or dialog.stream.count() == 0:
            QTimer.singleShot(50, fill)
            return
        dialog.customer.setText("Winter Market Ltd")
        dialog.amount.setText("640")
        dialog.raised_on.setDate(date_edit(raised).date())
        dialog.save()

    QTimer.singleShot(0, fill)
    page.new_record()
    assert ctx.wait_idle(20)


def test_income_raised_in_another_year_is_said_with_show_it(
    qtbot: Any, window: tuple[MainWindow, AppContext, IncomePage]
) -> None:
    win, ctx, page = window
    before = page.item_model.rowCount()
    _raise_income(qtbot, ctx, page, date(2026, 12, 2))
    said = ctx.last_notice
    assert said is not None and said.show is not None
    assert said.text.startswith("Saved income #") and said.text.endswith(
        ": Winter Market Ltd, £640.00 — saved in 2026-27, not the year shown"
    )
    qtbot.waitUntil(lambda: win.notice.button.isVisible(), timeout=10_000)
    assert win.notice.label.text() == said.text and win.notice.button.text() == "Show it"
    new_id = int(said.text.removeprefix("Saved income #").split(":")[0])
    model = page.item_model
    assert model.rowCount() == before  # saved, but not in the year shown
    assert new_id not in [model.row(i).id for i in range(model.rowCount())]

    qtbot.mouseClick(win.notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.items.selected_row() is not None, timeout=20_000)
    row = page.items.selected_row()
    assert row is not None and (row.id, row.customer) == (new_id, "Winter Market Ltd")
    # that year in scope (the demo ledger has 2026-27 in the year picker), the stream kept
    assert (page.year, win.side.year_value) == (2026, 2026)
    assert (page.stream_code, win.side.stream_code) == ("PMT", "PMT")


def test_income_raised_in_the_year_shown_is_selected_with_no_link(
    qtbot: Any, window: tuple[MainWindow, AppContext, IncomePage]
) -> None:
    win, ctx, page = window
    _raise_income(qtbot, ctx, page, date(2025, 9, 15))
    said = ctx.last_notice
    assert said is not None and said.show is None
    assert said.text.endswith(": Winter Market Ltd, £640.00")
    qtbot.waitUntil(lambda: page.items.selected_row() is not None, timeout=20_000)
    row = page.items.selected_row()
    assert row is not None and row.customer == "Winter Market Ltd"
    assert page.year == 2025 and not win.notice.button.isVisible()
