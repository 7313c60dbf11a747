"""Write buttons on the transactions, contracts, contributions and income pages follow the real
permission rules (db.ops.permissions through AppContext.why_not), with the reason as tooltip:
a commissioning officer changes contracts but posts no transactions, a viewer changes nothing,
a finance officer may do all of it, a budget holder records income on their own stream only.
Double-click edit opens no form for a role that cannot write."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from db.ledger import Actor
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.main_window import MainWindow
from ui.usecases.topics import EVERYTHING

CORA = Actor("cora", "commissioning")
VIC = Actor("vic", "viewer")
BEA = Actor("bea", "budget_holder", frozenset({"PMT"}))


def _window(qtbot: Any, ledger: Any, tmp_path: Any, actor: Actor | None = None) -> MainWindow:
    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    if actor is not None:
        ledger.actor = actor
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.ids = ids  # type: ignore[attr-defined]
    ctx.set_ledger(ledger)
    win.show()
    for _ in range(3):
        assert ctx.wait_idle(10)
    return win


def _page(win: MainWindow, name: str) -> Any:
    win.show_page(name)
    assert win.ctx.wait_idle(10)
    page = win.page()
    assert page is not None and page.name == name
    return page


def _choose_stream(win: MainWindow, code: str | None) -> None:
    streams = win.side.streams
    codes = [streams.item(i).data(Qt.ItemDataRole.UserRole) for i in range(streams.count())]
    streams.setCurrentRow(codes.index(code))
    assert win.ctx.wait_idle(10)


def _state(button: Any) -> tuple[bool, str]:
    return button.isEnabled(), button.toolTip()


def _no_form(monkeypatch: Any) -> list[Any]:
    """Record TransactionDialog.run calls instead of opening the modal form."""
    from ui.qt.dialogs import transaction

    opened: list[Any] = []
    monkeypatch.setattr(
        transaction.TransactionDialog, "run", classmethod(lambda cls, *a: opened.append(a))
    )
    return opened


def test_a_commissioning_officer_changes_contracts_but_posts_no_transactions(
    qtbot: Any, ledger: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    win = _window(qtbot, ledger, tmp_path, CORA)
    page = _page(win, "transactions")
    why = "cora (commissioning officer) cannot post or change transactions"
    assert _state(page.new_button) == (False, why)
    assert _state(win.actions_by_name["new"]) == (False, why)
    t1 = win.ids["t1"]  # type: ignore[attr-defined]
    assert page.view.select_id(t1)
    assert page.view.selected_ids() == [t1]
    assert _state(page.edit_button) == (False, why)
    assert _state(page.reverse_button) == (False, why)
    assert not page.edit_action.isEnabled() and not page.reverse_action.isEnabled()
    opened = _no_form(monkeypatch)
    page.view.activated.emit(t1)  # double-click / Enter
    page.edit_selected()
    assert opened == []

    page = _page(win, "contracts")
    assert _state(page.new_button) == (True, "Add a contract line")
    assert _state(win.actions_by_name["new"]) == (True, win.base_tips["new"])
    assert page.table.selected_row() is None  # no contract lines yet
    assert _state(page.edit_button) == (False, "Select a contract line to edit")
    assert _state(page.profile_button) == (False, "Select a contract line to profile")

    page = _page(win, "contributions")
    refused = "cora (commissioning officer) cannot record partner contributions"
    assert _state(page.action_buttons[0]) == (False, refused)
    page.tabs.setCurrentIndex(1)
    raise_button = page.action_buttons[3]
    assert raise_button.isVisible() and not page.action_buttons[0].isVisible()
    assert _state(raise_button) == (
        False,
        "cora (commissioning officer) cannot raise recharges or record receipts",
    )

    page = _page(win, "income")
    assert _state(page.new_button) == (False, "cora (commissioning officer) cannot record income")


def test_a_viewer_can_press_no_write_button(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    win = _window(qtbot, ledger, tmp_path, VIC)
    viewers = "Viewers cannot change the ledger: vic (viewer) cannot "
    pages = {
        "transactions": ("new_button", "edit_button", "reverse_button"),
        "contracts": ("new_button", "edit_button", "ext_button", "profile_button"),
        "income": ("new_button", "receipt_button"),
    }
    for name, buttons in pages.items():
        page = _page(win, name)
        for attr in buttons:
            enabled, tip = _state(getattr(page, attr))
            assert not enabled, (name, attr)
            assert tip.startswith(viewers), (name, attr, tip)
        assert not win.actions_by_name["new"].isEnabled()
    page = _page(win, "contributions")
    for b in page.action_buttons:
        enabled, tip = _state(b)
        assert not enabled and tip.startswith(viewers), (b.text(), tip)
    assert page.action_buttons[4].toolTip() == f"{viewers}raise recharges or record receipts"


def test_a_finance_officer_may_press_them_with_a_row_selected(
    qtbot: Any, ledger: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    win = _window(qtbot, ledger, tmp_path)
    page = _page(win, "transactions")
    assert _state(page.new_button) == (True, "Add a transaction (Ctrl+N)")
    page.view.table.clearSelection()
    assert _state(page.edit_button) == (False, "Select one transaction to edit")
    assert _state(page.reverse_button) == (False, "Select one transaction to reverse")
    t2 = win.ids["t2"]  # type: ignore[attr-defined]
    assert page.view.select_id(t2)
    assert _state(page.edit_button) == (True, "Edit the selected transaction")
    assert page.reverse_button.isEnabled() and page.edit_action.isEnabled()
    page.view.table.selectAll()
    assert len(page.view.selected_ids()) == 3
    assert _state(page.edit_button) == (False, "Select one transaction to edit")
    opened = _no_form(monkeypatch)
    page.view.activated.emit(t2)
    assert len(opened) == 1 and opened[0][2] == t2

    page = _page(win, "contracts")
    assert _state(page.new_button) == (True, "Add a contract line")
    page = _page(win, "contributions")
    assert _state(page.action_buttons[0]) == (True, "Record a partner contribution")
    assert _state(page.action_buttons[1]) == (False, "Select a contribution to mark invoiced")
    assert _state(page.action_buttons[3]) == (True, "Invoice several partners at once")
    page = _page(win, "income")
    assert _state(page.new_button) == (True, "Record income raised")
    assert _state(page.receipt_button) == (
        False,
        "Select an income item to record money received against it",
    )


def test_a_budget_holder_records_income_only_on_their_stream(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    win = _window(qtbot, ledger, tmp_path, BEA)
    page = _page(win, "income")
    _choose_stream(win, "PMT")
    assert page.stream_code == "PMT"
    assert _state(page.new_button) == (True, "Record income raised")
    assert win.actions_by_name["new"].isEnabled()
    _choose_stream(win, "DA")
    assert page.stream_code == "DA"
    why = "bea (budget holder) holds PMT; DA is not one of their streams"
    assert _state(page.new_button) == (False, why)
    assert _state(win.actions_by_name["new"]) == (False, why)
    _choose_stream(win, "PMT")
    assert page.new_button.isEnabled()
    # transactions are finance's, whatever the stream
    page = _page(win, "transactions")
    assert _state(page.new_button) == (
        False,
        "bea (budget holder) cannot post or change transactions",
    )


@pytest.mark.parametrize("actor", [CORA, VIC])
def test_buttons_follow_a_change_of_user(
    qtbot: Any, ledger: Any, tmp_path: Any, actor: Actor
) -> None:
    """Reopening the ledger as someone else (ledger_changed) re-gates the page on show."""
    win = _window(qtbot, ledger, tmp_path)
    page = _page(win, "transactions")
    assert page.new_button.isEnabled()
    ledger.actor = actor
    win.ctx.signals.ledger_changed.emit(EVERYTHING)
    assert win.ctx.wait_idle(10)
    assert not page.new_button.isEnabled()
    assert f"{actor.username} (" in page.new_button.toolTip()


def test_budget_dialogs_gate_deciding_closing_and_reopening(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    from db.ops.locks import close_period
    from ui.qt.dialogs.lifecycle import ApprovalsDialog, PeriodLocksDialog

    win = _window(qtbot, ledger, tmp_path)
    ctx = win.ctx
    with ledger.write() as s:
        close_period(s, ledger.actor, year=2025, period=3, reason="June closed")
    locks = PeriodLocksDialog(ctx)
    qtbot.addWidget(locks)
    assert _state(locks.reopen_button) == (False, "Loading…")  # rows read off the GUI thread
    assert ctx.wait_idle(10)
    assert _state(locks.close_button) == (True, "Close a period or a year")
    assert _state(locks.reopen_button) == (False, "Select a closed period to reopen")
    locks.table.selectRow(0)
    assert _state(locks.reopen_button) == (
        False,
        "fiona (finance officer) cannot reopen a closed period",
    )
    ledger.actor = Actor("ada", "admin")
    locks.update_buttons()
    assert locks.reopen_button.isEnabled()
    assert not locks.close_button.isEnabled()  # administrators post no money
    approvals = ApprovalsDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(approvals)
    assert ctx.wait_idle(10)
    assert _state(approvals.approve_button) == (
        False,
        "Select a pending virement or carry-forward",
    )
    ledger.actor = VIC
    locks.update_buttons()
    assert _state(locks.close_button) == (
        False,
        "Viewers cannot change the ledger: vic (viewer) cannot close a period",
    )
    ledger.actor = CORA
    locks.update_buttons()
    assert _state(locks.close_button) == (
        False,
        "cora (commissioning officer) cannot close a period",
    )
