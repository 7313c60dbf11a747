"""What changed since a return was submitted (issue 22), on screen: the figures, the table's
rows and the ledger rows behind them that came, went or changed, each ledger row with the audit
entries that changed it; Save as workbook… writes the same comparison to Excel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp

if TYPE_CHECKING:
    from ui.usecases.submissions import Compared

__all__ = ["DiffDialog", "signed"]

_MONEY_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def signed(d: Decimal | None, kind: str = "money") -> str:
    """``+£1,234.56`` / ``-£1,234.56`` (a percentage: ``+1.39 points``) / blank."""
    if d is None:
        return ""
    sign = "+" if d > 0 else ""
    if kind == "percent":
        return f"{sign}{d:.2f} points"
    if kind not in ("money", "money_whole"):
        return f"{sign}{d}"
    return sign + format_gbp(d)


def _shown(value: Any, kind: str) -> str:
    """A before/after value as the return shows it (£1,234.56, 99.99%, text)."""
    if value is None:
        return ""
    if isinstance(value, str) and kind in ("money", "money_whole", "percent"):
        try:
            d = Decimal(value)
        except ArithmeticError:
            return value  # words in a money column (Nil)
        return f"{d:.2f}%" if kind == "percent" else format_gbp(d)
    return str(value)


def _table(name: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
           right: Sequence[int] = ()) -> QTableWidget:  # fmt: skip
    t = QTableWidget(len(rows), len(headers))
    t.setAccessibleName(name)
    t.setObjectName(name.replace(" ", "_").lower())
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.setWordWrap(True)
    t.setTabKeyNavigation(False)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(_MONEY_RIGHT)
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    for c in range(len(headers)):
        t.setColumnWidth(c, min(t.columnWidth(c), 420))
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.resizeRowsToContents()
    return t


class DiffDialog(QDialog):
    """One comparison, read-only, with Save as workbook…."""

    def __init__(
        self,
        compared: Compared,
        save: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.compared = compared
        d = compared.diff
        self.setWindowTitle("What changed")
        self.resize(1000, 560)
        summary = QLabel(
            f"<b>{compared.title}</b><br>Before: {d.before_label}<br>After: {d.after_label}<br>"
            + (
                "Nothing changed."
                if d.same
                else f"{len(d.figures)} figures, {len(d.rows)} rows and {len(d.sources)} ledger rows "
                "changed."
            )
        )
        summary.setWordWrap(True)
        summary.setObjectName("diffSummary")
        self.figures = _table("Figures changed", ("Figure", "Status", "Before", "After",
                                                  "Difference"),
                              [(c.name, c.status, _shown(c.before, c.kind), _shown(c.after, c.kind),
                                signed(c.difference, c.kind)) for c in d.figures], right=(2, 3, 4))  # fmt: skip
        self.rows = _table("Rows changed", ("Row", "Status", "Column", "Before", "After",
                                            "Difference"),
                           [(r.key, r.status, c.name, _shown(c.before, c.kind), _shown(c.after, c.kind),
                             signed(c.difference, c.kind)) for r in d.rows for c in r.cells],
                           right=(3, 4, 5))  # fmt: skip
        self.sources = _table("Ledger rows changed", ("Ledger row", "Figure", "Status", "Date",
                                                      "Reference", "Difference", "Audit entries"),
                              [(s.source, s.figure, s.status, s.on or "", s.reference or "",
                                signed(s.difference), "\n".join(s.audit))
                               for s in d.sources], right=(5,))  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rows, f"Rows ({self.rows.rowCount()})")
        self.tabs.addTab(self.figures, f"Figures ({self.figures.rowCount()})")
        self.tabs.addTab(self.sources, f"Ledger rows and audit ({self.sources.rowCount()})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button = QPushButton("&Save as workbook…")
        self.save_button.setToolTip("Write this comparison to Excel (Figures, Table rows, "
                                    "Ledger rows)")  # fmt: skip
        self.save_button.setEnabled(save is not None)
        if save is not None:
            self.save_button.clicked.connect(lambda _c=False: save())
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
