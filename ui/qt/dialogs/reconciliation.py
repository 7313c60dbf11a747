"""Dialogs of the reconciliation page: explain an unmatched item (sign-off and reopen:
:mod:`ui.qt.dialogs.recon_signoff`).

Each has a ``get`` classmethod returning the answer or None, so tests can replace it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.reconcile import CATEGORIES

from ..models.reconciliation import ReconRow

__all__ = ["ExplainDialog"]


class ExplainDialog(QDialog):
    """Why an item is unmatched: a category and a note."""

    def __init__(self, parent: QWidget | None, row: ReconRow, more: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Explain unmatched items" if more else "Explain unmatched item")
        form = QFormLayout(self)
        i = row.item
        also = f" and {more} more ticked" if more else ""
        form.addRow(
            "Item", QLabel(f"{i.reference or '(no reference)'} · {format_gbp(i.amount)}{also}")
        )
        self.category = QComboBox()
        for c in CATEGORIES:
            self.category.addItem(c.replace("_", " "), c)
        current = row.explanation[0] if row.explanation else row.hint
        if current in CATEGORIES:
            self.category.setCurrentIndex(CATEGORIES.index(current))
        self.text = QLineEdit(row.explanation[1] or "" if row.explanation else "")
        form.addRow("Category", self.category)
        form.addRow("Explanation", self.text)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    @classmethod
    def get(
        cls, parent: QWidget | None, row: ReconRow, more: int = 0
    ) -> tuple[str, str | None] | None:
        dlg = cls(parent, row, more)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dlg.category.currentData()), dlg.text.text().strip() or None
