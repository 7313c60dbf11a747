"""Variance models: the stream → year → row tree and the one-row-per-stream overview.

Both hold immutable rows from :mod:`ui.usecases.variance` (built off the GUI thread).
DisplayRole is formatted text (money via ``format_gbp``, right-aligned), ``SORT_ROLE`` the raw
value (pence), ``ToolTipRole`` says how each figure is derived, and the RAG column is coloured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from fundledger.money import ReportedNil, format_gbp
from fundledger.variance import VarianceFigures
from ui.usecases.variance import VarianceGroup, VarianceReport, VarianceRow, grouped

from .register import LEFT, NEGATIVE, RIGHT, SORT_ROLE

ROW_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_ROLE = Qt.ItemDataRole.UserRole + 11
Index = QModelIndex | QPersistentModelIndex

RAG_COLOURS = {"green": QColor("#2e7d32"), "amber": QColor("#ef8f00"), "red": QColor("#c62828")}
RAG_TEXT = {"green": "Green", "amber": "Amber", "red": "Red"}


class Col(IntEnum):
    NAME = 0
    ORIGINAL = 1
    VIREMENTS = 2
    REVISED = 3
    COMMITTED = 4
    ACTUAL = 5
    AVAILABLE = 6
    PCT = 7
    RAG = 8
    FORECAST = 9
    FORECAST_VARIANCE = 10
    COMMENT = 11


HEADERS = {
    Col.NAME: "Stream / year / line",
    Col.ORIGINAL: "Original",
    Col.VIREMENTS: "Virements",
    Col.REVISED: "Revised",
    Col.COMMITTED: "Committed",
    Col.ACTUAL: "Actual",
    Col.AVAILABLE: "Available",
    Col.FORECAST: "Forecast",
    Col.FORECAST_VARIANCE: "Fcst variance",
    Col.PCT: "% spent",
    Col.RAG: "RAG",
    Col.COMMENT: "Commentary",
}
MONEY_COLS = {
    Col.ORIGINAL: lambda f: f.original,
    Col.VIREMENTS: lambda f: f.virements,
    Col.REVISED: lambda f: f.revised,
    Col.COMMITTED: lambda f: f.committed,
    Col.ACTUAL: lambda f: f.actual,
    Col.AVAILABLE: lambda f: f.available,
    Col.FORECAST: lambda f: f.forecast,
    Col.FORECAST_VARIANCE: lambda f: f.forecast_variance,
}
_MONEY: dict[Col, Callable[[VarianceFigures], Decimal | None]] = MONEY_COLS


def raw_value(row: VarianceRow, col: Col) -> Any:
    """The raw value of a cell (money as Decimal pounds, % as Decimal, text as str)."""
    f = row.figures
    if col in _MONEY:
        return _MONEY[col](f)
    if col == Col.PCT:
        return f.pct_spent
    if col == Col.RAG:
        return row.rag.status
    if col == Col.COMMENT:
        return row.comment or ""
    return row.key


def display(row: VarianceRow, col: Col, label: str | None = None) -> str:
    value = raw_value(row, col)
    if col in _MONEY:
        return format_gbp(value, blank="–")
    if col == Col.PCT:
        return "–" if value is None else f"{value:.2f}%"
    if col == Col.RAG:
        return RAG_TEXT[row.rag.status]
    if col == Col.NAME and label is not None:
        return label
    return str(value)


def copy_value(row: VarianceRow | None, col: Col, label: str) -> str:
    """The clipboard form of a cell: money and % as plain numbers (a reported Nil as 0.00, so a
    pasted column sums in Excel), blank for no value, the label for the name column."""
    if row is None or col == Col.NAME:
        return label
    value = raw_value(row, col)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if col == Col.RAG:
        return RAG_TEXT[row.rag.status]
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def sort_key(row: VarianceRow, col: Col) -> Any:
    value = raw_value(row, col)
    if isinstance(value, Decimal):
        return int(value * 100)
    if value is None:
        return -(1 << 62)
    if col == Col.RAG:
        return ("green", "amber", "red").index(value)
    return str(value).casefold()


def tooltip(row: VarianceRow, col: Col, as_at: str, kind: str = "row") -> str:
    """How the figure in ``col`` is derived, with its numbers."""
    f, g = row.figures, format_gbp
    tips = {
        Col.ORIGINAL: "Original budget: the budget lines as set (or partner contributions for a "
        "pooled budget, or the year's allocation where no lines exist)",
        Col.VIREMENTS: "Approved virements in less out; pending virements are not counted",
        Col.REVISED: f"Revised {g(f.revised)} = original {g(f.original)} + approved virements "
        f"{g(f.virements)} + carry-forward {g(f.carry_forward)}",
        Col.COMMITTED: "Committed: contract lines profiled to the year less invoiced against "
        f"them to {as_at}, never below £0.00",
        Col.ACTUAL: f"Actual: transactions charged to the year dated on or before {as_at} "
        "(and income raised)"
        + ("; reported as “Nil” (counts as £0.00)" if isinstance(f.actual, ReportedNil) else ""),
        Col.AVAILABLE: f"Available {g(f.available)} = revised {g(f.revised)} − committed "
        f"{g(f.committed)} − actual {g(f.actual)}",
        Col.FORECAST: "Forecast outturn: the latest forecast per line; a line without one "
        "counts at its revised budget",
        Col.FORECAST_VARIANCE: (
            "No forecast entered"
            if f.forecast is None
            else f"Forecast variance {g(f.forecast_variance)} = revised {g(f.revised)} − "
            f"forecast {g(f.forecast)}"
        ),
        Col.PCT: f"% spent = actual {g(f.actual)} ÷ revised {g(f.revised)}, to two decimals",
        Col.RAG: row.rag.rule,
    }
    text = tips.get(col, "")
    if col == Col.NAME:
        return {"stream": "Stream total", "year": "Year total"}.get(kind, row.key)
    if col == Col.COMMENT:
        return "\n".join(row.notes) or row.comment or "No commentary"
    return text


# --------------------------------------------------------------------------- tree


class Node:
    __slots__ = ("children", "kind", "label", "parent", "row")

    def __init__(self, kind: str, label: str, row: VarianceRow | None, parent: Node | None):
        self.kind = kind
        self.label = label
        self.row = row
        self.parent = parent
        self.children: list[Node] = []

    def index_in_parent(self) -> int:
        return 0 if self.parent is None else self.parent.children.index(self)


def over_budget(row: VarianceRow) -> bool:
    return row.figures.over_budget


class VarianceTreeModel(QAbstractItemModel):
    """Stream → year → line (or partner / area / quarter / period) with totals and RAG."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: VarianceReport | None = None
        self.root = Node("root", "", None, None)
        self.only_over = False
        self.only_amber_red = False
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._as_at_text = ""

    # ------------------------------------------------------------------ data in
    def set_report(self, report: VarianceReport | None) -> None:
        self.report = report
        self._as_at_text = f"{report.as_at:%d/%m/%Y}" if report else ""
        self._rebuild()

    def set_filters(self, *, only_over: bool, only_amber_red: bool) -> None:
        self.only_over, self.only_amber_red = only_over, only_amber_red
        self._rebuild()

    def _keep(self, row: VarianceRow) -> bool:
        if self.only_over and not over_budget(row):
            return False
        return not (self.only_amber_red and row.rag.status == "green")

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.root = Node("root", "", None, None)
        for g in grouped(self.report) if self.report else []:
            self._add_group(g)
        if self._sort is not None:
            self._sort_node(self.root, *self._sort)
        self.endResetModel()

    def _add_group(self, g: VarianceGroup) -> None:
        stream = Node("stream", g.label, g.row, self.root)
        for yg in g.children:
            assert isinstance(yg, VarianceGroup)
            year = Node("year", yg.label, yg.row, stream)
            year.children = [
                Node("row", r.key, r, year)
                for r in yg.children
                if isinstance(r, VarianceRow) and self._keep(r)
            ]
            if year.children or not (self.only_over or self.only_amber_red):
                stream.children.append(year)
        if stream.children:
            self.root.children.append(stream)

    # ------------------------------------------------------------------ structure
    def node(self, index: Index) -> Node:
        if not index.isValid():
            return self.root
        n = index.internalPointer()
        assert isinstance(n, Node)
        return n

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        p = self.node(index).parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.index_in_parent(), 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        col = Col(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if col in (Col.NAME, Col.COMMENT) else RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None
        n = index.internalPointer()
        return cell(n.row, Col(index.column()), role, n.kind, n.label, self._as_at_text)

    def copy_rows(self, indexes: list[QModelIndex], headers: bool = True) -> str:
        """Tab-separated text of the rows of ``indexes`` (each once, in the order given)."""
        lines = ["\t".join(HEADERS[c] for c in Col)] if headers else []
        seen: set[int] = set()
        for index in indexes:
            n = self.node(index)
            if id(n) in seen or n is self.root:
                continue
            seen.add(id(n))
            lines.append("\t".join(copy_value(n.row, c, n.label) for c in Col))
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Col):  # no sort column: the report's own order
            if self._sort is not None:
                self._sort = None
                self._rebuild()
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        nodes = [(self.node(i), i.column()) for i in old]
        self._sort_node(self.root, column, order)
        new = [self.createIndex(n.index_in_parent(), c, n) for n, c in nodes]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _sort_node(self, node: Node, column: int, order: Qt.SortOrder) -> None:
        col = Col(column)
        rev = order == Qt.SortOrder.DescendingOrder
        if node.children and node.children[0].kind == "row":
            node.children.sort(key=lambda n: sort_key(n.row, col), reverse=rev)  # type: ignore[arg-type]
        for c in node.children:
            self._sort_node(c, column, order)

    # ------------------------------------------------------------------ helpers
    def leaves(self) -> list[VarianceRow]:
        out: list[VarianceRow] = []
        for s in self.root.children:
            for y in s.children:
                out.extend(n.row for n in y.children if n.row is not None)
        return out


ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        SORT_ROLE,
        ROW_ROLE,
        KIND_ROLE,
    )
)


