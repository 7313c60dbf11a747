"""The Returns page's preview: the rows a return will write and its total row, as the workbook
shows them (£, dd/mm/yyyy, 28.16%, Nil), and the list of returns with wrapped labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from fundledger.money import format_gbp

from ..models.cells import display
from ..models.records import LEFT, RIGHT, SORT_ROLE

if TYPE_CHECKING:
    from ui.usecases.exports import Prepared

Index = QModelIndex | QPersistentModelIndex
_RIGHT_KINDS = ("money", "int", "percent", "period")

__all__ = ["PreviewModel", "Role", "WrappedItems", "cell_text", "return_label", "roi_text"]


def return_label(key: str, text: str) -> str:
    """``"OPCC allocations to CSPs vs expenditure to date\n(opcc-csp)"``: the name a reader
    knows, then (on its own line, so it never breaks at a hyphen) the code the CLI takes."""
    return f"{text}\n({key})"


class WrappedItems(QStyledItemDelegate):
    """Items as tall as their wrapped text at the list's current width.

    The default size hint wraps at a slightly different width from the one used to paint, so
    an item could be one line short and end in "…" ("Variance report with RAG and
    commentary…") with its CLI code lost.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QListView):
            return hint
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = view.viewport().width() - 2 * view.spacing() - 12
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 40), 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class Role(IntEnum):
    """Extra roles of the preview model."""

    SORT = SORT_ROLE
    IS_TOTAL = Qt.ItemDataRole.UserRole + 2


def cell_text(kind: str, value: Any) -> str:
    """A preview cell as the workbook shows it (£, dd/mm/yyyy, 28.16%, Nil)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "percent" and isinstance(value, Decimal):
        return f"{value:.2f}%"
    if kind == "period" and isinstance(value, int):
        return f"P{value:02d}"
    if kind in ("money", "money_whole") and isinstance(value, Decimal | int):
        return format_gbp(Decimal(value))
    return display(kind, value)


def roi_text(figures: dict[str, Any]) -> str:
    """``return on council investment 258.89% (£45,400.00 private income, £12,650.00
    invested)``, from the return's own figures."""
    roi, lev, inv = (figures.get(k) for k in ("pmt.roi_pct", "pmt.leverage", "pmt.investment"))
    if not isinstance(roi, Decimal) or not isinstance(lev, Decimal) or not isinstance(inv, Decimal):
        return "no council investment recorded"
    return (
        f"return on council investment {roi}% ({format_gbp(lev)} private income, "
        f"{format_gbp(inv)} invested)"
    )


class PreviewModel(QAbstractTableModel):
    """The rows a return will write, then its total row (the totals it will cache)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.kinds: tuple[str, ...] = ()
        self.rows: list[tuple[Any, ...]] = []
        self.totals: dict[str, Decimal] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_prepared(self, prepared: Prepared | None) -> None:
        self.beginResetModel()
        if prepared is None:
            self.headers, self.kinds, self.rows, self.totals = (), (), [], {}
        else:
            self.headers, self.kinds = prepared.headers, prepared.kinds
            self.rows, self.totals = list(prepared.rows), dict(prepared.totals)
            self.totals.update(prepared.total_extra)
        self.endResetModel()

    def total_row(self) -> tuple[Any, ...]:
        if not self.headers:
            return ()
        return tuple("Total" if i == 0 else self.totals.get(h) for i, h in enumerate(self.headers))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self.headers:
            return 0
        return len(self.rows) + (1 if self.totals else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if self.kinds[section] in _RIGHT_KINDS else LEFT
        return None

    def _value(self, row: int, col: int) -> Any:
        values = self.rows[row] if row < len(self.rows) else self.total_row()
        return values[col] if col < len(values) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        r, c = index.row(), index.column()
        kind, value = self.kinds[c], self._value(r, c)
        is_total = r >= len(self.rows)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(kind, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if kind in _RIGHT_KINDS else LEFT
        if role == Role.SORT:
            if isinstance(value, Decimal):
                return int(value * 100)
            return value.isoformat() if isinstance(value, date) else ("" if value is None
                                                                       else str(value))  # fmt: skip
        if role == Role.IS_TOTAL:
            return is_total
        if role == Qt.ItemDataRole.FontRole and is_total:
            return self._bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
