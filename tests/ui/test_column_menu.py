"""Hiding and showing columns from a table's header menu (pytest-qt): every column is a checkable
item, "Show all columns" brings hidden ones back (the contracts register's detail-pane columns
too), and the choice is remembered (QSettings) when the page is opened again."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu

from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.pages.contracts import COLUMNS, HIDDEN, ContractsPage
from ui.qt.pages.contributions import ContributionsPage
from ui.qt.pages.transactions import TransactionsPage
from ui.qt.widgets.columns import DEFAULTS, LAST_COLUMN, SHOW_ALL


def _actions(menu: QMenu) -> dict[str, Any]:
    return {a.text(): a for a in menu.actions() if a.text()}


def _shown(table: Any) -> list[str]:
    header = table.horizontalHeader()
    model = table.model()
    return [
        str(model.headerData(c, header.orientation()))
        for c in range(header.count())
        if not table.isColumnHidden(c)
    ]


def test_contracts_hidden_columns_come_back_from_the_header_and_stay(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    table = page.table
    titles = [c.title for c in COLUMNS]
    hidden = [titles[c] for c in HIDDEN]
    assert hidden == ["Basis", "Start", "Service start", "Warnings"]
    assert _shown(table) == [t for t in titles if t not in hidden]

    menu = table.column_chooser.menu()
    acts = _actions(menu)
    assert list(acts)[: len(titles)] == titles  # every column, in the order shown
    assert all(acts[t].isCheckable() for t in titles)
    assert [t for t in titles if not acts[t].isChecked()] == hidden
    assert acts[SHOW_ALL].isEnabled()
    acts["Basis"].setChecked(True)  # show one
    assert not table.isColumnHidden(titles.index("Basis"))
    acts = _actions(table.column_chooser.menu())
    acts[SHOW_ALL].trigger()
    assert _shown(table) == titles
    assert not _actions(table.column_chooser.menu())[SHOW_ALL].isEnabled()
    _actions(table.column_chooser.menu())["Provider"].setChecked(False)
    assert table.isColumnHidden(titles.index("Provider"))

    again = ContractsPage(ctx)  # the page opened again (same settings)
    qtbot.addWidget(again)
    assert _shown(again.table) == [t for t in titles if t != "Provider"]

    _actions(again.table.column_chooser.menu())[DEFAULTS].trigger()
    assert _shown(again.table) == [t for t in titles if t not in hidden]
    third = ContractsPage(ctx)
    qtbot.addWidget(third)
    assert _shown(third.table) == [t for t in titles if t not in hidden]


def test_the_last_column_shown_cannot_be_hidden(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    ctx = make_ctx(ledger, tmp_path)
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    table = page.table
    titles = [c.title for c in COLUMNS]
    for title in titles[1:]:
        _actions(table.column_chooser.menu())[title].setChecked(False)
    assert _shown(table) == ["Stream"]
    stream = _actions(table.column_chooser.menu())["Stream"]
    assert stream.isChecked() and not stream.isEnabled() and stream.toolTip() == LAST_COLUMN


def test_a_column_shown_by_the_user_outranks_the_page_hiding_it_for_the_scope(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = ContributionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.set_scope("YJ", 2025)
    assert ctx.wait_idle(10)
    table = page.contrib_table
    assert table.isColumnHidden(0) and table.isColumnHidden(1)  # Stream, Year: in the title
    _actions(table.column_chooser.menu())["Stream"].setChecked(True)
    assert not table.isColumnHidden(0)
    page.set_scope("DA", 2025)
    assert ctx.wait_idle(10)
    assert not table.isColumnHidden(0) and table.isColumnHidden(1)
    page.set_scope(None, None)
    assert ctx.wait_idle(10)
    assert not table.isColumnHidden(1)  # the page's default follows the scope


def test_register_header_menu_hides_and_shows_columns_remembered(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    page = TransactionsPage(ctx)
    qtbot.addWidget(page)
    view = page.view
    titles = [c.header for c in view.register.columns]
    reference = titles.index("Reference")
    acts = _actions(view.header_menu(reference))
    assert "Filter “Reference”…" in acts
    assert [t for t in acts if t in titles] == titles
    assert all(acts[t].isCheckable() and acts[t].isChecked() for t in titles)
    assert not acts[SHOW_ALL].isEnabled()
    acts["Reference"].setChecked(False)
    acts = _actions(view.header_menu(-1))  # right of the last column: no filter entry
    assert not any(t.startswith("Filter") for t in acts)
    acts["GL ref"].setChecked(False)
    assert view.table.isColumnHidden(reference)
    assert _shown(view.table) == [t for t in titles if t not in ("Reference", "GL ref")]

    again = TransactionsPage(ctx)
    qtbot.addWidget(again)
    assert _shown(again.view.table) == [t for t in titles if t not in ("Reference", "GL ref")]
    acts = _actions(again.view.header_menu(0))
    assert not acts["Reference"].isChecked() and acts[SHOW_ALL].isEnabled()
    acts[SHOW_ALL].trigger()
    assert _shown(again.view.table) == titles
    third = TransactionsPage(ctx)
    qtbot.addWidget(third)
    assert _shown(third.view.table) == titles
    _actions(third.view.header_menu(0))["Reference"].setChecked(False)
    _actions(third.view.header_menu(0))["Reset columns"].trigger()
    assert _shown(third.view.table) == titles
