"""Contributions & recharges: recharges raised (or a contribution saved) for a year the page
does not show are said with Show it (that year in scope, the record selected on its tab); in
the year shown the record is selected with no link — on the demo ledger (DHR 2025-26)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ui.qt.context import AppContext
from ui.qt.pages.contributions import ContributionsPage
from ui.usecases.session import open_ledger, resolve_actor


@pytest.fixture
def page(qtbot: Any, demo_ledger_path: Path, tmp_path: Path) -> Iterator[ContributionsPage]:
    ledger = open_ledger(str(demo_ledger_path), "admin")
    ledger.actor = resolve_actor(ledger, "m.price")  # finance: may raise recharges
    ctx = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    p = ContributionsPage(ctx)
    qtbot.addWidget(p)
    p.scope_wanted.connect(p.set_scope)  # as the window's side panel does
    p.show()
    p.set_scope("DHR", 2025)
    qtbot.waitUntil(lambda: p.snapshot is not None, timeout=20_000)
    yield p
    p.close()
    ctx.wait_idle(20)
    ledger.dispose()


def _modal(ctx: AppContext, fill: Any) -> None:
    """Run ``fill(dialog)`` on the modal form once its pickers are in, then save it."""

    def go() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or not ctx.wait_idle(0.01) or dialog.stream.count() == 0:
            QTimer.singleShot(50, go)
            return
        fill(dialog)
        dialog.save()

    QTimer.singleShot(0, go)


def _raise(page: ContributionsPage, year: int) -> None:
    def fill(dialog: Any) -> None:
        dialog.year.setCurrentIndex(dialog.year.findData(year))
        dialog.description.setText(f"Keyboard recharge {year}")

    page.tabs.setCurrentIndex(1)
    _modal(page.ctx, fill)
    page.raise_recharges()
    assert page.ctx.wait_idle(20)


def test_recharges_raised_for_another_year_are_said_with_show_it(
    qtbot: Any, page: ContributionsPage
) -> None:
    _raise(page, 2026)
    said = page.ctx.last_notice
    assert said is not None and said.show is not None
    assert said.text.startswith("Raised ") and said.text.endswith(
        "each: Keyboard recharge 2026 — saved in 2026-27, not the year shown"
    )
    shown = [page.recharge_model.rows[i].description for i in range(page.recharge_model.rowCount())]
    assert "Keyboard recharge 2026" not in shown
    said.show()
    qtbot.waitUntil(lambda: page.recharge_table.selected_row() is not None, timeout=20_000)
    row = page.recharge_table.selected_row()
    assert row is not None and row.description == "Keyboard recharge 2026"
    assert (page.stream_code, page.year, page.tabs.currentIndex()) == ("DHR", 2026, 1)


def test_recharges_raised_in_the_year_shown_are_selected_with_no_link(
    qtbot: Any, page: ContributionsPage
) -> None:
    _raise(page, 2025)
    said = page.ctx.last_notice
    assert said is not None and said.show is None
    qtbot.waitUntil(lambda: page.recharge_table.selected_row() is not None, timeout=20_000)
    row = page.recharge_table.selected_row()
    assert row is not None and row.description == "Keyboard recharge 2025"


def test_a_contribution_for_another_year_is_said_with_show_it(
    qtbot: Any, page: ContributionsPage
) -> None:
    def fill(dialog: Any) -> None:
        dialog.year.setCurrentIndex(dialog.year.findData(2026))
        dialog.amount.setText("1200")
        dialog.description.setText("Keyboard contribution")

    page.tabs.setCurrentIndex(0)
    _modal(page.ctx, fill)
    page.new_record()
    assert page.ctx.wait_idle(20)
    said = page.ctx.last_notice
    assert said is not None and said.show is not None, said
    assert said.text.startswith("Saved contribution #")
    assert said.text.endswith(" — saved in 2026-27, not the year shown")
    saved = int(said.text.removeprefix("Saved contribution #").split(":")[0])
    said.show()
    qtbot.waitUntil(lambda: page.contrib_table.selected_row() is not None, timeout=20_000)
    row = page.contrib_table.selected_row()
    assert row is not None and row.id == saved and page.year == 2026
