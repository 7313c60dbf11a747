"""Every entry form by keyboard alone, on the demo ledger: it opens with the focus on a field,
Tab and Shift+Tab reach every enabled control and come back round (no keyboard trap — a
multi-line note hands Tab on), Escape cancels, and a form filled by typing saves with Enter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid
from sqlalchemy import select

from db.ledger import Ledger
from db.queries import contracts as cq
from db.schema import BudgetLine, ContractExtension
from fundledger.money import Money
from fundledger.reconcile import StatementItem
from tests.ui.keyboard_walk import controls, missed, name_of, walk
from ui.qt.context import AppContext
from ui.qt.dialogs.budget import AllocationDialog, BudgetLineDialog
from ui.qt.dialogs.budget_revision import ReviseOriginalDialog
from ui.qt.dialogs.contract import ContractDialog, ExtensionDialog, ProfileDialog
from ui.qt.dialogs.lifecycle.carry_forward import CarryForwardDialog
from ui.qt.dialogs.lifecycle.close_period import ClosePeriodDialog
from ui.qt.dialogs.lifecycle.forecast import ForecastDialog
from ui.qt.dialogs.lifecycle.virement import VirementDialog
from ui.qt.dialogs.partners import (
    ContributionDialog,
    IncomeDialog,
    RaiseRechargesDialog,
    ReceiptDialog,
)
from ui.qt.dialogs.reason import ReasonDialog
from ui.qt.dialogs.recon_signoff import ReopenDialog, SignOffDialog
from ui.qt.dialogs.reconciliation import ExplainDialog
from ui.qt.dialogs.refdata import (
    AliasDialog,
    CostCentreDialog,
    MergeDialog,
    OrgDialog,
    RuleDialog,
    StreamDialog,
)
from ui.qt.dialogs.submit_return import SubmitDialog
from ui.qt.dialogs.transaction import TransactionDialog
from ui.qt.dialogs.users import UserDialog
from ui.qt.dialogs.variance_comment import CommentDialog
from ui.qt.models.reconciliation import ReconRow
from ui.usecases import reference as ref
from ui.usecases.session import open_ledger

Make = Callable[[AppContext], QDialog]
TODAY = date(2026, 11, 23)


def _ledger(c: AppContext) -> Ledger:
    assert c.ledger is not None
    return c.ledger


def _first_line(c: AppContext) -> int:
    with _ledger(c).read() as s:
        return s.execute(select(BudgetLine.id).order_by(BudgetLine.id).limit(1)).scalar_one()


def _contract_with_option(c: AppContext) -> Any:
    """A demo contract line that has an extension option (to decide, or to profile)."""
    first = select(ContractExtension.contract_line_id).order_by(ContractExtension.contract_line_id)
    with _ledger(c).read() as s:
        return cq.contract(s, s.execute(first.limit(1)).scalar_one(), today=TODAY)


def _unmatched() -> ReconRow:
    """A general-ledger line with nothing to match (explained as a duplicate payment)."""
    paid = Money(Decimal("1950.00"))
    return ReconRow(
        StatementItem(9, "DA", date(2025, 5, 14), paid, "INV-TUR-1", "Turning Point"),
        None,
        "duplicate_payment",
    )


def _orgs(c: AppContext) -> list[Any]:
    return ref.organisations(_ledger(c))


DIALOGS: dict[str, Make] = {
    "transaction": lambda c: TransactionDialog(c, None, None, "DA", 2025),
    "allocation": lambda c: AllocationDialog(c),
    "budget line": lambda c: BudgetLineDialog(c),
    "contract": lambda c: ContractDialog(c, None, None, "DA"),
    "virement": lambda c: VirementDialog(c, None, "DA", 2025),
    "forecast": lambda c: ForecastDialog(c, None, "DA", 2025),
    "carry-forward": lambda c: CarryForwardDialog(c, None, "DA"),
    "close period": lambda c: ClosePeriodDialog(c, None, "DA"),
    "contribution": lambda c: ContributionDialog(c, None, "YJ", 2025),
    "recharge": lambda c: RaiseRechargesDialog(c, None, "YJ", 2025),
    "income": lambda c: IncomeDialog(c, None, "PMT", 2025),
    "user": lambda c: UserDialog(c),
    "stream": lambda c: StreamDialog(c, None),
    "cost centre": lambda c: CostCentreDialog(c, None, ["DA"], "DA"),
    "organisation": lambda c: OrgDialog(c, None),
    "reason": lambda c: ReasonDialog(None, "Reverse transaction", "Why?"),
    "commentary": lambda c: CommentDialog(None, "Refuge", 2025, 6),
    "revise original": lambda c: ReviseOriginalDialog(c, None, _first_line(c)),
    "extension decision": lambda c: ExtensionDialog(c, None, _contract_with_option(c)),
    "contract profile": lambda c: ProfileDialog(c, None, _contract_with_option(c)),
    "receipt (recharge)": lambda c: ReceiptDialog(c, None, "recharge", 1, Decimal("250"), "#1"),
    "receipt (income)": lambda c: ReceiptDialog(c, None, "income", 1, Decimal("250"), "#1"),
    "alias": lambda c: AliasDialog(c, None, _orgs(c)[0]),
    "merge": lambda c: MergeDialog(c, None, _orgs(c)[0], _orgs(c)),
    "explain": lambda c: ExplainDialog(None, _unmatched()),
    "explain ticked": lambda c: ExplainDialog(None, _unmatched(), more=2),
    "reconciliation sign-off": lambda c: SignOffDialog(c, None, ["DA", "YJ"], ["DA"], 2025, (1, 6)),
    "reconciliation reopen": lambda c: ReopenDialog(None, "DA", 2025, (1, 6)),
    "submit return": lambda c: SubmitDialog(
        "DA quarterly return", "da-q2.xlsx", "Q2 2025-26", "returns@example.org"
    ),
    "rule": lambda c: RuleDialog(
        c,
        None,
        [x.code for x in ref.cost_centres(_ledger(c))],
        ref.contract_choices(_ledger(c), TODAY),
    ),
}


@pytest.fixture
def ctx(qtbot, demo_ledger_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(demo_ledger_path), "admin")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(ledger, settings)
    yield context
    context.wait_idle(20)
    ledger.dispose()


def shown(qtbot, ctx: AppContext, make: Make) -> Any:  # type: ignore[no-untyped-def]
    dialog = make(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    for _ in range(3):
        assert ctx.wait_idle(20)
        QApplication.processEvents()
    return dialog


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_every_form_is_walked_and_cancelled_by_keyboard(qtbot, ctx, kind):  # type: ignore[no-untyped-def]
    dialog: QDialog = shown(qtbot, ctx, DIALOGS[kind])
    focus = QApplication.focusWidget()
    assert isinstance(focus, QWidget) and dialog.isAncestorOf(focus), (
        f"{kind}: opens with {name_of(focus)} focused"
    )
    body = getattr(dialog, "body", None)  # an entry form: its first field, not a button
    if body is not None:
        assert body.isAncestorOf(focus), f"{kind}: opens with {name_of(focus)} focused"
    todo = controls(dialog)
    for backwards in (False, True):
        got = walk(todo[0], backwards)
        assert got.stuck is None, f"{kind}: Tab is trapped at {name_of(got.stuck)}"
        assert not missed(dialog, got.chain), f"{kind}: never reached: {missed(dialog, got.chain)}"
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_a_reason_typed_then_tab_and_enter_is_given(qtbot, ctx):  # type: ignore[no-untyped-def]
    dialog: ReasonDialog = shown(qtbot, ctx, DIALOGS["reason"])
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Coded to the wrong line")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert dialog.text.toPlainText() == "Coded to the wrong line"  # no tab typed into it
    assert QApplication.focusWidget() is not dialog.text
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason() == "Coded to the wrong line"


def test_an_organisation_typed_in_and_saved_with_enter(qtbot, ctx):  # type: ignore[no-untyped-def]
    dialog: OrgDialog = shown(qtbot, ctx, DIALOGS["organisation"])
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Keyboard Recovery CIC")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.kind
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert ctx.wait_idle(20)
    assert dialog.result_value is not None


def test_income_typed_in_by_mnemonics_is_saved_with_enter_and_selected(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.qt.pages.income import IncomePage
    from ui.usecases.session import resolve_actor

    ctx.ledger.actor = resolve_actor(ctx.ledger, "m.price")  # finance: may raise income
    page = IncomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.set_scope("PMT", 2025)
    assert ctx.wait_idle(20)
    before = page.item_model.rowCount()
    done: list[str] = []

    def fill() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or not ctx.wait_idle(0.01) or not dialog.isEnabled():
            QTimer.singleShot(50, fill)
            return
        for key, text in ((Qt.Key.Key_U, "Keyboard Cafe Ltd"), (Qt.Key.Key_A, "123.45")):
            qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)  # the label's letter
            qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Raised on
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
        )
        qtbot.keyClicks(QApplication.focusWidget(), "15 Sep 2025")  # in the page's year
        done.append(dialog.windowTitle())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

        def give_up() -> None:  # saving is checked off the GUI thread: time to finish
            if isValid(dialog) and dialog.isVisible():
                done.append(dialog.error.text())
                dialog.reject()

        QTimer.singleShot(15_000, give_up)

    QTimer.singleShot(0, fill)
    assert ctx.why_not("income.write", "PMT") is None
    page.new_record()
    assert len(done) == 1, done
    qtbot.waitUntil(lambda: page.item_model.rowCount() == before + 1, timeout=20_000)
    row = page.items.selected_row()
    assert row is not None and row.customer == "Keyboard Cafe Ltd"  # the saved row, selected
