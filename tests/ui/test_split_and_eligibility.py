"""*Split into years…* on the Allocations page (amounts offered evenly, must add up, a reason,
audited); three-state eligibility in the budget-line form (reordering keeps "not known") and
shown as "Not known"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from db.ledger import Ledger
from db.schema import Allocation, BudgetLine
from tests.db.test_allocation_split import LABEL, _range
from tests.db.test_variance import line
from tests.ui.shell_helpers import make_ctx
from ui.qt.dialogs.allocation_split import SplitAllocationDialog
from ui.qt.dialogs.budget import BudgetLineDialog
from ui.qt.models.cells import display

D = Decimal


def test_split_dialog_offers_an_even_split_and_waits_until_it_adds_up(
    qtbot: Any, ledger: Ledger, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    aid = _range(ledger)
    dialog = SplitAllocationDialog(ctx, None, aid)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.years), timeout=20_000)
    assert dialog.what.text() == (
        f"<b>{LABEL}</b> (DA): £1,463,965.00 for 2025-26 to 2026-27. Give each year's amount; "
        "they must add up to the allocation."
    )
    assert [e.text() for e in dialog.years.values()] == ["£731,982.50", "£731,982.50"]
    dialog.years[2025].setText("700,000")
    assert dialog.left.text() == "£31,982.50 still to share out"
    dialog.save()
    assert dialog.error.text() == (
        "• The years add up to £1,431,982.50, not the allocation's £1,463,965.00\n"
        "• Give a reason (recorded in the audit log)"
    )
    dialog.years[2026].setText("£763,965.00")
    assert dialog.left.text() == "The years add up to the allocation."
    dialog.reason.setText("MHCLG letter of 3 April 2025 gives each year's amount")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    with ledger.read() as s:
        years = s.execute(select(Allocation.year_from, Allocation.amount)
                          .where(Allocation.id.in_(dialog.result_value))).all()  # fmt: skip
        assert sorted(years) == [(2025, D("700000.00")), (2026, D("763965.00"))]
        assert s.get(Allocation, aid).superseded  # type: ignore[union-attr]


def test_split_dialog_for_a_one_year_allocation_says_why_not(
    qtbot: Any, ledger: Ledger, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    aid = _range(ledger)
    with ledger.write() as s:
        s.get(Allocation, aid).year_to = 2025  # type: ignore[union-attr]
    dialog = SplitAllocationDialog(ctx, None, aid)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=20_000)
    assert dialog.error.text() == f"• {LABEL} covers one year (2025-26): there is nothing to split"
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_not_known_is_shown_as_such() -> None:
    assert display("bool", None) == "Not known"
    assert display("bool", False) == "No"


def test_reordering_a_line_keeps_its_eligibility_not_known(
    qtbot: Any, ledger: Ledger, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    refuge = line(ledger, "DA", 2025, "Refuge", "125000.00")  # eligibility not known
    dialog = BudgetLineDialog(ctx, None, refuge)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.before is not None and not dialog.loading, timeout=20_000)
    assert dialog.eligible.currentText() == "Not known"
    assert [dialog.eligible.itemText(i) for i in range(3)] == [
        "Not known", "Yes — eligible", "No — not eligible"
    ]  # fmt: skip
    dialog.order.setValue(7)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    with ledger.read() as s:
        row = s.get(BudgetLine, refuge)
        assert row is not None and (row.sort_order, row.eligible) == (7, None)
    # a line decided "no" stays "no" when reordered; "yes" is chosen explicitly
    again = BudgetLineDialog(ctx, None, refuge)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.before is not None and not again.loading, timeout=20_000)
    again.eligible.setCurrentIndex(2)
    again.save()
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted, timeout=20_000)
    third = BudgetLineDialog(ctx, None, refuge)
    qtbot.addWidget(third)
    qtbot.waitUntil(lambda: third.before is not None and not third.loading, timeout=20_000)
    assert third.eligible.currentText() == "No — not eligible"
    third.order.setValue(8)
    third.save()
    qtbot.waitUntil(lambda: third.result() == third.DialogCode.Accepted, timeout=20_000)
    with ledger.read() as s:
        assert s.get(BudgetLine, refuge).eligible is False  # type: ignore[union-attr]
    assert display("bool", None) == "Not known"
