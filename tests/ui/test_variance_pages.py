"""Variance and overview pages: figures read from the models, filters, sort, drill, RAG."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

from db.ledger import Actor, Ledger
from tests.db.test_variance import AS_AT, opcc
from ui.qt.context import AppContext
from ui.qt.models.register import SORT_ROLE
from ui.qt.models.variance import Col, OverviewCol, OverviewModel, VarianceTreeModel
from ui.qt.pages.overview import OverviewPage, stream_cards
from ui.qt.pages.transactions import TransactionsPage
from ui.qt.pages.variance import VariancePage
from ui.usecases.variance import variance_report


def make_ctx(ledger: Ledger, tmp_path: Path) -> AppContext:
    ledger.actor = Actor("fiona", "finance")
    return AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def find(model: Any, *labels: str) -> QModelIndex:
    """The index (column 0) reached by following display labels from the root."""
    parent = QModelIndex()
    for label in labels:
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            if model.data(idx) == label:
                parent = idx
                break
        else:
            raise AssertionError(f"{label!r} not under {model.data(parent)!r}")
    return parent


def cell(model: Any, idx: QModelIndex, col: Col, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.data(idx.siblingAtColumn(col), role)


def loaded(page: VariancePage, year: int) -> bool:
    rep = page.data.report if page.data else None
    return rep is not None and rep.as_at == AS_AT and rep.year == year


OPCC_STREAM = "OPCC — Community Safety – OPCC CSP Allocations"


@pytest.fixture
def opcc_ledger(ledger: Ledger) -> Ledger:
    opcc(ledger)
    return ledger


def test_tree_model_passes_qtmodeltester(qtmodeltester: Any, opcc_ledger: Ledger) -> None:
    model = VarianceTreeModel()
    model.set_report(variance_report(opcc_ledger, as_at=AS_AT))
    qtmodeltester.check(model)
    model.sort(Col.AVAILABLE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filters(only_over=False, only_amber_red=True)
    qtmodeltester.check(model)


def test_overview_model_passes_qtmodeltester(qtmodeltester: Any, opcc_ledger: Ledger) -> None:
    model = OverviewModel()
    rep = variance_report(opcc_ledger, by="period", year=2025, as_at=AS_AT)
    model.set_cards(stream_cards(rep), "12/06/2026")
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    row = {c: model.data(model.index(0, c)) for c in OverviewCol}
    assert row == {
        OverviewCol.STREAM: "Community Safety – OPCC CSP Allocations",
        OverviewCol.YEAR: "2025-26",
        OverviewCol.REVISED: "£639,675.00",
        OverviewCol.COMMITTED: "£0.00",
        OverviewCol.ACTUAL: "£256,061.83",
        OverviewCol.AVAILABLE: "£383,613.17",
        OverviewCol.PCT: "40.03%",
        OverviewCol.RAG: "Amber",
    }
    assert str(model.cards[0].periods[11]) == "256061.83"


def test_variance_page_figures_filters_sort_and_drill(
    qtbot: Any, opcc_ledger: Ledger, tmp_path: Path
) -> None:
    page = VariancePage(make_ctx(opcc_ledger, tmp_path))
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    m = page.model
    charnwood = find(m, OPCC_STREAM, "2025-26", "Charnwood")
    assert cell(m, charnwood, Col.REVISED) == "£89,530.24"
    assert cell(m, charnwood, Col.AVAILABLE) == "£0.24"
    assert cell(m, charnwood, Col.PCT) == "99.99%"  # £0.24 left: never a rounded 100.00%
    assert cell(m, charnwood, Col.RAG) == "Green"
    assert "fully spent" not in cell(m, charnwood, Col.RAG, Qt.ItemDataRole.ToolTipRole)
    assert cell(m, charnwood, Col.AVAILABLE, Qt.ItemDataRole.ToolTipRole) == (
        "Available £0.24 = revised £89,530.24 − committed £0.00 − actual £89,530.00"
    )
    assert cell(m, charnwood, Col.AVAILABLE, SORT_ROLE) == 24
    align = cell(m, charnwood, Col.AVAILABLE, Qt.ItemDataRole.TextAlignmentRole)
    assert align & int(Qt.AlignmentFlag.AlignRight)
    melton = find(m, OPCC_STREAM, "2025-26", "Melton Mowbray")
    assert cell(m, melton, Col.AVAILABLE) == "£0.00"
    year = find(m, OPCC_STREAM, "2025-26")
    assert cell(m, year, Col.ACTUAL) == "£256,061.83"
    assert cell(m, year, Col.AVAILABLE) == "£383,613.17"

    m.sort(Col.AVAILABLE, Qt.SortOrder.DescendingOrder)
    assert m.data(m.index(0, 0, year)) == "Leicester"
    assert m.data(m.index(8, 0, year)) == "Melton Mowbray"

    page.only_red.setChecked(True)
    year = find(m, OPCC_STREAM, "2025-26")
    shown = {m.data(m.index(r, 0, year)) for r in range(m.rowCount(year))}
    assert "Charnwood" not in shown and "Leicester" in shown and len(shown) == 7
    page.only_red.setChecked(False)
    page.only_over.setChecked(True)
    assert m.rowCount() == 0  # nothing is over budget

    page.only_over.setChecked(False)
    got: list[dict[str, str]] = []
    page.drill_requested.connect(got.append)
    page.drill(find(m, OPCC_STREAM, "2025-26", "Charnwood").siblingAtColumn(Col.ACTUAL))
    assert got == [
        {"stream": "=OPCC", "year": "2025-26", "line": "=Charnwood", "date": "<=12/06/2026"}
    ]


def test_variance_page_level_switch_to_period(
    qtbot: Any, opcc_ledger: Ledger, tmp_path: Path
) -> None:
    page = VariancePage(make_ctx(opcc_ledger, tmp_path))
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope("OPCC", 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    page.level.setCurrentIndex(4)
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.by == "period")
    m = page.model
    p12 = find(m, OPCC_STREAM, "2025-26", "P12")
    assert cell(m, p12, Col.ACTUAL) == "£256,061.83"
    assert page.data is not None and page.data.report.as_at == date(2026, 6, 12)


def test_overview_page_cards(qtbot: Any, opcc_ledger: Ledger, tmp_path: Path) -> None:
    page = OverviewPage(make_ctx(opcc_ledger, tmp_path))
    qtbot.addWidget(page)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    card = page.model.cards[0]
    assert card.row.stream == "OPCC"
    assert str(card.row.figures.available) == "383613.17"
    assert page.status_text() == "1 stream · 0 red, 1 amber, 0 green"


def test_comment_from_the_page_is_saved_and_shown(
    qtbot: Any, opcc_ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.qt.dialogs.variance_comment import CommentDialog

    ctx = make_ctx(opcc_ledger, tmp_path)
    page = VariancePage(ctx)
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope("OPCC", 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    asked: list[tuple[str, int, int]] = []

    def fake_get(_parent: Any, line: str, year: int, period: int) -> tuple[int, str]:
        asked.append((line, year, period))
        return period, "Claim for the last 24p expected in July"

    monkeypatch.setattr(CommentDialog, "get", staticmethod(fake_get))
    page.tree.setCurrentIndex(find(page.model, OPCC_STREAM, "2025-26", "Charnwood"))
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=20_000):
        page.add_comment()
    assert asked == [("Charnwood", 2025, 12)]  # as-at after the year end: P12
    page.refresh()
    qtbot.waitUntil(
        lambda: (
            cell(page.model, find(page.model, OPCC_STREAM, "2025-26", "Charnwood"), Col.COMMENT)
            == "P12: Claim for the last 24p expected in July"
        ),
        timeout=20_000,
    )


def test_drill_opens_transactions_filtered(qtbot: Any, opcc_ledger: Ledger, tmp_path: Path) -> None:
    from ui.qt.main_window import MainWindow

    ctx = make_ctx(opcc_ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show_page("variance")
    page = win.page()
    assert isinstance(page, VariancePage)
    page.as_at.setDate(AS_AT)
    page.set_scope("OPCC", 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    page.drill(find(page.model, OPCC_STREAM, "2025-26", "Charnwood").siblingAtColumn(Col.ACTUAL))
    assert win.current_page == "transactions"
    transactions = win.pages["transactions"]
    assert isinstance(transactions, TransactionsPage)
    view = transactions.view
    assert view._filters == {
        "stream": "=OPCC",
        "year": "2025-26",
        "line": "=Charnwood",
        "date": "<=12/06/2026",
    }
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=20_000)


def test_variance_columns_fit_every_figure_and_keep_user_widths(
    qtbot: Any, opcc_ledger: Ledger, tmp_path: Path
) -> None:
    """No figure is cut off ("£383,613.…"): each column fits its widest (bold) text; a
    later load widens a column only where a figure would not fit."""
    from PySide6.QtGui import QFont, QFontMetrics

    page = VariancePage(make_ctx(opcc_ledger, tmp_path))
    qtbot.addWidget(page)
    page.as_at.setDate(AS_AT)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: loaded(page, 2025), timeout=20_000)
    m, tree = page.model, page.tree
    bold = QFont(tree.font())
    bold.setBold(True)
    fm = QFontMetrics(bold)
    year = find(m, OPCC_STREAM, "2025-26")
    for c in (Col.ORIGINAL, Col.REVISED, Col.ACTUAL, Col.AVAILABLE, Col.PCT, Col.RAG):
        texts = [cell(m, year, c)] + [m.data(m.index(r, c, year)) for r in range(m.rowCount(year))]
        widest = max(fm.horizontalAdvance(str(t)) for t in texts if t)
        assert tree.columnWidth(c) >= widest + 8, (c, tree.columnWidth(c), widest)
    tree.setColumnWidth(Col.REVISED, 400)  # the user widens a column
    page.set_scope("OPCC", 2025)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.stream == "OPCC")
    assert tree.columnWidth(Col.REVISED) == 400
