"""Table model for one side of the reconciliation page: ledger items or statement lines.

The model sorts its own rows (:meth:`ReconItemsModel.sort`, one Python sort on a key per row):
a ``QSortFilterProxyModel`` over it calls ``data()`` for every comparison and froze the GUI
thread for over a minute on a year of a million-row ledger.

Rows are immutable :class:`ReconRow` values (the item, its match if any, a hint and the user's
explanation).  The first column is a tick box (tick to match by hand); the model keeps the set
of ticked ids and emits ``ticked_changed``.  DisplayRole is formatted text (money via
``format_gbp`` right-aligned, dates dd/mm/yyyy); ``SORT_ROLE`` carries the raw value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from fundledger.money import format_gbp
from fundledger.reconcile import LedgerItem, Match, StatementItem
from fundledger.years import period_label

from .records import LEFT, RIGHT, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 4
MATCHED_BG = QColor("#e8f3ea")
PROPOSED_BG = QColor("#fff4d6")
WARN = QColor("#b3261e")


class Col(IntEnum):
    TICK = 0
    DATE = 1
    PERIOD = 2
    REFERENCE = 3
    COUNTERPARTY = 4
    AMOUNT = 5
    STATUS = 6
    SCORE = 7
    NOTE = 8


HEADERS = {
    Col.TICK: "✓",
    Col.DATE: "Date",
    Col.PERIOD: "Period",
    Col.REFERENCE: "Reference",
    Col.COUNTERPARTY: "Supplier",
    Col.AMOUNT: "Amount",
    Col.STATUS: "Status",
    Col.SCORE: "Score",
    Col.NOTE: "Explanation",
}


@dataclass(frozen=True, slots=True)
class ReconRow:
    item: LedgerItem | StatementItem
    match: Match | None
    #: the suggested category for an unmatched item (timing, journal, duplicate_payment…)
    hint: str = ""
    #: the user's explanation: (category, text)
    explanation: tuple[str, str | None] | None = None
    #: an unmatched item of an earlier period, brought forward: its period
    brought_from: int | None = None

    @property
    def status(self) -> str:
        if self.match is None:
            return "brought forward" if self.brought_from else "unmatched"
        if self.match.method == "manual":
            state = "manual"
        else:
            state = "proposed" if self.match.status == "proposed" else "matched"
        return f"{state} #{self.match.group_id}"

    @property
    def how(self) -> str:
        """How the match was made, for the tooltip."""
        if self.match is None:
            return ""
        m = self.match
        method = {"reference": "by reference", "amount_counterparty": "by amount and supplier",
                  "many": "one to many", "manual": "by hand"}.get(m.method, m.method)  # fmt: skip
        return f"Match #{m.group_id} {method}, score {m.score}, {m.status}"

    @property
    def note(self) -> str:
        if self.explanation is not None:
            cat, text = self.explanation
            label = cat.replace("_", " ")
            return f"{label}: {text}" if text else label
        if self.match is None and self.brought_from:
            return f"from P{self.brought_from:02d}"
        if self.match is None and self.hint:
            return f"({self.hint.replace('_', ' ')}?)"
        return ""


#: a column and its order
SortedBy = tuple[Col, Qt.SortOrder]


class ReconItemsModel(QAbstractTableModel):
    """One side's rows with tick boxes."""

    ticked_changed = Signal()

    def __init__(self, side: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.side = side
        #: every row of the side, in the sort order; ``rows``: those shown (the filter's)
        self.all_rows: list[ReconRow] = []
        self.rows: list[ReconRow] = []
        self.keep: Callable[[ReconRow], bool] | None = None
        self.ticked: set[int] = set()
        #: the column and order the rows are kept in (the view's sort indicator)
        self.sorted_by: SortedBy = (Col.DATE, Qt.SortOrder.AscendingOrder)
        #: counts sorts and new rows: a sort off the GUI thread applies only if still the last
        self.sorting = 0

    def set_rows(self, rows: Sequence[ReconRow], in_order: SortedBy | None = None) -> None:
        """A side's rows (``in_order``: already sorted so, off the GUI thread by
        :func:`ordered`); the model shows those its filter keeps, in its sort order."""
        self.sorting += 1  # a sort still running was of the old rows
        if in_order == self.sorted_by:
            self.all_rows = list(rows)
        else:
            self.all_rows = ordered(rows, self.sorted_by, self.ticked)
        self._show()

    def set_filter(self, keep: Callable[[ReconRow], bool] | None) -> None:
        """Show only the rows ``keep`` keeps (None: all); the order stays, nothing is sorted."""
        self.keep = keep
        self._show()

    def _show(self) -> None:
        self.beginResetModel()
        keep = self.keep
        self.rows = self.all_rows if keep is None else [r for r in self.all_rows if keep(r)]
        self.ticked &= {r.item.id for r in self.rows}
        self.endResetModel()
        self.ticked_changed.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Keep the rows in this column's order; selected and current rows follow their items."""
        if not 0 <= column < len(Col):
            return
        self.sorted_by = (Col(column), order)
        self.sorting += 1
        self._reorder(ordered(self.all_rows, self.sorted_by, self.ticked))

    def sort_later(self, by: SortedBy, run: Callable[..., Any]) -> None:
        """Sort as :meth:`sort`, off the GUI thread: ``run(work, done)`` runs ``work()`` on a
        pool thread and ``done(result)`` on the GUI thread (a big side takes seconds).  A
        newer sort or new rows supersede it."""
        self.sorted_by = by
        self.sorting += 1
        asked, rows, ticked = self.sorting, self.all_rows, frozenset(self.ticked)

        def done(result: list[ReconRow]) -> None:
            if asked == self.sorting:
                self._reorder(result)

        run(lambda: ordered(rows, by, ticked), done)

    def _reorder(self, all_rows: list[ReconRow]) -> None:
        """Show the same rows in a new order; selected and current rows follow their items."""
        self.layoutAboutToBeChanged.emit()
        keep = self.persistentIndexList()
        before = [self.rows[i.row()] if i.isValid() else None for i in keep]
        self.all_rows = all_rows
        shown = self.keep
        self.rows = self.all_rows if shown is None else [r for r in self.all_rows if shown(r)]
        if not keep:  # nothing selected: no map of a million rows
            self.layoutChanged.emit()
            return
        where = {id(r): n for n, r in enumerate(self.rows)}
        self.changePersistentIndexList(keep, [
            QModelIndex() if r is None else self.index(where[id(r)], i.column())
            for i, r in zip(keep, before, strict=True)
        ])  # fmt: skip
        self.layoutChanged.emit()

    def rows_of_group(self, group_id: int) -> list[int]:
        """The rows of one match group."""
        return [n for n, r in enumerate(self.rows)
                if r.match is not None and r.match.group_id == group_id]  # fmt: skip

    def clear_ticks(self) -> None:
        if self.ticked:
            self.ticked.clear()
            if self.rows:
                self.dataChanged.emit(
                    self.index(0, Col.TICK), self.index(len(self.rows) - 1, Col.TICK)
                )
            self.ticked_changed.emit()

    def ticked_rows(self) -> list[ReconRow]:
        if not self.ticked:  # asked at every change of the page: no scan of a million rows
            return []
        return [r for r in self.rows if r.item.id in self.ticked]

    def ticked_total(self) -> Decimal:
        return sum((r.item.amount for r in self.ticked_rows()), Decimal("0.00"))

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Col):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Col(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if section in (Col.AMOUNT, Col.SCORE) else LEFT
            if role == Qt.ItemDataRole.ToolTipRole and section == Col.TICK:
                return "Tick items on both sides, then Match ticked"
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = Col(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and col == Col.TICK:
            ticked = row.item.id in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort(row, col)
        if role == ID_ROLE:
            return row.item.id
        if role == GROUP_ROLE:
            return row.match.group_id if row.match and row.match.group_id is not None else -1
        return self._decoration(row, col, role)

    def _display(self, row: ReconRow, col: Col) -> str:
        i = row.item
        values: dict[Col, str] = {
            Col.TICK: "",
            Col.DATE: i.date.strftime("%d/%m/%Y"),
            Col.PERIOD: period_label(i.charged[1]),
            Col.REFERENCE: i.reference or "",
            Col.COUNTERPARTY: i.counterparty or "",
            Col.AMOUNT: format_gbp(i.amount),
            Col.STATUS: row.status,
            Col.SCORE: str(row.match.score) if row.match else "",
            Col.NOTE: row.note,
        }
        return values[col]

    def _sort(self, row: ReconRow, col: Col) -> Any:
        return sort_key(row, col, self.ticked)

    def _decoration(self, row: ReconRow, col: Col, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col in (Col.AMOUNT, Col.SCORE) else LEFT
        if role == Qt.ItemDataRole.BackgroundRole and row.match is not None:
            return QBrush(PROPOSED_BG if row.match.status == "proposed" else MATCHED_BG)
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.AMOUNT and row.item.amount < 0:
            return QBrush(WARN)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (Col.STATUS, Col.SCORE):
                return row.how or None
            desc = row.item.description or ""
            return f"{desc}\n{row.note}".strip() if col in (Col.REFERENCE, Col.NOTE) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Col.TICK and self.rows[index.row()].match is None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != Col.TICK
            or role != Qt.ItemDataRole.CheckStateRole
            or self.rows[index.row()].match is not None
        ):
            return False
        item_id = self.rows[index.row()].item.id
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self.ticked.add(item_id)
        else:
            self.ticked.discard(item_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit()
        return True


def sort_key(row: ReconRow, col: Col, ticked: Collection[int]) -> Any:
    """The value a column sorts by (plain Python: usable off the GUI thread)."""
    i = row.item
    if col == Col.TICK:
        return int(i.id in ticked)
    if col == Col.DATE:
        return i.date
    if col == Col.PERIOD:
        return i.charged[0] * 100 + i.charged[1]
    if col == Col.AMOUNT:
        return int(i.amount * 100)
    if col == Col.SCORE:
        return row.match.score if row.match else -1
    if col == Col.REFERENCE:
        return i.reference or ""
    if col == Col.COUNTERPARTY:
        return i.counterparty or ""
    if col == Col.STATUS:
        return row.status
    if col == Col.NOTE:
        return row.note
    return ""


def ordered(rows: Sequence[ReconRow], by: SortedBy, ticked: Collection[int]) -> list[ReconRow]:
    """``rows`` sorted by a column (stable: ties keep their order), one key per row."""
    col, order = by
    keys = [sort_key(r, col, ticked) for r in rows]
    perm = sorted(range(len(rows)), key=keys.__getitem__,
                  reverse=order == Qt.SortOrder.DescendingOrder)  # fmt: skip
    return [rows[n] for n in perm]
