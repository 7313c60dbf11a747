"""The reconciliation page's tables sort in their model (pytest-qt), never through a proxy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from fundledger.money import Money
from fundledger.reconcile import LedgerItem
from tests.reconcile import test_page as base
from ui.qt.models.reconciliation import Col, ReconItemsModel, ReconRow

# the page test's fixtures: a copy of the sample ledger, its context, the page on YJ 2025-26
template, ctx, page = base.template, base.ctx, base.page


def _items(n: int) -> list[ReconRow]:
    return [
        ReconRow(
            LedgerItem(
                i,
                "DA",
                date(2025, 4, 1 + i % 28),
                Money(Decimal(i % 7)),
                f"INV-{i:03d}",
                "FreeVa",
                "x",
                2025,
                1,
            ),
            None,
        )
        for i in range(n)
    ]


def test_tables_sort_in_their_model_not_through_data(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A sort proxy asks ``data()`` for every comparison: over a year of a million-row ledger
    the page froze for over a minute.  The tables show the model itself, which sorts its rows
    with one key per row; the selection follows its item."""
    model = page.ledger_model
    assert page.ledger_view.model() is model and page.statement_view.model() is page.statement_model
    calls: list[int] = []
    real = ReconItemsModel.data

    def counted(self, *args):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(self, *args)

    monkeypatch.setattr(ReconItemsModel, "data", counted)
    model.set_rows(_items(300))
    page.ledger_view.sortByColumn(Col.REFERENCE, Qt.SortOrder.DescendingOrder)
    page.ledger_view.selectRow(0)
    assert page.selected_row().item.reference == "INV-299"
    page.ledger_view.sortByColumn(Col.AMOUNT, Qt.SortOrder.AscendingOrder)
    amounts = [r.item.amount for r in model.rows]
    assert amounts == sorted(amounts)
    assert [r.item.id for r in model.rows[:3]] == [294, 287, 280]  # ties keep the last order
    assert page.selected_row().item.reference == "INV-299"  # followed its item
    model.set_rows(list(reversed(_items(300))))  # new rows keep the chosen order
    assert [r.item.amount for r in model.rows] == amounts
    assert len(calls) < 300  # no call per comparison (a proxy makes thousands)


def test_rows_are_sorted_off_the_gui_thread_and_a_filter_does_not_sort(
    page: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Making and sorting a side's rows runs with the load, off the GUI thread, in the order
    the table shows; the Show filter only keeps rows of the sorted list (a million-row side
    froze the GUI thread for 2 s on each)."""
    import threading

    from ui.qt.models import reconciliation as models
    from ui.qt.pages import reconciliation as pages

    gui = threading.current_thread()
    where: list[bool] = []

    def watch(real: Any) -> Any:
        def watched(*args: Any) -> Any:
            where.append(threading.current_thread() is gui)
            return real(*args)

        return watched

    page.ledger_view.sortByColumn(Col.AMOUNT, Qt.SortOrder.DescendingOrder)
    page.ctx.wait_idle(10)
    # every way the page sorts rows (the model's own sort, before, ran on the GUI thread)
    for owner, name in ((models, "ordered"), (pages, "ordered"), (ReconItemsModel, "_permutation")):
        if hasattr(owner, name):
            monkeypatch.setattr(owner, name, watch(getattr(owner, name)))
    before = page.view_data
    page.refresh()
    qtbot.waitUntil(lambda: page.view_data is not before, timeout=10000)
    assert where == [False, False]  # one sort per side, both in the worker
    amounts = [r.item.amount for r in page.ledger_model.rows]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) > 3
    for shown in ("Unmatched", "Matched", "All"):
        page.filter.setCurrentText(shown)
        kept = [r.item.amount for r in page.ledger_model.rows]
        assert kept == sorted(kept, reverse=True)
    assert len(kept) == len(amounts) and where == [False, False]  # no sort for a filter


def test_a_header_click_sorts_off_the_gui_thread_and_the_last_click_wins(
    page: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Sorting a million-row side took 2-3.5 s: a click on a header sorts on a pool thread and
    the rows are put in order when it is done; a second click before then supersedes it."""
    import threading

    from ui.qt.models import reconciliation as models

    gui = threading.current_thread()
    where: list[bool] = []
    real = models.ordered

    def watched(*args: Any) -> Any:
        where.append(threading.current_thread() is gui)
        return real(*args)

    monkeypatch.setattr(models, "ordered", watched)
    model, header = page.ledger_model, page.ledger_view.horizontalHeader()
    header.setSortIndicator(Col.REFERENCE, Qt.SortOrder.AscendingOrder)  # as a click does
    header.setSortIndicator(Col.AMOUNT, Qt.SortOrder.DescendingOrder)  # and another at once
    page.ctx.wait_idle(10)
    assert where == [False, False]  # both sorted in the pool, none on the GUI thread
    amounts = [r.item.amount for r in model.rows]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) > 3
    assert model.sorted_by == (Col.AMOUNT, Qt.SortOrder.DescendingOrder)
