"""*Split into years…*: a range allocation shared into one allocation per year.

``SplitAllocationDialog.run(ctx, parent, allocation_id)`` returns the new allocations' ids or
None.  The years start at an even split (largest remainder, so they add up); as amounts are
typed, the amount still to share out is shown, and Save waits until it is nil and a reason is
given.  The split is one audited write (:func:`ui.usecases.allocations.split`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPushButton, QWidget

from fundledger.money import ZERO, format_gbp
from fundledger.years import FinancialYear
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import FormDialog, NoteLabel, parse_money_field

if TYPE_CHECKING:
    from ui.usecases.allocations import SplitInfo

    from ..context import AppContext


class SplitAllocationDialog(FormDialog):
    """Amounts per year that add up to the range allocation, and why."""

    changes = topics(T.BUDGET)

    def __init__(self, ctx: AppContext, parent: QWidget | None, allocation_id: int) -> None:
        super().__init__(ctx, "Split an allocation into years", parent)
        self.info: SplitInfo | None = None
        self.years: dict[int, QLineEdit] = {}
        self.what = QLabel("Loading…")
        self.what.setWordWrap(True)
        self.form.addRow(self.what)
        self.left = NoteLabel()
        self.left.setAccessibleName("Still to share out")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. the funder's letter of 3 April 2025 gives each year")
        self.even = QPushButton("&Even split")
        self.even.setToolTip("Share the allocation equally over the years (largest remainder)")
        self.even.clicked.connect(lambda _c=False: self._fill_even())
        self.buttons.addButton(self.even, QDialogButtonBox.ButtonRole.ResetRole)
        from ui.usecases.allocations import split_info

        self.load_options(lambda ledger: split_info(ledger, allocation_id), self._loaded)

    def _loaded(self, info: SplitInfo) -> None:
        self.info = info
        self.what.setText(
            f"<b>{info.label}</b> ({info.stream}): {format_gbp(info.amount)} for "
            f"{info.years_text}. Give each year's amount; they must add up to the allocation."
        )
        if info.problem is not None:
            self.show_problems([info.problem[0].upper() + info.problem[1:]])
            self.body.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.even.setEnabled(False)
            return
        for year, amount in info.suggested.items():
            edit = QLineEdit(format_gbp(amount))
            edit.textChanged.connect(lambda _t: self._show_left())
            self.years[year] = edit
            self.add_row(FinancialYear(year).code, edit, "This year's share of the allocation")
        self.form.addRow(self.left)
        self.add_row("&Reason", self.reason, "Required; recorded in the audit log")
        self._show_left()

    def _fill_even(self) -> None:
        if self.info is not None:
            for year, amount in self.info.suggested.items():
                self.years[year].setText(format_gbp(amount))

    def amounts(self) -> dict[int, Decimal] | None:
        """Each year's amount, or None while one is not an amount."""
        out: dict[int, Decimal] = {}
        for year, edit in self.years.items():
            value, problem = parse_money_field(edit.text(), FinancialYear(year).code)
            self.mark(edit, problem is not None)
            if value is None:
                return None
            out[year] = value
        return out

    def _show_left(self) -> None:
        amounts, info = self.amounts(), self.info
        if amounts is None or info is None:
            self.left.setText("")
            return
        left = info.amount - sum(amounts.values(), ZERO)
        self.left.setText(
            "The years add up to the allocation."
            if left == 0
            else f"{format_gbp(abs(left))} "
            f"{'still to share out' if left > 0 else 'more than the allocation'}"
        )

    def problems(self) -> list[str]:
        out: list[str] = []
        amounts, info = self.amounts(), self.info
        if info is None or info.problem is not None:
            return [info.problem if info and info.problem else "Still loading"]
        if amounts is None:
            out.append("Every year needs an amount (£0.00 for none)")
        elif (total := sum(amounts.values(), ZERO)) != info.amount:
            out.append(f"The years add up to {format_gbp(total)}, not the allocation's "
                       f"{format_gbp(info.amount)}")  # fmt: skip
        if not self.reason.text().strip():
            out.append("Give a reason (recorded in the audit log)")
        return out

    def saved_text(self, result: Any) -> str:
        made = ", ".join(f"#{i}" for i in result or [])
        info = self.info
        what = f"allocation #{info.id} ({format_gbp(info.amount)})" if info else "the allocation"
        return f"Split {what} into {len(result or [])} years: {made}"

    def write(self, ledger: Any) -> list[int]:
        from ui.usecases.allocations import split

        info, amounts = self.info, self.amounts()
        assert info is not None and amounts is not None
        return split(ledger, info.id, amounts, self.reason.text().strip(), info.version)
