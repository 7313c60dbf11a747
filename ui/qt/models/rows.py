"""A small table model over immutable rows already loaded (users, locks, thresholds).

Columns are ``(header, kind)`` pairs; kinds as in :mod:`ui.qt.models.cells`.  For big tables
use :class:`ui.qt.models.register.RegisterModel` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from .cells import display, is_right_aligned, sort_value
from .register import ID_ROLE, LEFT, RIGHT, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Rows of values with an id each; DisplayRole formatted, SORT_ROLE raw."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.ids: list[int] = []

    def set_rows(self, ids: Sequence[int], rows: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self.rows = [tuple(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        kind = self.columns[index.column()][1]
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(kind, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if is_right_aligned(kind) else LEFT)
        if role == SORT_ROLE:
            return sort_value(kind, value)
        if role == ID_ROLE:
            return self.ids[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section][0]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(RIGHT if is_right_aligned(self.columns[section][1]) else LEFT)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None
