"""A sortable, read-only table over a :class:`ui.qt.models.records.RecordsModel`; its header's
context menu hides and shows columns (remembered: :class:`ui.qt.widgets.columns.ColumnChooser`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..models.records import SORT_ROLE, RecordsModel
from .columns import ColumnChooser
from .placeholder import paint_placeholder
from .selection import select_only_row


class RecordsTable(QTableView):
    """Sorting by the raw value (pence, ISO dates); whole-row single selection.  An empty table
    says so (``empty_text``) instead of showing a blank area."""

    empty_text = "Nothing to show for this stream and year."

    #: the user hid or showed a column from the header menu
    columns_changed = Signal()

    def __init__(
        self,
        model: RecordsModel[Any],
        name: str,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        """``settings`` remember hidden columns (default: the parent page's or dialog's)."""
        super().__init__(parent)
        self.source = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAccessibleName(name)
        self.setObjectName(name.replace(" ", "_").lower())
        self.column_chooser = ColumnChooser(self, settings=settings)
        self.column_chooser.changed.connect(self.columns_changed)

    def set_default_hidden(self, column: int, hidden: bool) -> None:
        """Hide or show ``column`` unless the user chose otherwise from the header menu."""
        self.column_chooser.set_default_hidden(column, hidden)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.proxy.rowCount() == 0:
            paint_placeholder(self, self.empty_text)

    def selected_row(self) -> Any | None:
        """The selected row object, or None."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.source.row(self.proxy.mapToSource(rows[0]).row())

    def select_id(self, row_id: object) -> bool:
        """Select and scroll to the row whose ``id`` is ``row_id`` (a record just saved);
        False when it is not (yet) among the rows."""
        for i, row in enumerate(self.source.rows):
            if getattr(row, "id", None) == row_id:
                index = self.proxy.mapFromSource(self.source.index(i, 0))
                if not index.isValid():
                    return False
                return select_only_row(self, index.row())
        return False

    def fit(self, widest: int = 260) -> None:
        """Size columns to their contents, none wider than ``widest`` pixels."""
        self.resizeColumnsToContents()
        for c in range(self.source.columnCount()):
            if self.columnWidth(c) > widest:
                self.setColumnWidth(c, widest)
