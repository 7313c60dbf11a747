"""Commentary on a budget line for a period (the Variance page's Add comment…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from fundledger.years import FinancialYear


class CommentDialog(QDialog):
    """Commentary on a budget line for a period."""

    def __init__(self, parent: QWidget | None, line: str, year: int, period: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Commentary — {line}")
        self.period = QSpinBox()
        self.period.setRange(1, 12)
        self.period.setPrefix("P")
        self.period.setValue(period)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)  # Tab goes on to the buttons: no keyboard trap
        self.text.setAccessibleName("Commentary")
        self.text.setPlaceholderText("Why the line is where it is, and what happens next")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Year", QLabel(FinancialYear(year).code))
        form.addRow("Period", self.period)
        form.addRow("Comment", self.text)
        form.addRow(buttons)

    @classmethod
    def get(
        cls, parent: QWidget | None, line: str, year: int, period: int
    ) -> tuple[int, str] | None:
        d = cls(parent, line, year, period)
        text = d.text.toPlainText().strip() if d.exec() == QDialog.DialogCode.Accepted else ""
        return (d.period.value(), text) if text else None
