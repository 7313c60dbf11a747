"""The Contracts page's filter bar: search, provider, ending within N months, decision pending,
flagged lines, and the lines behind a budget line's committed (set by the Variance page's drill).

The bar only edits a :class:`ui.controllers.contract_filter.ContractFilter`; which rows pass is
decided by the Qt-free :func:`ui.controllers.contract_filter.filter_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from fundledger.years import FinancialYear
from ui.controllers.contract_filter import ContractFilter

ALL_PROVIDERS = "All providers"


class ContractFilterBar(QWidget):
    """Search box, provider list, *Ending within N months*, *Decision pending*, *Flagged*."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search service, provider, reference, line…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search contract lines")
        self.provider = QComboBox()
        self.provider.setAccessibleName("Provider")
        self.provider.setMinimumContentsLength(18)
        self.provider.addItem(ALL_PROVIDERS)
        self.ending = QCheckBox("Ending &within")
        self.ending.setToolTip("Only lines whose last day falls between today and N months on")
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setValue(12)
        self.months.setSuffix(" months")
        self.months.setAccessibleName("Ending within months")
        self.pending = QCheckBox("&Decision pending")
        self.pending.setToolTip("Only lines with an extension option not yet taken or declined")
        self.flagged = QCheckBox("F&lagged")
        self.flagged.setToolTip(
            "Only lines with a warning: invoiced beyond value, ended with money not invoiced, "
            "ending with a decision pending, invoices after the end"
        )
        self.behind_label = QLabel()
        self.behind_label.setObjectName("filterChip")
        self.behind_clear = QToolButton()
        self.behind_clear.setText("✕")
        self.behind_clear.setToolTip("Show every line again")
        self.behind_clear.setAccessibleName("Clear the committed filter")
        self.behind: tuple[str, int] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        for w in (self.provider, self.ending, self.months, self.pending, self.flagged):
            layout.addWidget(w)
        layout.addWidget(self.behind_label)
        layout.addWidget(self.behind_clear)
        layout.addStretch(1)
        self.search.textChanged.connect(lambda _t: self.changed.emit())
        self.provider.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.ending.toggled.connect(self._ending_toggled)
        self.months.valueChanged.connect(self._months_changed)
        self.pending.toggled.connect(lambda _c: self.changed.emit())
        self.flagged.toggled.connect(lambda _c: self.changed.emit())
        self.behind_clear.clicked.connect(lambda: self.set_behind(None))
        self.months.setEnabled(False)
        self._show_behind()

    def _months_changed(self, _months: int) -> None:
        if self.ending.isChecked():
            self.changed.emit()

    def _ending_toggled(self, on: bool) -> None:
        self.months.setEnabled(on)
        self.changed.emit()

    def set_providers(self, names: Iterable[str]) -> None:
        """Offer these providers (sorted, once each), keeping the current choice if still there."""
        current = self.provider.currentText()
        wanted = [ALL_PROVIDERS, *sorted({n for n in names if n}, key=str.casefold)]
        if [self.provider.itemText(i) for i in range(self.provider.count())] == wanted:
            return
        self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItems(wanted)
        index = self.provider.findText(current)
        self.provider.setCurrentIndex(max(index, 0))
        self.provider.blockSignals(False)
        if index < 0 and current != ALL_PROVIDERS:
            self.changed.emit()

    def set_behind(self, behind: tuple[str, int] | None) -> None:
        """Show only the lines behind a budget line's committed in a year (None: clear)."""
        self.behind = behind
        self._show_behind()
        self.changed.emit()

    def _show_behind(self) -> None:
        shown = self.behind is not None
        if self.behind is not None:
            line, year = self.behind
            self.behind_label.setText(
                f"Behind committed on <b>{line}</b> {FinancialYear(year).code}"
            )
        self.behind_label.setVisible(shown)
        self.behind_clear.setVisible(shown)

    def clear(self) -> None:
        """Every filter off (one refresh)."""
        self.blockSignals(True)
        self.search.clear()
        self.provider.setCurrentIndex(0)
        self.ending.setChecked(False)
        self.pending.setChecked(False)
        self.flagged.setChecked(False)
        self.behind = None
        self._show_behind()
        self.blockSignals(False)
        self.changed.emit()

    def value(self) -> ContractFilter:
        provider = self.provider.currentText()
        return ContractFilter(
            text=self.search.text(),
            provider=None if provider == ALL_PROVIDERS else provider,
            ending_within_months=self.months.value() if self.ending.isChecked() else None,
            decision_pending=self.pending.isChecked(),
            flagged=self.flagged.isChecked(),
            behind=self.behind,
        )

    def active(self) -> bool:
        return self.value() != ContractFilter()