def cell(row: VarianceRow, col: Col, role: int, kind: str, label: str, as_at: str) -> Any:
    """One cell's data for ``role`` (shared by the tree and overview models)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return display(row, col, label)
    if role == SORT_ROLE:
        return sort_key(row, col)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(LEFT if col in (Col.NAME, Col.COMMENT) else RIGHT)
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(row, col, as_at, kind)
    if role == Qt.ItemDataRole.ForegroundRole:
        return _foreground(row, col)
    if role == Qt.ItemDataRole.BackgroundRole and col == Col.RAG:
        return QBrush(RAG_COLOURS[row.rag.status].lighter(170))
    if role == Qt.ItemDataRole.FontRole and kind in ("stream", "year"):
        font = QFont()
        font.setBold(True)
        return font
    if role == ROW_ROLE:
        return row
    if role == KIND_ROLE:
        return kind
    return None


def _foreground(row: VarianceRow, col: Col) -> Any:
    if col == Col.RAG:
        return QBrush(RAG_COLOURS[row.rag.status].darker(130))
    value = raw_value(row, col)
    if col in (Col.AVAILABLE, Col.FORECAST_VARIANCE) and isinstance(value, Decimal) and value < 0:
        return QBrush(NEGATIVE)
    return None


# --------------------------------------------------------------------------- overview


class OverviewCol(IntEnum):
    STREAM = 0
    YEAR = 1
    REVISED = 2
    COMMITTED = 3
    ACTUAL = 4
    AVAILABLE = 5
    PCT = 6
    RAG = 7


_OVERVIEW = {
    OverviewCol.STREAM: Col.NAME,
    OverviewCol.REVISED: Col.REVISED,
    OverviewCol.COMMITTED: Col.COMMITTED,
    OverviewCol.ACTUAL: Col.ACTUAL,
    OverviewCol.AVAILABLE: Col.AVAILABLE,
    OverviewCol.PCT: Col.PCT,
    OverviewCol.RAG: Col.RAG,
}


class StreamCard:
    """One stream's position for a year and its spend by period (P1…P12)."""

    __slots__ = ("income", "name", "periods", "row")

    def __init__(
        self, row: VarianceRow, name: str, income: bool, periods: Sequence[Decimal]
    ) -> None:
        self.row = row
        self.name = name
        self.income = income
        self.periods = tuple(periods)


class OverviewModel(QAbstractTableModel):
    """One row per stream: revised, committed, actual, available, % spent, RAG."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.cards: list[StreamCard] = []
        self.as_at = ""

    def set_cards(self, cards: Sequence[StreamCard], as_at: str) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.as_at = as_at
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OverviewCol)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(OverviewCol):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            oc = OverviewCol(section)
            return (
                "Year"
                if oc == OverviewCol.YEAR
                else HEADERS[_OVERVIEW[oc]].replace("Stream / year / line", "Stream")
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        oc = OverviewCol(index.column())
        if oc == OverviewCol.YEAR:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return card.row.year_code
            return None
        return cell(card.row, _OVERVIEW[oc], role, "stream", card.name, self.as_at)
