"""Phasing a forecast outturn by period: an amount for each of P1…P12 that must add up to the
outturn.  It opens straight-line (by days, largest remainder, so it adds up exactly); the
difference still to place is shown as the amounts are typed, and OK waits until it is nil."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import ZERO, format_gbp, split
from fundledger.variance import period_days
from fundledger.years import FinancialYear, period_label

from .form import parse_money_field


def straight_line(outturn: Decimal, year: int) -> list[Decimal]:
    """The outturn spread over P1…P12 by days (largest remainder: the parts add up exactly)."""
    return list(split(outturn, period_days(FinancialYear(year))))


class PhasingDialog(QDialog):
    """Twelve amounts adding up to the forecast outturn."""

    def __init__(
        self,
        parent: QWidget | None,
        line: str,
        year: int,
        outturn: Decimal,
        start: Sequence[Decimal] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Phase the forecast — {line}")
        self.outturn = outturn
        self.year = year
        self.edits: list[QLineEdit] = []
        grid = QGridLayout()
        for p, value in enumerate(start or straight_line(outturn, year), 1):
            edit = QLineEdit(format_gbp(value))
            edit.setAccessibleName(f"{period_label(p)} forecast")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.textChanged.connect(lambda _t: self._check())
            self.edits.append(edit)
            row, col = (p - 1) % 6, 2 * ((p - 1) // 6)
            grid.addWidget(QLabel(period_label(p)), row, col)
            grid.addWidget(edit, row, col + 1)
        self.left = QLabel()
        self.left.setAccessibleName("Still to phase")
        even = QPushButton("&Straight line")
        even.setToolTip("Spread the outturn over the periods by days")
        even.clicked.connect(lambda _c=False: self.set_values(straight_line(outturn, year)))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(even, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Forecast outturn {format_gbp(outturn)} for "
                                f"{FinancialYear(year).code}, by period:"))  # fmt: skip
        layout.addLayout(grid)
        layout.addWidget(self.left)
        layout.addWidget(self.buttons)
        self._check()

    def set_values(self, values: Sequence[Decimal]) -> None:
        for edit, v in zip(self.edits, values, strict=True):
            edit.setText(format_gbp(v))

    def values(self) -> list[Decimal] | None:
        """The twelve amounts, or None while one is not an amount."""
        out: list[Decimal] = []
        for p, edit in enumerate(self.edits, 1):
            value, _problem = parse_money_field(edit.text(), period_label(p))
            if value is None:
                return None
            out.append(value)
        return out

    def _check(self) -> None:
        values = self.values()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if values is None:
            self.left.setText("Every period needs an amount (£0.00 for none).")
            ok.setEnabled(False)
            return
        left = self.outturn - sum(values, ZERO)
        self.left.setText(
            "The periods add up to the outturn."
            if left == 0
            else f"{format_gbp(abs(left))} {'still to phase' if left > 0 else 'over the outturn'}"
        )
        ok.setEnabled(left == 0)

    @classmethod
    def get(
        cls,
        parent: QWidget | None,
        line: str,
        year: int,
        outturn: Decimal,
        start: Sequence[Decimal] | None = None,
    ) -> list[Decimal] | None:
        d = cls(parent, line, year, outturn, start)
        if d.exec() != QDialog.DialogCode.Accepted:
            return None
        return d.values()
