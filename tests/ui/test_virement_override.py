"""The virement dialogs and the available check: a budget holder's request out of a line with
nothing available is refused with the reason; finance can request or approve with an override."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings

from db.ops.transactions import TransactionInput, add_transaction
from db.schema import Virement
from tests.db.lifecycle_helpers import DA_HOLDER, FIONA, FRANK, line, sid


@pytest.fixture
def ctx(ledger, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    from ui.qt.context import AppContext

    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    line(ledger, "DA", 2025, "Other", "500.00")
    with ledger.write() as s:  # Staff: £0.00 available
        add_transaction(s, FIONA, TransactionInput(stream_id=sid(ledger, "DA"),
                        txn_date=date(2025, 6, 3), amount=Decimal("1000.00"),
                        budget_line_id=staff))  # fmt: skip
    c = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.pool.waitForDone(5000)


def _request(ctx, qtbot, override: str = ""):  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import VirementDialog

    dialog = VirementDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.amount.setText("£250.00")
    dialog.reason.setPlainText("rephase")
    dialog.override.setText(override)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
    return dialog


def test_a_request_beyond_available_needs_finances_override(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx.ledger.actor = DA_HOLDER
    refused = _request(ctx, qtbot)
    assert refused.override.isHidden()  # a budget holder is not offered the override
    assert refused.error.text().startswith(
        "• moving £250.00 out of Staff (2025-26) would take it below zero available: £0.00 "
        "available leaves -£250.00; finance can override this with a reason"
    )
    ctx.ledger.actor = FIONA
    done = _request(ctx, qtbot, "Cabinet agreed 01/07/2025")
    done.grab().save(str(ctx.ledger.path.parent / "virement-override.png")) if False else None
    assert done.error.text() == "" and done.result_value is not None
    with ctx.ledger.read() as s:
        v = s.get(Virement, done.result_value)
        assert (v.override_reason, v.override_by) == ("Cabinet agreed 01/07/2025", "fiona")


def test_finance_approves_with_an_override(ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import ApprovalsDialog
    from ui.qt.dialogs.reason import ReasonDialog
    from ui.usecases import lifecycle

    ctx.ledger.actor = DA_HOLDER
    other, staff = (line_id(ctx, n) for n in ("Other", "Staff"))
    vid = lifecycle.request_virement(ctx.ledger, other, staff, Decimal("400.00"), "cover", 4)
    with ctx.ledger.write() as s:  # Other spends before the approval: £100.00 left
        add_transaction(s, FIONA, TransactionInput(stream_id=sid(ctx.ledger, "DA"),
                        txn_date=date(2025, 7, 3), amount=Decimal("400.00"),
                        budget_line_id=other))  # fmt: skip
    ctx.ledger.actor = FRANK
    approvals = ApprovalsDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(approvals)
    assert ctx.wait_idle(10)
    approvals.table.selectRow(0)
    ctx.ledger.actor = DA_HOLDER  # a budget holder may approve, but not override
    assert approvals.why_no_override() == "Only finance can override the available check"
    ctx.ledger.actor = FRANK
    approvals.update_buttons()
    assert approvals.override_button.isEnabled()
    approvals.approve()
    qtbot.waitUntil(lambda: approvals.message.text() != "", timeout=5000)
    assert "would take it below zero available: £100.00 available" in approvals.message.text()
    monkeypatch.setattr(ReasonDialog, "get", classmethod(lambda cls, *a: "accrual reverses"))
    approvals.approve_with_override()
    qtbot.waitUntil(lambda: approvals.model.rows[0].status == "approved", timeout=5000)
    with ctx.ledger.read() as s:
        assert s.get(Virement, vid).override_reason == "accrual reverses"
    column = [c.title for c in approvals.model.columns].index("Override")
    shown = approvals.model.index(0, column).data()
    assert shown == "frank: accrual reverses"  # who overrode it and why, in the list


def line_id(ctx, name: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.schema import BudgetLine

    with ctx.ledger.read() as s:
        return int(s.execute(select(BudgetLine.id).where(BudgetLine.name == name)).scalar_one())
