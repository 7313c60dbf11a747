"""Revise original…: the budget line's edit form shows the agreed original read-only; the
revision dialog changes it with a reason (finance), audited."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from db.schema import BudgetLine, BudgetRevision
from tests.db.lifecycle_helpers import line
from tests.ui.shell_helpers import make_ctx
from ui.qt.dialogs.budget import BudgetLineDialog
from ui.qt.dialogs.budget_revision import ReviseOriginalDialog


def test_revise_original_changes_the_agreed_budget_with_a_reason(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    staff = line(ledger, "DA", 2025, "Staff", "252037.00")
    ctx = make_ctx(ledger, tmp_path)
    edit = BudgetLineDialog(ctx, None, staff)
    qtbot.addWidget(edit)
    assert ctx.wait_idle(10)
    assert edit.original.text() == "252,037.00" and edit.original.isReadOnly()
    dialog = ReviseOriginalDialog(ctx, None, staff)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    assert (dialog.line.text(), dialog.current.text()) == ("Staff", "£252,037.00")
    dialog.original.setText("£260,000")
    dialog.save()
    assert dialog.error.text() == (
        "• Give the reason for the revision (it is recorded in the audit log)"
    )
    dialog.reason.setText("Cabinet agreed the revised grant on 12/09/2025")
    dialog.show()
    dialog.grab().save(str(tmp_path / "revise.png"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with ledger.read() as s:
        assert s.get(BudgetLine, staff).original == Decimal("260000.00")
        rev = s.execute(select(BudgetRevision)).scalar_one()
        assert (rev.id, rev.reason) == (
            dialog.result_value, "Cabinet agreed the revised grant on 12/09/2025",
        )  # fmt: skip
