"""A table model over immutable records (frozen dataclasses from ``db.queries``).

Columns are declared as data (:class:`Column`: title, kind, getter, optional warning test);
display, alignment, sort values come from :mod:`ui.qt.models.cells`, so money shows as
``£1,234.50`` right-aligned and sorts by pence.  A cell whose warning test returns text is
painted in the warning colour with the warning as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from .cells import display, is_right_aligned, sort_value

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
WARN = QColor("#b3261e")
Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    title: str
    kind: str  # text | money | date | datetime | year | period | int | bool
    get: Callable[[R], Any]
    #: returns text (the warning) when the cell should stand out
    warn: Callable[[R], str] | None = None
    #: the header's tooltip (e.g. the full name of an abbreviated title)
    tip: str = ""


class RecordsModel(QAbstractTableModel, Generic[R]):
    """Read-only records; :meth:`set_rows` replaces them."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> R:
        return self.rows[i]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if is_right_aligned(col.kind) else LEFT
            if role == Qt.ItemDataRole.ToolTipRole and col.tip:
                return col.tip
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return display(col.kind, col.get(row))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if is_right_aligned(col.kind) else LEFT
        if role == SORT_ROLE:
            return sort_value(col.kind, col.get(row))
        warning = col.warn(row) if col.warn else ""
        if role == Qt.ItemDataRole.ForegroundRole and warning:
            return QBrush(WARN)
        if role == Qt.ItemDataRole.ToolTipRole:
            if warning:
                return warning
            # the whole text of a cell too narrow to show it (elided with "…")
            text = display(col.kind, col.get(row)) if col.kind == "text" else None
            return text or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
